'use strict';
/**
 * The organization state machine's definition for serverless.yml
 * (`${file(./deploy/org-state-machine.js):definition}`): deploy/org-state-machine.asl.json with its
 * `MaxConcurrency` set from the `orgMaxConcurrency` parameter while packaging (a number in the
 * template, not a string substitution), checked to be a whole number from 1 to 10000 (the most
 * child executions a distributed map runs at once).
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** The path of the definition, for tests that validate it. */
const DEFINITION_PATH = join(module.path, 'org-state-machine.asl.json');

/**
 * The definition with `MaxConcurrency` set.
 *
 * @param {unknown} value the parameter's value (`40`, or the string `"40"` from --param)
 */
function definitionWith(value) {
  const text = String(value).trim();
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < 1 || number > 10000) {
    throw new Error(
      `invalid stack parameter: orgMaxConcurrency: ${JSON.stringify(value)} is not a whole number from 1 to 10000`,
    );
  }
  const definition = JSON.parse(readFileSync(DEFINITION_PATH, 'utf8'));
  definition.States.AuditAccounts.MaxConcurrency = number;
  return definition;
}

module.exports.definition = async ({ resolveVariable }) =>
  definitionWith(await resolveVariable('param:orgMaxConcurrency'));
module.exports.definitionWith = definitionWith;
module.exports.DEFINITION_PATH = DEFINITION_PATH;
