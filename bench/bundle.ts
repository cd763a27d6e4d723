/**
 * The size of each packaged function and the time to load its handler module cold: for each zip of
 * `serverless package`, unzip it into a temporary folder and, in a fresh node process each time,
 * `require` the handler (module evaluation: the bundle, the configuration, the client construction).
 * Prints one line per function. Run: `npx tsx bench/bundle.ts [runs]` (packages first if needed).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { FUNCTIONS, ROOT, unzipFunction, zipPath } from '../test/helpers/packaging';
import { readZip } from '../test/helpers/zip';

const RUNS = Number(process.argv[2] ?? 10);
/** The bars a packaged function must meet: its zip, and the cold `require` of its handler. */
const ZIP_BAR_BYTES = 500 * 1024;
const LOAD_BAR_MS = 250;

const LOADER = `
const start = process.hrtime.bigint();
const cpu = process.cpuUsage();
const module = require(process.argv[1]);
const loaded = process.hrtime.bigint();
const used = process.cpuUsage(cpu);
if (typeof module.handler !== 'function') throw new Error('no handler export');
process.stdout.write(JSON.stringify({ requireMs: Number(loaded - start) / 1e6, cpuMs: (used.user + used.system) / 1000, rssMb: process.memoryUsage().rss / 1048576 }));
`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

execFileSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--if-stale'], {
  stdio: 'inherit',
});
console.log(
  `node ${process.version}, ${RUNS} cold loads per function (fresh process each), load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs (wall times grow with the load; CPU time much less)`,
);
for (const name of FUNCTIONS) {
  const zip = zipPath(name);
  const zipBytes = statSync(zip).size;
  const unpacked = readZip(readFileSync(zip)).reduce((sum, entry) => sum + entry.data.length, 0);
  const folder = unzipFunction(name);
  const handler = join(folder, 'handlers', `${name}.js`);
  const requireMs: number[] = [];
  const cpuMs: number[] = [];
  const processMs: number[] = [];
  let rssMb = 0;
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const started = process.hrtime.bigint();
      const output = execFileSync(process.execPath, ['-e', LOADER, handler], {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          POWERTOOLS_LOG_LEVEL: 'SILENT',
        },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      processMs.push(Number(process.hrtime.bigint() - started) / 1e6);
      const figures = JSON.parse(output) as { requireMs: number; cpuMs: number; rssMb: number };
      requireMs.push(figures.requireMs);
      cpuMs.push(figures.cpuMs);
      rssMb = Math.max(rssMb, figures.rssMb);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const load = percentile(requireMs, 50);
  const verdict = (ok: boolean): string => (ok ? 'ok' : 'OVER');
  console.log(
    `${name.padEnd(9)} zip ${(zipBytes / 1024).toFixed(0)} KiB [${verdict(zipBytes <= ZIP_BAR_BYTES)} ≤ ${ZIP_BAR_BYTES / 1024} KiB], ` +
      `unzipped ${(unpacked / 1024).toFixed(0)} KiB; cold require p50 ${load.toFixed(0)} ms ` +
      `[${verdict(load <= LOAD_BAR_MS)} ≤ ${LOAD_BAR_MS} ms], max ${Math.max(...requireMs).toFixed(0)} ms, ` +
      `CPU p50 ${percentile(cpuMs, 50).toFixed(0)} ms; whole process p50 ${percentile(processMs, 50).toFixed(0)} ms; ` +
      `RSS after load ${rssMb.toFixed(0)} MiB`,
  );
}
