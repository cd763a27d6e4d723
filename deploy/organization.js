'use strict';
/**
 * What serverless.yml takes from the `organization` parameter while packaging (the parameter itself
 * is validated by ./package-conditions, `true` or `false` exactly):
 * - `functions`: the organization engine's three functions (custom.organizationFunctions) with
 *   `organization=true`, none otherwise;
 * - `auditEvents`: the single-account audit's nightly schedule with `organization=false`; none with
 *   `organization=true`, where the schedule starts the state machine instead.
 */

async function organizationOn(resolveVariable) {
  const value = await resolveVariable('param:organization');
  return value === true || value === 'true';
}

module.exports.functions = async ({ resolveVariable }) =>
  (await organizationOn(resolveVariable))
    ? resolveVariable('self:custom.organizationFunctions')
    : {};

module.exports.auditEvents = async ({ resolveVariable }) =>
  (await organizationOn(resolveVariable))
    ? []
    : [
        {
          schedule: {
            rate: await resolveVariable('param:schedule'),
            description: 'vpce-auditor nightly audit',
          },
        },
      ];
