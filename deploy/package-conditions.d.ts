/** Types of the package-time conditions plugin (deploy/package-conditions.js), for its tests. */

/** `custom.packageConditions` of serverless.yml, resolved. */
export interface PackageConditionsConfig {
  booleanParams?: Record<string, unknown>;
  conditions?: Record<string, unknown>;
}

/** A compiled CloudFormation template, loosely typed. */
export interface Template {
  Resources: Record<string, Record<string, unknown>>;
  Outputs?: Record<string, Record<string, unknown>>;
  [section: string]: unknown;
}

/** Each value exactly `true`/`false`; throws naming every other one. */
export function parseBooleanParams(booleanParams: Record<string, unknown>): Record<string, boolean>;
/** Every boolean parameter and named condition, evaluated. */
export function evaluateConditions(
  config: PackageConditionsConfig | undefined,
): Record<string, boolean>;
/** Applies the conditions to the template, in place, and returns it. */
export function applyToTemplate(template: Template, conditions: Record<string, boolean>): Template;
