/**
 * Where the time of `audit --snapshot FILE --format json` goes, stage by stage, in one process:
 * read, parse, validate, analyze, format, write (and the heap after each). Run by bench/analysis.ts,
 * or alone: `npx tsx bench/analysis-stages.ts SNAPSHOT`.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeSnapshot } from '../src/analysis/analyze';
import { withRollup } from '../src/analysis/rollup';
import { formatJson } from '../src/format/json';
import { parseSnapshot } from '../src/snapshot/load';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: analysis-stages SNAPSHOT');
  process.exit(2);
}

const rows: string[] = [];
let last = performance.now();
function stage<T>(name: string, work: () => T): T {
  const result = work();
  const now = performance.now();
  const heap = process.memoryUsage();
  rows.push(
    `  ${name.padEnd(9)} ${(now - last).toFixed(0).padStart(6)} ms   heap ${(heap.heapUsed / 2 ** 20).toFixed(0).padStart(4)} MiB, rss ${(heap.rss / 2 ** 20).toFixed(0).padStart(4)} MiB`,
  );
  last = now;
  return result;
}

const out = join(tmpdir(), `vpce-auditor-stages-${process.pid}.json`);
const text = stage('read', () => readFileSync(file, 'utf8'));
let data: unknown = stage('parse', () => JSON.parse(text) as unknown);
const snapshot = stage('validate', () => parseSnapshot(data, file));
data = undefined;
const report = stage('analyze', () => withRollup(analyzeSnapshot(snapshot)));
const json = stage('format', () => formatJson(report));
stage('write', () => writeFileSync(out, json));
rmSync(out, { force: true });
console.log(rows.join('\n'));
console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
