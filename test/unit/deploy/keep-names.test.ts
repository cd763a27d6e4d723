/**
 * Error names survive minification. The logs, the CLI's messages and the organization run's failed
 * accounts (the state machine's `$.error.Error`, read by the aggregate function) show an error's
 * `name`. Minified, a class is renamed, so each error class names itself (`name`, src/errors.ts):
 * the CLI is built without esbuild's `keepNames` (which costs CPU on every named function the
 * bundle creates at run time), the Lambda bundles with it (their command classes are read from the
 * names it keeps, test/helpers/bundle-commands.ts). These tests bundle every module of `src` that
 * exports an error class as the CLI is built and read the names back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');

/** An exported error class: `export class X extends …Error`. */
const EXPORTED_ERROR_CLASS = /^export class \w+ extends \w*Error\b/m;

/** Every module of src that exports an error class, as `./src/…` import paths. */
function errorModules(): string[] {
  return readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => EXPORTED_ERROR_CLASS.test(readFileSync(join(ROOT, 'src', file), 'utf8')))
    .map((file) => `./${relative(ROOT, join(ROOT, 'src', file)).replace(/\.ts$/, '')}`)
    .sort();
}

type Exports = Record<string, unknown>;

/** The exports of `modules`, as a minified bundle built with `options` exports them. */
function bundled(modules: readonly string[], options: { keepNames: boolean }): Exports {
  const contents = modules.map((module) => `export * from '${module}';`).join('\n');
  const [output] = buildSync({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    write: false,
    minify: true,
    ...options,
  }).outputFiles;
  const module = { exports: {} as Exports };
  // Run in this realm, so that the bundle's classes extend this Error.
  const load = new Function('module', 'exports', 'require', output?.text ?? '') as (
    ...args: unknown[]
  ) => void;
  load(module, module.exports, require);
  return module.exports;
}

type ErrorClass = new (...args: never[]) => Error;

function errorClasses(exported: Exports): [string, ErrorClass][] {
  return Object.entries(exported).filter(
    (entry): entry is [string, ErrorClass] =>
      typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
  );
}

/**
 * The `name` of an instance of the class (a field, set by its constructor). Every constructor
 * parameter gets one value that serves as a message, a list and an options object with a cause.
 */
function instanceName(errorClass: ErrorClass): string {
  const anything = Object.assign(['value'], { cause: new Error('cause') });
  const construct = errorClass as unknown as new (...args: unknown[]) => Error;
  return new construct(anything, anything, anything, anything).name;
}

describe('error names in the built bundles', () => {
  it('the Lambda bundles are minified with keepNames, the CLI is minified without', () => {
    // Prepare
    const stack = parse(readFileSync(join(ROOT, 'serverless.yml'), 'utf8')) as {
      custom: { esbuild: { minify?: boolean; keepNames?: boolean } };
    };
    const cliBuild = readFileSync(join(ROOT, 'scripts', 'build-cli.mjs'), 'utf8');

    // Act
    const lambda = stack.custom.esbuild;
    const cli = {
      minify: /\bminify: true\b/.test(cliBuild),
      keepNames: /\bkeepNames: true\b/.test(cliBuild),
    };

    // Assess
    expect({ minify: lambda.minify, keepNames: lambda.keepNames }).toEqual({
      minify: true,
      keepNames: true,
    });
    expect(cli).toEqual({ minify: true, keepNames: false });
  });

  it('every error class of src names itself, so a minified bundle without keepNames keeps the names', () => {
    // Prepare
    const modules = errorModules();
    const exported = bundled(modules, { keepNames: false });

    // Act
    const named = errorClasses(exported).map(
      ([exportName, errorClass]) => [exportName, instanceName(errorClass)] as const,
    );

    // Assess
    expect(modules.length).toBeGreaterThan(15);
    expect(named.length).toBeGreaterThan(25);
    for (const [exportName, name] of named) {
      // DeadlineExceededError names itself after the errors[] code it reports.
      expect([exportName, name]).toEqual([
        exportName,
        exportName === 'DeadlineExceededError' ? 'DeadlineExceeded' : exportName,
      ]);
    }
  });
});
