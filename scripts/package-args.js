'use strict';
/**
 * The command line of `npm run package`: `--check`, `--if-stale`, and what `serverless package`
 * takes to package a variant of the stack (`--param name=value`, `--stage`, `--region`), passed on
 * as given. Anything else is refused: a dropped `--param="organization=true"` once packaged the
 * single-account stack without a word.
 */

/** Flags passed on to `serverless package`, each with a value. */
const FORWARDED = ['--param', '--stage', '--region'];

/**
 * Reads the arguments after `npm run package --`.
 *
 * @param {readonly string[]} argv
 * @returns {{ mode: 'check' | 'if-stale' | 'package', serverless: string[] }}
 * @throws {Error} naming the argument that is not understood
 */
function packageArguments(argv) {
  let mode = 'package';
  const serverless = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--check' || arg === '--if-stale') {
      mode = arg.slice(2);
      continue;
    }
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!FORWARDED.includes(flag)) {
      throw new Error(
        `package: ${JSON.stringify(arg)} is not understood (use --check, --if-stale, --param name=value, --stage NAME or --region NAME)`,
      );
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[index + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        index += 1;
      }
    }
    if (flag === '--param' && (value === undefined || !/^[^=]+=/.test(value))) {
      throw new Error(`package: --param needs name=value, got ${JSON.stringify(value ?? '')}`);
    }
    if (value === undefined || value === '') {
      throw new Error(`package: ${flag} needs a value`);
    }
    serverless.push(`${flag}=${value}`);
  }
  return { mode, serverless };
}

module.exports = { packageArguments };
