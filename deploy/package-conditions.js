'use strict';
/**
 * A local Serverless Framework plugin: stack choices made while packaging instead of by
 * CloudFormation conditions on values that are already fixed (cfn-lint reports those as constant
 * conditions, and a case-sensitive condition once let IAM disagree with the functions).
 *
 * serverless.yml declares, under `custom.packageConditions`:
 * - `booleanParams`: `name: ${param:name}` for each stack parameter that is a switch. The value must
 *   be exactly `true` or `false` (the strings, or YAML booleans); anything else (`TRUE`, `yes`, `1`,
 *   empty) stops `serverless package`/`deploy` with an error naming the parameter and its value.
 *   Each boolean parameter is also a condition of the same name.
 * - `integerParams`: `name: { value: ${param:name}, min, max }` for each whole-number parameter no
 *   function reads (those the functions read are checked by ./stack-settings against their
 *   settings, as every other parameter that becomes a variable is).
 * - `conditions`: further named conditions on resolved values, built from `Equals: [a, b]`,
 *   `Not: c`, `And: [c…]`, `Or: [c…]` and the names of other conditions.
 *
 * In the `resources` of serverless.yml (and the function environments), `Fn::If: [name, then,
 * else]` and a resource's or output's `Condition: name` that name one of these conditions are
 * decided while packaging: the chosen branch replaces the `Fn::If` (a `Ref: AWS::NoValue` branch
 * removes the list item or key), and a resource or output whose condition is false is left out of
 * the template. Conditions declared in the template's own `Conditions` are left to CloudFormation.
 *
 * It also drops the `DependsOn` entries Serverless adds for a function's role: the function's
 * `Fn::GetAtt` of the role already orders them (cfn-lint W3005).
 *
 * Hand-written: no maintained plugin validates parameters or evaluates package-time conditions.
 */

const { checkStackSettings } = require('./stack-settings');

/** The keys of serverless.yml the plugin reads. */
const CONFIG_KEY = 'packageConditions';

/** A configuration error Serverless prints without a stack trace. */
function configurationError(serverless, message) {
  const ServerlessError = serverless && serverless.classes && serverless.classes.Error;
  return ServerlessError ? new ServerlessError(message) : new Error(message);
}

