/**
 * Benchmark of `vpce-auditor audit --org`: a local fake of AWS Organizations, STS, CloudWatch and
 * EC2 over HTTP on 127.0.0.1, 100 ms added to every call, an organization of 50 accounts × 4
 * regions (each account's EC2 is the fake EC2 endpoint of test/support with its small generated
 * estate). The CLI, built from the current sources first (dist/cli.js), runs as its own process through the
 * standard SDK chain (AWS_ENDPOINT_URL pointing at the fakes, which stay in this process): it lists
 * the organization, assumes each member role, audits every region with the cost estimate. Prints
 * each run's wall time next to its floor (the fewest dependent round trips × 100 ms, every account
 * in parallel, plus the CLI's start-up), the CLI's CPU time, the calls per account and the load
 * average; the single-account audit is run too for comparison.
 *
 * Run: npx tsx bench/org.ts
 * (BENCH_CLI=path runs that bundle instead of building one; BENCH_REPEATS=n runs each case n times; BENCH_CPU_PROF=dir writes a CPU profile per CLI run.)
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import type { Report } from '../src/types';
import { runMeasured } from './measured-child';
import { ACCOUNTS, ALL, LATENCY_MS, PAGE, REGIONS, startFakes } from './org-fakes';

/** The bundle run (BENCH_CLI=path compares another build). */
const CLI = resolve(process.env.BENCH_CLI ?? join(__dirname, '..', 'dist', 'cli.js'));
setTimeout(() => {
  console.error('bench/org: timed out');
  process.exit(1);
}, 300_000).unref();

interface RunFigures {
  wallMs: number;
  /** CPU time of the CLI process. */
  cpuMs: number;
  /** CPU time of this process during the run: the fakes, which share the machine with the CLI. */
  fakeCpuMs: number;
  code: number;
  report: Report;
  callsPerAccount: { min: number; max: number; management: number };
}

/** One audit by the CLI process against fresh fakes: `--org`, or the caller's account alone. */
async function run(extraArgs: string[], org = true): Promise<RunFigures> {
  const front = await startFakes();
  const env = front.environment();
  try {
    const argv = [
      'audit',
      ...(org ? ['--org'] : []),
      '--regions',
      REGIONS.join(','),
      '--format',
      'json',
      '--quiet',
      ...extraArgs,
    ];
    const started = performance.now();
    const fakeCpu = process.cpuUsage();
    const child = await runMeasured(CLI, argv, env);
    const wallMs = performance.now() - started;
    const fakeCpuUsed = process.cpuUsage(fakeCpu);
    if (!child.out.trim()) {
      throw new Error(`the CLI printed no report (exit ${child.code}):\n${child.err.trim()}`);
    }
    const perAccount = ALL.map((account) => front.calls.get(account) ?? 0);
    const members = perAccount.slice(1);
    return {
      wallMs,
      cpuMs: child.cpuMs,
      fakeCpuMs: (fakeCpuUsed.user + fakeCpuUsed.system) / 1000,
      code: child.code,
      report: JSON.parse(child.out) as Report,
      callsPerAccount: {
        min: Math.min(...members),
        max: Math.max(...members),
        management: perAccount[0] ?? 0,
      },
    };
  } finally {
    await front.close();
  }
}

/**
 * The dependent round trips of the whole run with every account in parallel: GetCallerIdentity;
 * DescribeOrganization ‖ ListAccounts (its pages one after the other); then per account, all
 * accounts at once: ListTagsForResource (exempt tag), AssumeRole (the management account skips it:
 * its own credentials), DescribeRegions, the Describe* calls ‖ DescribeManagedPrefixLists,
 * GetManagedPrefixListEntries, GetMetricData (cost).
 */
const PAGES = Math.ceil(ALL.length / PAGE);
const ORG_ROUND_TRIPS = 1 + PAGES + 6;
/** The same for the caller's account alone: GetCallerIdentity ‖ DescribeRegions, then 3. */
const SINGLE_ROUND_TRIPS = 4;

/**
 * What any CLI run pays before its first call and after its last: starting node, loading the
 * bundle, printing. Measured (best of 3) as `--version` of the same bundle; the floor adds it
 * because the single-account run pays it too; leaving it out would make the floor unreachable by
 * any CLI, however fast its calls.
 */
async function startupMs(): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    await runMeasured(CLI, ['--version'], process.env);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function describe(label: string, figures: RunFigures, floor: number): void {
  const accounts = figures.report.accounts ?? [];
  const audited = figures.report.accounts
    ? `${accounts.filter((a) => a.status === 'audited').length}/${accounts.length} accounts audited, `
    : '';
  const calls = figures.report.accounts
    ? `calls per member account ${figures.callsPerAccount.min}-${figures.callsPerAccount.max}, management ${figures.callsPerAccount.management}`
    : `calls ${figures.callsPerAccount.management}`;
  console.log(
    `${label.padEnd(34)} wall ${Math.round(figures.wallMs).toString().padStart(6)} ms = ${(figures.wallMs / floor).toFixed(2)}x its floor (cpu: cli ${Math.round(figures.cpuMs)} ms, fakes ${Math.round(figures.fakeCpuMs)} ms); exit ${figures.code}; ` +
      `${audited}${figures.report.summary.subnets} subnets, ${figures.report.errors.length} errors; ${calls}; load ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
  );
}

async function main(): Promise<void> {
  // A stale dist/ would measure yesterday's code (or refuse today's flags).
  if (!process.env.BENCH_CLI) {
    execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build-cli.mjs')], {
      stdio: 'inherit',
    });
  }
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const startup = await startupMs();
  const orgFloor = ORG_ROUND_TRIPS * LATENCY_MS + startup;
  const singleFloor = SINGLE_ROUND_TRIPS * LATENCY_MS + startup;
  console.log(
    `bench/org: ${ACCOUNTS} accounts x ${REGIONS.length} regions, ${LATENCY_MS} ms added to every call, ${cpus().length} cores, load ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `floor --org (every account in parallel) = ${ORG_ROUND_TRIPS} dependent round trips x ${LATENCY_MS} ms ` +
      `[GetCallerIdentity 1 + ListAccounts pages ${PAGES} + ListTagsForResource 1 + AssumeRole 1 + DescribeRegions 1 + Describe* 1 + GetManagedPrefixListEntries 1 + GetMetricData 1] ` +
      `+ CLI start-up ${Math.round(startup)} ms = ${Math.round(orgFloor)} ms`,
  );
  console.log(
    `floor single account = ${SINGLE_ROUND_TRIPS} round trips x ${LATENCY_MS} ms + CLI start-up ${Math.round(startup)} ms = ${Math.round(singleFloor)} ms`,
  );
  for (let i = 1; i <= repeats; i += 1) {
    describe(`single account, run ${i}`, await run([], false), singleFloor);
  }
  for (let i = 1; i <= repeats; i += 1) {
    describe(
      `--org, 50 accounts at once, run ${i}`,
      await run(['--account-concurrency', '50']),
      orgFloor,
    );
  }
  describe('--org, defaults (8 at once)', await run([]), orgFloor);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
