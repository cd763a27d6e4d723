/**
 * The size of each packaged function and the time to load its handler module cold: for each zip of
 * `serverless package`, unzip it into a temporary folder and, in a fresh node process each time,
 * `require` the handler (module evaluation: the bundle, the configuration, the client construction).
 * Prints one line per function. Run: `npx tsx bench/bundle.ts [runs]` (packages first if needed).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { FUNCTIONS, ROOT, unzipFunction, zipPath } from '../test/helpers/packaging';
import { readZip } from '../test/helpers/zip';

const RUNS = Number(process.argv[2] ?? 10);
const LIMIT = 1.5 * 1024 * 1024;

const LOADER = `
const start = process.hrtime.bigint();
const module = require(process.argv[1]);
const loaded = process.hrtime.bigint();
if (typeof module.handler !== 'function') throw new Error('no handler export');
process.stdout.write(JSON.stringify({ requireMs: Number(loaded - start) / 1e6, rssMb: process.memoryUsage().rss / 1048576 }));
`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

execFileSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--if-stale'], {
  stdio: 'inherit',
});
console.log(
  `node ${process.version}, ${RUNS} cold loads per function (fresh process each), load average ${loadavg()[0]?.toFixed(1)}`,
);
for (const name of FUNCTIONS) {
  const zip = zipPath(name);
  const zipBytes = statSync(zip).size;
  const unpacked = readZip(readFileSync(zip)).reduce((sum, entry) => sum + entry.data.length, 0);
  const folder = unzipFunction(name);
  const handler = join(folder, 'handlers', `${name}.js`);
  const requireMs: number[] = [];
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
      const figures = JSON.parse(output) as { requireMs: number; rssMb: number };
      requireMs.push(figures.requireMs);
      rssMb = Math.max(rssMb, figures.rssMb);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  console.log(
    `${name.padEnd(9)} zip ${(zipBytes / 1024).toFixed(0)} KiB (${((zipBytes / LIMIT) * 100).toFixed(0)}% of 1.5 MiB), ` +
      `unzipped ${(unpacked / 1024).toFixed(0)} KiB; require p50 ${percentile(requireMs, 50).toFixed(0)} ms, ` +
      `max ${Math.max(...requireMs).toFixed(0)} ms; whole process p50 ${percentile(processMs, 50).toFixed(0)} ms; ` +
      `RSS after load ${rssMb.toFixed(0)} MiB`,
  );
}
