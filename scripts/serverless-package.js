'use strict';
/**
 * `serverless package` as CI runs it, for `npm run package` and for the tests that package variants
 * of the stack: no credentials, no AWS configuration, an empty HOME, so that a package can depend on
 * nothing of the developer's.
 *
 * One thing is kept between runs: the validator Serverless compiles from its configuration schema
 * (with ajv), about half the CPU of a packaging (a refused one costs nearly as much as a built one).
 * Serverless caches it under HOME, which is new each time here, so every packaging compiled it
 * again. `SLS_SCHEMA_CACHE_BASE_DIR` points that cache at node_modules/.cache instead: the file is
 * named by the hash of the schema, which comes only from the installed Serverless and the plugins
 * serverless.yml names, never from the user or the machine.
 */
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/**
 * Runs `serverless package ...args` in `cwd` with the Serverless installed under `root`.
 *
 * @param {{ root: string, cwd?: string, args?: readonly string[], stdio?: 'pipe' | 'inherit' }} options
 * @returns {string} what it wrote to stdout (empty when `stdio` is `inherit`)
 * @throws {Error} execFileSync's error (with `stdout` and `stderr` when piped) when it fails
 */
function serverlessPackage({ root, cwd = root, args = [], stdio = 'pipe' }) {
  const home = mkdtempSync(join(tmpdir(), 'vpce-auditor-sls-home-'));
  try {
    const output = execFileSync(
      join(root, 'node_modules', '.bin', 'serverless'),
      ['package', ...args],
      {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          SLS_SCHEMA_CACHE_BASE_DIR: join(root, 'node_modules', '.cache', 'osls'),
        },
        stdio,
        encoding: 'utf8',
      },
    );
    return output ?? '';
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

module.exports = { serverlessPackage };
