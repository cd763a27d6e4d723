'use strict';
/**
 * The stack's side of the settings of src/config.ts (bundled here by esbuild in memory), so that a
 * setting is written once:
 * - `parameterDefaults`: serverless.yml's `params.default`, the defaults of the parameters the
 *   settings come from (`stackParameterDefaults`) and of the others (`custom.stackParameters`);
 * - `environments`: each function's `environment`, the variables of the settings it reads
 *   (`stackEnvironment`), as `${param:…}` or the setting's own value, which Serverless resolves;
 * - `checkStackSettings`, which ./package-conditions runs on the resolved service.
 *
 * The package-time check of the stack parameters that become settings (numbers, enumerations,
 * lists, names): each function's resolved environment is validated by the functions' own
 * configuration code (src/config.ts, bundled here by esbuild in memory), so a value the functions
 * would refuse at cold start (`costDays=abc`, `notify=sometimes`) stops `serverless package` and
 * `deploy` before anything is built, naming the stack parameter, the variable and the value. Values
 * CloudFormation computes (an `Fn::If`) are left to the functions.
 *
 * Also the integer parameters no function reads (`integerParams` of `custom.packageConditions`:
 * `name: { value, min, max }`).
 */
const { buildSync } = require('esbuild');
const Module = require('node:module');
const path = require('node:path');

/** The bundles of src/config.ts already made, by root (serverless.yml asks several times). */
const bundles = new Map();

/** src/config.ts as a CommonJS module, bundled in memory (its dependencies are resolved from root). */
function loadSettings(root) {
  if (!bundles.has(root)) bundles.set(root, bundleSettings(root));
  return bundles.get(root);
}

function bundleSettings(root) {
  const entry = path.join(root, 'src', 'config.ts');
  const built = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The packages' ES modules, as the CLI and Lambda bundles read them (a UMD build's dynamic
    // requires cannot be bundled).
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  const filename = path.join(root, 'src', 'config.bundled.js');
  const loaded = new Module(filename);
  loaded.filename = filename;
  loaded.paths = Module._nodeModulePaths(path.dirname(filename));
  loaded._compile(built.outputFiles[0].text, filename);
  return loaded.exports;
}

/**
 * The problems of the functions' environments, one line each naming the stack parameter (when a
 * setting has one), the variable and the value.
 *
 * @param settings the exports of src/config.ts
 * @param functions the resolved function definitions, by name
 * @param providerEnvironment the environment every function gets
 */
function environmentProblems(settings, functions, providerEnvironment) {
  const problems = new Set();
  for (const [name, definition] of Object.entries(functions || {})) {
    if (!settings.LAMBDA_FUNCTIONS.includes(name)) continue;
    const env = {};
    const merged = { ...providerEnvironment, ...((definition || {}).environment || {}) };
    for (const [variable, value] of Object.entries(merged)) {
      if (['string', 'number', 'boolean'].includes(typeof value)) env[variable] = String(value);
    }
    const checked = settings.checkEnvironment(env, name);
    for (const problem of checked.problems) {
      const variable = problem.split(':')[0];
      const placed = settings.SETTING_LIST.find((entry) => entry.setting.variable === variable);
      const parameter = placed && placed.setting.stack && placed.setting.stack.parameter;
      problems.add(parameter ? `${parameter} (${problem})` : problem);
    }
  }
  return [...problems];
}

/**
 * The problems of the integer parameters: each `{ value, min, max }` a whole number in bounds.
 *
 * @param {Record<string, {value: unknown, min: number, max: number}>} integerParams
 */
function integerProblems(integerParams) {
  const problems = [];
  for (const [name, spec] of Object.entries(integerParams || {})) {
    const text = String(spec.value);
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || value < spec.min || value > spec.max) {
      problems.push(
        `${name}: ${JSON.stringify(spec.value)} is not a whole number from ${spec.min} to ${spec.max}`,
      );
    }
  }
  return problems;
}

/**
 * Checks the stack parameters of a resolved service.
 *
 * @throws {Error} naming every parameter whose value the functions or the stack would refuse
 */
function checkStackSettings(service, root, integerParams) {
  const settings = loadSettings(root);
  const problems = [
    ...integerProblems(integerParams),
    ...environmentProblems(settings, service.functions, (service.provider || {}).environment),
  ];
  if (problems.length > 0) {
    throw new Error(
      `invalid stack parameter${problems.length > 1 ? 's' : ''}: ${problems.join('; ')}`,
    );
  }
}

/** The service's root: this file is deploy/stack-settings.js. */
const ROOT = path.join(__dirname, '..');

/**
 * Every stack parameter's default: the settings' (src/config.ts) and `others`, the parameters no
 * setting comes from.
 *
 * @param settings the exports of src/config.ts
 * @param {Record<string, unknown>} others
 * @throws {Error} naming a parameter that both declare
 */
function parameterDefaultsOf(settings, others) {
  const own = settings.stackParameterDefaults();
  const both = Object.keys(others || {}).filter((name) => name in own);
  if (both.length > 0) {
    throw new Error(
      `custom.stackParameters: ${both.join(', ')} come${both.length > 1 ? '' : 's'} from a setting (src/config.ts); leave ${both.length > 1 ? 'them' : 'it'} out`,
    );
  }
  return { ...own, ...others };
}

/** Every function's environment, by function (serverless.yml names them `environments.<name>`). */
function environmentsOf(settings) {
  return Object.fromEntries(
    settings.LAMBDA_FUNCTIONS.map((name) => [name, settings.stackEnvironment(name)]),
  );
}

module.exports = {
  loadSettings,
  environmentProblems,
  integerProblems,
  checkStackSettings,
  parameterDefaultsOf,
  environmentsOf,
  /** serverless.yml's `params.default` (a `${file(...)}` source). */
  parameterDefaults: async ({ resolveVariable }) =>
    parameterDefaultsOf(loadSettings(ROOT), await resolveVariable('self:custom.stackParameters')),
  /** The functions' environments (`${file(./deploy/stack-settings.js):environments.<name>}`). */
  environments: async () => environmentsOf(loadSettings(ROOT)),
};
