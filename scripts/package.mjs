// Packages the Lambda functions the way CI does: `serverless package` with no credentials, no AWS
// configuration and an empty HOME, so the package cannot depend on anything of the developer's.
// `--if-stale` packages only when .serverless/ is missing or older than what goes into it (`npm
// test` runs it first, so the packaged-artifact tests never read an old package and jest itself
// never packages); `--check` packages nothing and exits 1 with the reason when it is stale.
// `--param name=value`, `--stage` and `--region` go on to `serverless package` (a variant of the
// stack, e.g. `npm run package -- --param="organization=true"`); anything else stops with exit 2.
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mtimes from './newest-mtime.js';
import packageArgs from './package-args.js';
import serverless from './serverless-package.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_DIR = join(ROOT, '.serverless');
const TEMPLATE = join(PACKAGE_DIR, 'cloudformation-template-update-stack.json');
/** The arguments the package in .serverless/ was made with (a package of other parameters is stale). */
const PARAMS_FILE = join(PACKAGE_DIR, 'package-arguments.json');
/** What the package is made of: a change to any of these makes it stale. */
export const PACKAGE_INPUTS = [
  'serverless.yml',
  'package-lock.json',
  'handlers',
  'src',
  'deploy',
  'build',
];

function packagedWith() {
  try {
    return JSON.parse(readFileSync(PARAMS_FILE, 'utf8'));
  } catch {
    return [];
  }
}

/** Why the package cannot be used as it is, or undefined when it is up to date. */
function staleness(serverlessArgs) {
  if (!existsSync(TEMPLATE)) return '.serverless/ holds no package';
  const before = packagedWith();
  if (JSON.stringify(before) !== JSON.stringify(serverlessArgs)) {
    return `.serverless/ was packaged with ${before.length > 0 ? before.join(' ') : 'no arguments'}, not ${serverlessArgs.length > 0 ? serverlessArgs.join(' ') : 'no arguments'}`;
  }
  const zips = readdirSync(PACKAGE_DIR).filter((name) => name.endsWith('.zip'));
  if (zips.length === 0) return '.serverless/ holds no function zip';
  const built = statSync(TEMPLATE).mtimeMs;
  const newer = PACKAGE_INPUTS.filter((input) => mtimes.newestMtime(join(ROOT, input)) > built);
  return newer.length > 0 ? `.serverless/ is older than ${newer.join(', ')}` : undefined;
}

let parsed;
try {
  parsed = packageArgs.packageArguments(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const stale = staleness(parsed.serverless);
if (parsed.mode === 'check') {
  if (stale !== undefined) {
    console.error(`${stale}: run \`npm run package\` (npm test runs it first)`);
    process.exitCode = 1;
  }
} else if (parsed.mode === 'if-stale' && stale === undefined) {
  console.error('package: .serverless/ is up to date');
} else {
  rmSync(PACKAGE_DIR, { recursive: true, force: true });
  serverless.serverlessPackage({ root: ROOT, args: parsed.serverless, stdio: 'inherit' });
  writeFileSync(PARAMS_FILE, `${JSON.stringify(parsed.serverless)}\n`);
}
