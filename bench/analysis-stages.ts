/**
 * Where the time of `audit --snapshot FILE --format json` goes, stage by stage, in one process:
 * read, parse, validate, analyze, format, write (and the heap after each). Run by bench/analysis.ts,
 * or alone: `npx tsx bench/analysis-stages.ts SNAPSHOT`.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeSnapshot } from '../src/analysis/analyze';
import { jsonReportLines } from '../src/format/json';
import { readInput } from '../src/json-file';
import { parseSnapshot } from '../src/snapshot/load';

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: analysis-stages SNAPSHOT');
  process.exit(2);
}

const rows: string[] = [];
let last = performance.now();
let lastCpu = process.cpuUsage();
/** Milliseconds of CPU (user + system) since `since`. */
function cpuSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}
function row(name: string, ms: number, cpuMs: number): void {
  const heap = process.memoryUsage();
  rows.push(
    `  ${name.padEnd(9)} ${ms.toFixed(0).padStart(6)} ms  cpu ${cpuMs.toFixed(0).padStart(6)} ms   heap ${(heap.heapUsed / 2 ** 20).toFixed(0).padStart(4)} MiB, rss ${(heap.rss / 2 ** 20).toFixed(0).padStart(4)} MiB`,
  );
}
/** Records the stage that ends now, and starts the next one. */
function endStage(name: string): void {
  const now = performance.now();
  row(name, now - last, cpuSince(lastCpu));
  last = now;
  lastCpu = process.cpuUsage();
}
function stage<T>(name: string, work: () => T): T {
  const result = work();
  endStage(name);
  return result;
}

async function main(snapshotFile: string): Promise<void> {
  const out = join(tmpdir(), `vpce-auditor-stages-${process.pid}.json`);
  // The CLI's reader (src/json-file.ts), as `audit --snapshot` reads the file.
  const { text } = await readInput(snapshotFile, { flag: '--snapshot' });
  endStage('read');
  let data: unknown = stage('parse', () => JSON.parse(text) as unknown);
  // As the CLI's audit: checked, not copied (see parseSnapshot's `copy`).
  const snapshot = stage('validate', () => parseSnapshot(data, snapshotFile, { copy: false }));
  data = undefined;
  // analyzeSnapshot includes the VPC rollup (withRollup), as in the CLI.
  const report = stage('analyze', () => analyzeSnapshot(snapshot));
  // The CLI makes the JSON line by line and packs the lines into buffers, each written when full
  // (src/cli/io.ts; there a write overlaps the making of the next buffer, here they are timed
  // apart). The two stages interleave, so each is the sum of its own share, measured a batch of
  // lines at a time (timing each line would cost more than making it).
  let formatMs = 0;
  let writeMs = 0;
  let formatCpu = 0;
  let writeCpu = 0;
  const descriptor = openSync(out, 'w');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const lines = jsonReportLines(report);
  for (let done = false; !done;) {
    const started = performance.now();
    const startedCpu = process.cpuUsage();
    const batch: string[] = [];
    let bytes = 0;
    while (bytes < buffer.length) {
      const next = lines.next();
      if (next.done === true) {
        done = true;
        break;
      }
      batch.push(next.value);
      bytes += next.value.length * 3;
    }
    const made = performance.now();
    const madeCpu = process.cpuUsage();
    formatMs += made - started;
    formatCpu += cpuSince(startedCpu);
    let used = 0;
    for (const line of batch) {
      if (used + line.length * 3 > buffer.length) {
        writeSync(descriptor, buffer, 0, used);
        used = 0;
      }
      used += buffer.write(line, used, 'utf8');
    }
    writeSync(descriptor, buffer, 0, used);
    writeMs += performance.now() - made;
    writeCpu += cpuSince(madeCpu);
  }
  closeSync(descriptor);
  row('format', formatMs, formatCpu);
  row('write', writeMs, writeCpu);
  rmSync(out, { force: true });
  console.log(rows.join('\n'));
  console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

void main(file);