function describe(value) {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/**
 * Validates the boolean parameters: each value is exactly `true` or `false`.
 *
 * @param {Record<string, unknown>} booleanParams resolved values by parameter name
 * @returns {Record<string, boolean>} the values as booleans
 * @throws {Error} naming every parameter whose value is anything else
 */
function parseBooleanParams(booleanParams) {
  const values = {};
  const problems = [];
  for (const [name, raw] of Object.entries(booleanParams || {})) {
    if (raw === true || raw === 'true') values[name] = true;
    else if (raw === false || raw === 'false') values[name] = false;
    else problems.push(`${name}: ${describe(raw)} is not true or false (exactly, in lower case)`);
  }
  if (problems.length > 0) {
    throw new Error(
      `invalid stack parameter${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}`,
    );
  }
  return values;
}

/**
 * Evaluates the named conditions (booleans first, then `conditions` in any order of reference).
 *
 * @returns {Record<string, boolean>}
 * @throws {Error} on an unknown name, a cycle or a malformed condition
 */
function evaluateConditions(config) {
  const values = parseBooleanParams((config || {}).booleanParams);
  const definitions = (config || {}).conditions || {};
  for (const name of Object.keys(definitions)) {
    if (name in values) throw new Error(`condition ${name} is also a boolean parameter`);
  }
  const visiting = new Set();
  const evaluate = (expression, where) => {
    if (typeof expression === 'string') return valueOf(expression, where);
    if (expression && typeof expression === 'object' && !Array.isArray(expression)) {
      const keys = Object.keys(expression);
      if (keys.length === 1) {
        const [key] = keys;
        const argument = expression[key];
        if (key === 'Equals' && Array.isArray(argument) && argument.length === 2) {
          return JSON.stringify(argument[0]) === JSON.stringify(argument[1]);
        }
        if (key === 'Not') return !evaluate(argument, where);
        if ((key === 'And' || key === 'Or') && Array.isArray(argument) && argument.length > 0) {
          const results = argument.map((item) => evaluate(item, where));
          return key === 'And' ? results.every(Boolean) : results.some(Boolean);
        }
      }
    }
    throw new Error(
      `condition ${where}: ${describe(expression)} is not a condition name, Equals: [a, b], Not, And or Or`,
    );
  };
  const valueOf = (name, where) => {
    if (name in values) return values[name];
    if (!(name in definitions)) throw new Error(`condition ${where}: unknown condition ${name}`);
    if (visiting.has(name)) throw new Error(`condition ${name} refers to itself`);
    visiting.add(name);
    values[name] = evaluate(definitions[name], name);
    visiting.delete(name);
    return values[name];
  };
  for (const name of Object.keys(definitions)) valueOf(name, name);
  return values;
}

const REMOVE = Symbol('remove');

function isNoValue(node) {
  return (
    node !== null &&
    typeof node === 'object' &&
    Object.keys(node).length === 1 &&
    node.Ref === 'AWS::NoValue'
  );
}

/**
 * Replaces every `Fn::If` on a package-time condition by its chosen branch, recursively (a
 * `Ref: AWS::NoValue` branch removes the enclosing list item or key).
 */
function resolveIfs(node, conditions) {
  if (Array.isArray(node)) {
    return node.map((item) => resolveIfs(item, conditions)).filter((item) => item !== REMOVE);
  }
  if (node === null || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === 'Fn::If') {
    const [name, whenTrue, whenFalse] = node['Fn::If'];
    if (typeof name === 'string' && name in conditions) {
      const chosen = conditions[name] ? whenTrue : whenFalse;
      return isNoValue(chosen) ? REMOVE : resolveIfs(chosen, conditions);
    }
  }
  const result = {};
  for (const key of keys) {
    const value = resolveIfs(node[key], conditions);
    if (value !== REMOVE) result[key] = value;
  }
  return result;
}

/** Keeps the entries of a section (Resources, Outputs) whose package-time condition holds. */
function filterSection(section, conditions) {
  const kept = {};
  for (const [logicalId, entry] of Object.entries(section || {})) {
    const name = entry && entry.Condition;
    if (typeof name === 'string' && name in conditions) {
      if (!conditions[name]) continue;
      const copy = { ...entry };
      delete copy.Condition;
      kept[logicalId] = copy;
    } else {
      kept[logicalId] = entry;
    }
  }
  return kept;
}

/** Drops a function's `DependsOn` on the role its `Role: Fn::GetAtt` already names. */
function dropRedundantRoleDependencies(resources) {
  for (const resource of Object.values(resources)) {
    const role = resource.Properties && resource.Properties.Role;
    const roleId = role && Array.isArray(role['Fn::GetAtt']) ? role['Fn::GetAtt'][0] : undefined;
    if (roleId === undefined || resource.DependsOn === undefined) continue;
    const remaining = [].concat(resource.DependsOn).filter((id) => id !== roleId);
    if (remaining.length === 0) delete resource.DependsOn;
    else resource.DependsOn = remaining;
  }
}

/**
 * Applies the package-time conditions to a compiled template, in place: resources and outputs
 * kept or left out, `Fn::If`s replaced by their branch, redundant role dependencies dropped.
 */
function applyToTemplate(template, conditions) {
  template.Resources = resolveIfs(filterSection(template.Resources, conditions), conditions);
  if (template.Outputs) {
    template.Outputs = resolveIfs(filterSection(template.Outputs, conditions), conditions);
  }
  dropRedundantRoleDependencies(template.Resources);
  return template;
}

class PackageConditionsPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    if (serverless.configSchemaHandler && serverless.configSchemaHandler.defineCustomProperties) {
      serverless.configSchemaHandler.defineCustomProperties({
        type: 'object',
        properties: {
          [CONFIG_KEY]: {
            type: 'object',
            properties: {
              booleanParams: { type: 'object' },
              integerParams: { type: 'object' },
              conditions: { type: 'object' },
            },
            additionalProperties: false,
          },
        },
      });
    }
    this.hooks = {
      // Before anything is built: a wrong spelling stops the packaging at once.
      'before:package:initialize': () => {
        this.conditions();
        this.checkSettings();
      },
      'after:aws:package:finalize:mergeCustomProviderResources': () => {
        applyToTemplate(
          this.serverless.service.provider.compiledCloudFormationTemplate,
          this.conditions(),
        );
      },
    };
  }

  /** The parameters the functions read, and the integer ones (./stack-settings). */
  checkSettings() {
    const service = this.serverless.service;
    try {
      checkStackSettings(
        service,
        this.serverless.serviceDir || process.cwd(),
        ((service.custom || {})[CONFIG_KEY] || {}).integerParams,
      );
    } catch (error) {
      throw configurationError(this.serverless, error.message);
    }
  }

  conditions() {
    try {
      return evaluateConditions((this.serverless.service.custom || {})[CONFIG_KEY]);
    } catch (error) {
      throw configurationError(this.serverless, error.message);
    }
  }
}

module.exports = PackageConditionsPlugin;
module.exports.parseBooleanParams = parseBooleanParams;
module.exports.evaluateConditions = evaluateConditions;
module.exports.applyToTemplate = applyToTemplate;
