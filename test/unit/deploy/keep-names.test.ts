/**
 * Error names survive minification. Each error class takes its `name` from `new.target.name`
 * (src/errors.ts); the logs, the CLI's messages and the organization run's failed accounts (the
 * state machine's `$.error.Error`, read by the aggregate function) show it. Minified, a class is
 * renamed; esbuild's `keepNames` gives it back its name. These tests bundle the error classes with the
 * options of the Lambda bundles and of the CLI and read the names back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');

/** Modules whose exported error classes the bundle carries. */
const ERROR_MODULES = [
  './src/errors',
  './src/collect/collect-errors',
  './src/accounts/organization-errors',
  './src/publish/publish-error',
  './src/store/report-store',
];

type Exports = Record<string, unknown>;

/** The error classes of ERROR_MODULES, as a minified bundle built with `options` exports them. */
function bundledErrorClasses(options: { minify: boolean; keepNames: boolean }): Exports {
  const contents = ERROR_MODULES.map((module) => `export * from '${module}';`).join('\n');
  const [output] = buildSync({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['@aws-sdk/*', '@smithy/*'],
    write: false,
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

function errorClassNames(exported: Exports): [string, string][] {
  return Object.entries(exported)
    .filter(
      (entry): entry is [string, new (...args: never[]) => Error] =>
        typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
    )
    .map(([exportName, errorClass]) => [exportName, errorClass.name]);
}

describe('error names in the built bundles', () => {
  it('the Lambda bundles and the CLI are minified with keepNames', () => {
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
    expect(cli).toEqual({ minify: true, keepNames: true });
  });

  it('keep every error class its name, so an error thrown there is named after its class', () => {
    // Prepare
    const exported = bundledErrorClasses({ minify: true, keepNames: true });
    const ConfigurationError = exported.ConfigurationError as new (message: string) => Error;

    // Act
    const names = errorClassNames(exported);
    const thrown = new ConfigurationError('REGIONS: "mars-1" is not a region');

    // Assess
    expect(names.length).toBeGreaterThan(8);
    expect(names.filter(([exportName, name]) => exportName !== name)).toEqual([]);
    expect(thrown.name).toBe('ConfigurationError');
  });

  it('would lose the names without keepNames (what the option is there for)', () => {
    // Act
    const names = errorClassNames(bundledErrorClasses({ minify: true, keepNames: false }));

    // Assess
    expect(names.filter(([exportName, name]) => exportName !== name).length).toBeGreaterThan(0);
  });
});
