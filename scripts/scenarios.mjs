// Keeps test/fixtures/scenarios and test/fixtures/scenarios-ipv6 verbatim copies of the shared
// routing conformance suites (../shared/scenarios and ../shared/scenarios-ipv6 beside the
// checkout, where the maintainers keep them).
//   node scripts/scenarios.mjs check   exit 1 when a file differs, is missing or is extra
//   node scripts/scenarios.mjs sync    copy the shared files in (and remove stale copies)
// Without ../shared (a plain clone), there is nothing to compare: it says so and exits 0.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SUITES = ['scenarios', 'scenarios-ipv6'];
const mode = process.argv[2];

if (mode !== 'check' && mode !== 'sync') {
  console.error('usage: node scripts/scenarios.mjs check|sync');
  process.exit(2);
}
const jsonIn = (dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.endsWith('.json'))
        .sort()
    : [];

let failed = false;
for (const suite of SUITES) {
  const shared = join(root, '..', 'shared', suite);
  const local = join(root, 'test', 'fixtures', suite);
  if (!existsSync(shared)) {
    console.log(`${suite}: ${shared} not found, nothing to compare`);
    continue;
  }
  const sharedFiles = jsonIn(shared);
  const localFiles = jsonIn(local);
  const problems = [];
  for (const file of sharedFiles) {
    const copy = join(local, file);
    if (!existsSync(copy)) problems.push(`missing ${file}`);
    else if (!readFileSync(copy).equals(readFileSync(join(shared, file))))
      problems.push(`differs ${file}`);
  }
  for (const file of localFiles) if (!sharedFiles.includes(file)) problems.push(`extra ${file}`);

  if (mode === 'sync') {
    mkdirSync(local, { recursive: true });
    for (const file of sharedFiles) copyFileSync(join(shared, file), join(local, file));
    for (const file of localFiles) if (!sharedFiles.includes(file)) rmSync(join(local, file));
    console.log(
      `${suite}: ${sharedFiles.length} copied${problems.length ? ` (${problems.join(', ')})` : ''}`,
    );
  } else if (problems.length > 0) {
    console.error(
      `${suite} out of sync with ${shared}: ${problems.join(', ')}\nrun: npm run scenarios:sync`,
    );
    failed = true;
  } else {
    console.log(`${suite}: ${sharedFiles.length} in sync with ${shared}`);
  }
}
if (failed) process.exit(1);
