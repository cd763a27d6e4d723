/**
 * Scale benchmark: `audit --format json` on a synthetic snapshot of N subnets (default
 * 100 000), next to what node needs merely to read, parse and re-serialise the same file.
 *
 * Run: `npx tsx bench/analysis.ts [subnets=100000 | SNAPSHOT.json] [runs=3]`. The judged shape is
 * written by the maintainers' generator (`python3 bigsnap.py 100000 /tmp/big.json`: 4 regions, 10
 * subnets and 4 route tables per VPC, about 64 MB compact); pass its file instead of a count.
 *
 * Each measurement is a fresh child process; wall time is measured around it (node start-up
 * included, equally for both), peak RSS comes from `/usr/bin/time -v` when present, else from
 * `process.resourceUsage().maxRSS` printed by the child at exit. The target: audit ≤ 2× the
 * baseline wall time and peak RSS ≤ 700 MiB. Then bench/analysis-stages.ts breaks the audit down
 * (read, parse, validate, analyze, format, write) in one process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './figures';
import { writeSyntheticSnapshot } from './synthetic-estate';

const ROOT = join(__dirname, '..');
const OUT_DIR = join(__dirname, '.out');
const TIME = '/usr/bin/time';
const RSS_BAR_BYTES = 700 * 1024 ** 2;
const RATIO_BAR = 2;

/**
 * Reads, parses and re-serialises a file: the baseline, `pretty` (the report's two-space
 * indentation) or `compact` (plain `JSON.stringify`, the stricter reading of the target).
 */
const BASELINE_SCRIPT = `
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const t0 = performance.now();
const text = readFileSync(process.argv[2], 'utf8');
const t1 = performance.now();
const data = JSON.parse(text);
const t2 = performance.now();
const again = process.argv[3] === 'compact' ? JSON.stringify(data) : JSON.stringify(data, null, 2);
const t3 = performance.now();
if (again.length === 0) process.exit(1);
process.stderr.write('BENCH_STEPS_MS=' + [t1 - t0, t2 - t1, t3 - t2].join(',') + '\\n');
`;

/** Preloaded into the child when /usr/bin/time is missing: reports its peak RSS at exit. */
const RSS_PRELOAD = `process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  process.stderr.write('\\nBENCH_MAX_RSS_KB=' + usage.maxRSS + ' BENCH_CPU_S=' + cpu + '\\n');
});
`;

interface Measurement {
  /** The baseline's own read, parse and stringify times, when it is the baseline. */
  stepsMs?: number[];
  wallMs: number;
  /** User + system CPU time of the child: less sensitive than wall time to a busy machine. */
  cpuMs: number;
  peakRssBytes: number;
}

function parsePositive(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`${name} must be a positive integer, got "${text}"`);
    process.exit(2);
  }
  return value;
}

/** Runs `node ...args` in a fresh process and measures it. */
function measure(args: string[], preload: string): Measurement {
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  const commandArgs = useTime ? ['-v', process.execPath, ...args] : ['-r', preload, ...args];
  const started = performance.now();
  const result = spawnSync(command, commandArgs, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(
      `${args.join(' ')} exited with ${String(result.status)}: ${result.stderr.slice(-2000)}`,
    );
  }
  const rss = useTime
    ? /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)
    : /BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr);
  const cpu = useTime
    ? /User time \(seconds\): ([\d.]+)[\s\S]*System time \(seconds\): ([\d.]+)/.exec(result.stderr)
    : /BENCH_CPU_S=([\d.]+)/.exec(result.stderr);
  if (!rss || !cpu) throw new Error(`no peak RSS or CPU time in the output of ${args.join(' ')}`);
  const cpuSeconds = Number(cpu[1]) + (cpu[2] !== undefined ? Number(cpu[2]) : 0);
  const steps = /BENCH_STEPS_MS=([\d.,]+)/.exec(result.stderr);
  return {
    wallMs,
    cpuMs: cpuSeconds * 1000,
    peakRssBytes: Number(rss[1]) * 1024,
    ...(steps ? { stepsMs: (steps[1] as string).split(',').map(Number) } : {}),
  };
}

function summarise(runs: Measurement[]): Measurement {
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    peakRssBytes: Math.max(...runs.map((r) => r.peakRssBytes)),
  };
}

const mib = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

type Counts = ReturnType<typeof writeSyntheticSnapshot>;

/** Writes the synthetic snapshot, or reuses the one written by the same generator code. */
function snapshotFor(file: string, subnets: number): Counts {
  const countsFile = `${file}.counts`;
  const sources = [join(__dirname, 'synthetic-estate.ts'), join(ROOT, 'scripts/estate-builder.ts')];
  const newestSource = Math.max(...sources.map((source) => statSync(source).mtimeMs));
  if (existsSync(file) && existsSync(countsFile) && statSync(countsFile).mtimeMs > newestSource) {
    console.log('reusing the snapshot written by the same generator');
    return JSON.parse(readFileSync(countsFile, 'utf8')) as Counts;
  }
  const started = performance.now();
  rmSync(countsFile, { force: true });
  const counts = writeSyntheticSnapshot(file, subnets);
  writeFileSync(countsFile, JSON.stringify(counts));
  console.log(`generated the snapshot in ${seconds(performance.now() - started)}`);
  return counts;
}

