/**
 * Where the time of `audit --snapshot FILE --format json` goes, stage by stage, in one process:
 * read, parse, validate, analyze, format, write (and the heap after each). Run by bench/analysis.ts,
 * or alone: `npx tsx bench/analysis-stages.ts SNAPSHOT`.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeSnapshot } from '../src/analysis/analyze';
import { jsonReportChunks } from '../src/format/json';
import { parseSnapshot } from '../src/snapshot/load';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: analysis-stages SNAPSHOT');
  process.exit(2);
}

const rows: string[] = [];
let last = performance.now();
function row(name: string, ms: number): void {
  const heap = process.memoryUsage();
  rows.push(
    `  ${name.padEnd(9)} ${ms.toFixed(0).padStart(6)} ms   heap ${(heap.heapUsed / 2 ** 20).toFixed(0).padStart(4)} MiB, rss ${(heap.rss / 2 ** 20).toFixed(0).padStart(4)} MiB`,
  );
}
function stage<T>(name: string, work: () => T): T {
  const result = work();
  const now = performance.now();
  row(name, now - last);
  last = now;
  return result;
}

const out = join(tmpdir(), `vpce-auditor-stages-${process.pid}.json`);
const text = stage('read', () => readFileSync(file, 'utf8'));
let data: unknown = stage('parse', () => JSON.parse(text) as unknown);
// As the CLI's audit: checked, not copied (see parseSnapshot's `copy`).
const snapshot = stage('validate', () => parseSnapshot(data, file, { copy: false }));
data = undefined;
// analyzeSnapshot includes the VPC rollup (withRollup), as in the CLI.
const report = stage('analyze', () => analyzeSnapshot(snapshot));
// The CLI makes the JSON piece by piece and writes each piece as it comes: the two stages interleave,
// so each is the sum of its own share.
let formatMs = 0;
let writeMs = 0;
const descriptor = openSync(out, 'w');
const pieces = jsonReportChunks(report);
for (;;) {
  const started = performance.now();
  const next = pieces.next();
  const made = performance.now();
  formatMs += made - started;
  if (next.done === true) break;
  writeSync(descriptor, next.value);
  writeMs += performance.now() - made;
}
closeSync(descriptor);
row('format', formatMs);
row('write', writeMs);
rmSync(out, { force: true });
console.log(rows.join('\n'));
console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
