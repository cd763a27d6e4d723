// Keeps test/fixtures/scenarios a verbatim copy of the shared routing conformance suite
// (../shared/scenarios beside the checkout, where the maintainers keep it).
//   node scripts/scenarios.mjs check   exit 1 when a file differs, is missing or is extra
//   node scripts/scenarios.mjs sync    copy the shared files in (and remove stale copies)
// Without ../shared (a plain clone), there is nothing to compare: it says so and exits 0.
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'scenarios');
const local = join(root, 'test', 'fixtures', 'scenarios');
const mode = process.argv[2];

if (mode !== 'check' && mode !== 'sync') {
  console.error('usage: node scripts/scenarios.mjs check|sync');
  process.exit(2);
}
if (!existsSync(shared)) {
  console.log(`scenarios: ${shared} not found, nothing to compare`);
  process.exit(0);
}
const jsonIn = (dir) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort();
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
  for (const file of sharedFiles) copyFileSync(join(shared, file), join(local, file));
  for (const file of localFiles) if (!sharedFiles.includes(file)) rmSync(join(local, file));
  console.log(
    `scenarios: ${sharedFiles.length} copied${problems.length ? ` (${problems.join(', ')})` : ''}`,
  );
} else if (problems.length > 0) {
  console.error(
    `scenarios out of sync with ${shared}: ${problems.join(', ')}\nrun: npm run scenarios:sync`,
  );
  process.exit(1);
} else {
  console.log(`scenarios: ${sharedFiles.length} in sync with ${shared}`);
}