function main(): void {
  const given =
    process.argv[2] !== undefined && existsSync(process.argv[2]) ? process.argv[2] : undefined;
  const subnets = given ? 0 : parsePositive(process.argv[2], 100_000, 'subnets');
  const runs = parsePositive(process.argv[3], 3, 'runs');
  mkdirSync(OUT_DIR, { recursive: true });
  const snapshotFile = given ?? join(OUT_DIR, `snapshot-${subnets}.json`);
  const reportFile = join(OUT_DIR, `report-${subnets}.json`);
  const preload = join(OUT_DIR, 'max-rss.cjs');
  const baselineScript = join(OUT_DIR, 'baseline.cjs');
  writeFileSync(preload, RSS_PRELOAD);
  writeFileSync(baselineScript, BASELINE_SCRIPT);

  console.log('building dist/cli.js ...');
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('build failed');

  const counts = given ? undefined : snapshotFor(snapshotFile, subnets);
  console.log(
    counts
      ? `snapshot: ${counts.subnets} subnets, ${counts.vpcs} VPCs, ${counts.routeTables} route tables in ${counts.regions} regions; ${mib(statSync(snapshotFile).size)} -> ${snapshotFile}`
      : `snapshot: ${snapshotFile}, ${mib(statSync(snapshotFile).size)}`,
  );
  console.log(
    `peak RSS from ${existsSync(TIME) ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS'}; ${runs} run(s) each, median wall time, highest peak RSS`,
  );

  const baselineRuns: Measurement[] = [];
  const compactRuns: Measurement[] = [];
  const auditRuns: Measurement[] = [];
  for (let i = 0; i < runs; i += 1) {
    baselineRuns.push(measure([baselineScript, snapshotFile, 'pretty'], preload));
    compactRuns.push(measure([baselineScript, snapshotFile, 'compact'], preload));
    rmSync(reportFile, { force: true });
    auditRuns.push(
      measure(
        [
          'dist/cli.js',
          'audit',
          '--snapshot',
          snapshotFile,
          '--format',
          'json',
          '--out',
          reportFile,
        ],
        preload,
      ),
    );
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    summary: { subnets: number; leakingSubnets: number };
    findings: unknown[];
  };
  if (counts && report.summary.subnets !== counts.subnets) {
    throw new Error(`the report audits ${report.summary.subnets} subnets, not ${counts.subnets}`);
  }

  const baseline = summarise(baselineRuns);
  const compact = summarise(compactRuns);
  const audit = summarise(auditRuns);
  const ratio = audit.wallMs / baseline.wallMs;
  console.log('');
  console.log(
    `baseline (read + JSON.parse + JSON.stringify): wall ${seconds(baseline.wallMs)}  cpu ${seconds(baseline.cpuMs)}  peak RSS ${mib(baseline.peakRssBytes)}`,
  );
  console.log(
    `baseline, compact JSON.stringify:              wall ${seconds(compact.wallMs)}  cpu ${seconds(compact.cpuMs)}  peak RSS ${mib(compact.peakRssBytes)}`,
  );
  console.log(
    `audit --format json:                           wall ${seconds(audit.wallMs)}  cpu ${seconds(audit.cpuMs)}  peak RSS ${mib(audit.peakRssBytes)}`,
  );
  console.log(
    `  (report ${mib(statSync(reportFile).size)}: ${report.summary.leakingSubnets} leaking subnets, ${report.findings.length} findings)`,
  );
  console.log(
    `ratio: ${ratio.toFixed(2)}x wall time, ${(audit.cpuMs / baseline.cpuMs).toFixed(2)}x cpu time (target <= ${RATIO_BAR}x: ${ratio <= RATIO_BAR ? 'met' : 'MISSED'}); peak RSS ${mib(audit.peakRssBytes)} (target <= 700 MiB: ${audit.peakRssBytes <= RSS_BAR_BYTES ? 'met' : 'MISSED'})`,
  );
  console.log(
    `ratio to the compact baseline: ${(audit.wallMs / compact.wallMs).toFixed(2)}x wall time, ${(audit.cpuMs / compact.cpuMs).toFixed(2)}x cpu time`,
  );
  // Each audit run next to the baseline run just before it: the host's slow and quick spells
  // (runs of one build spread by 20% here) then weigh on both sides of each ratio alike.
  const paired = auditRuns.map((run, i) => run.wallMs / (baselineRuns[i] as Measurement).wallMs);
  const pairedCpu = auditRuns.map((run, i) => run.cpuMs / (baselineRuns[i] as Measurement).cpuMs);
  console.log(
    `paired ratios (each audit run over the baseline run before it): wall median ${median(paired).toFixed(2)}x (${paired.map((r) => r.toFixed(2)).join(' ')}), cpu median ${median(pairedCpu).toFixed(2)}x`,
  );
  const list = (values: Measurement[]): string =>
    values.map((r) => (r.wallMs / 1000).toFixed(2)).join(' ');
  console.log(
    `wall times (s): baseline ${list(baselineRuns)}; compact ${list(compactRuns)}; audit ${list(auditRuns)}`,
  );
  // The bar is relative to the baseline, whose read depends on the host as much as on node: the
  // same file took 670-760 ms to read on one machine and 140 ms on another (docs in bench/README.md).
  const step = (index: number): string =>
    `${median(baselineRuns.map((run) => run.stepsMs?.[index] ?? NaN)).toFixed(0)} ms`;
  console.log(
    `the baseline's own steps (medians): read ${step(0)}, JSON.parse ${step(1)}, JSON.stringify ${step(2)}`,
  );
  console.log('\nwhere the audit spends its time (one process):');
  spawnSync(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'analysis-stages.ts'), snapshotFile],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

main();
