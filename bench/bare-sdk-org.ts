/**
 * `audit --org` against a bare AWS SDK program (bench/bare-sdk-org-program.ts: plain SDK v3
 * clients, no code of this project) that makes the same calls per account against the same fakes
 * (bench/org-fakes.ts: 50 accounts × 4 regions, 100 ms added to every call), each in its own node
 * process, every account at once. Both are bundled the same way (esbuild, ES module, minified, the
 * SDK schema plugin of build/esbuild-plugins.cjs), built first. The runs alternate, and which goes
 * first alternates by round (CLI, bare, bare, CLI…), so that both see the same load. It prints each
 * run's CPU and wall time, the calls per member account of each (they must match), the min and
 * median of each side and their ratios, each round's CPU ratio and the median of those, and the load.
 *
 * Run: `npx tsx bench/bare-sdk-org.ts` (BENCH_REPEATS=n runs, default 5; BENCH_ACCOUNTS as bench/org.ts).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleLikeTheCli } from './bundle-program';
import { load, median } from './figures';
import { runMeasured, type MeasuredRun } from './measured-child';
import { ACCOUNTS, ALL, MANAGEMENT, REGIONS, startFakes } from './org-fakes';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const BARE = join(__dirname, '.out', 'bare-sdk-org', 'program.mjs');

setTimeout(() => {
  console.error('bench/bare-sdk-org: timed out');
  process.exit(1);
}, 600_000).unref();

interface Figures {
  wallMs: number;
  cpuMs: number;
  /** The calls of one member account, `service Action` sorted. */
  memberCalls: string[];
  /** All calls, every account's. */
  totalCalls: number;
}

/** One run of a program against fresh fakes. */
async function run(entry: string, args: string[]): Promise<Figures> {
  const fakes = await startFakes();
  const env = fakes.environment();
  try {
    const started = performance.now();
    const child: MeasuredRun = await runMeasured(entry, args, env);
    const wallMs = performance.now() - started;
    if (child.code !== 0 || !child.out.trim()) {
      throw new Error(`${entry} failed (exit ${child.code}):\n${child.err.trim().slice(-2000)}`);
    }
    return {
      wallMs,
      cpuMs: child.cpuMs,
      memberCalls: fakes.callsOf(ALL[1] ?? MANAGEMENT),
      totalCalls: ALL.reduce((sum, account) => sum + fakes.callsOf(account).length, 0),
    };
  } finally {
    await fakes.close();
  }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
  await bundleLikeTheCli(join(__dirname, 'bare-sdk-org-program.ts'), BARE);
  const repeats = Number(process.env.BENCH_REPEATS ?? 5);
  const cliArgs = [
    'audit',
    '--org',
    '--regions',
    REGIONS.join(','),
    '--format',
    'json',
    '--quiet',
    '--account-concurrency',
    String(ACCOUNTS),
  ];
  const bareArgs = [REGIONS.join(','), String(ACCOUNTS)];
  console.log(
    `bench/bare-sdk-org: ${ACCOUNTS} accounts x ${REGIONS.length} regions, every account at once, ${repeats} runs each (alternating), load ${load()}`,
  );
  const cli: Figures[] = [];
  const bare: Figures[] = [];
  const programs = [
    ['audit --org', CLI, cliArgs, cli],
    ['bare SDK', BARE, bareArgs, bare],
  ] as const;
  for (let i = 1; i <= repeats; i += 1) {
    // Which one goes first alternates by round (CLI, bare, bare, CLI…), so that neither always
    // runs right after the other, nor always first after the fakes of the round before closed.
    const order = i % 2 === 1 ? programs : ([...programs].reverse() as (typeof programs)[number][]);
    for (const [label, entry, args, into] of order) {
      const figures = await run(entry, [...args]);
      into.push(figures);
      console.log(
        `  run ${i} ${label.padEnd(11)} cpu ${Math.round(figures.cpuMs).toString().padStart(5)} ms  wall ${Math.round(figures.wallMs).toString().padStart(5)} ms  calls ${figures.totalCalls} (${figures.memberCalls.length} per member account)  load ${load()}`,
      );
    }
  }
  const sameCalls =
    (cli[0]?.memberCalls ?? []).join('\n') === (bare[0]?.memberCalls ?? []).join('\n');
  if (!sameCalls) {
    console.log(
      `  the calls of a member account differ:\n    CLI:  ${cli[0]?.memberCalls.join(', ')}\n    bare: ${bare[0]?.memberCalls.join(', ')}`,
    );
  }
  const summary = (values: readonly Figures[], key: 'cpuMs' | 'wallMs'): string =>
    `min ${Math.round(Math.min(...values.map((f) => f[key])))} ms, median ${Math.round(median(values.map((f) => f[key])))} ms`;
  const ratio = (key: 'cpuMs' | 'wallMs', pick: (values: number[]) => number): string =>
    (pick(cli.map((f) => f[key])) / pick(bare.map((f) => f[key]))).toFixed(2);
  const min = (values: number[]): number => Math.min(...values);
  // Each round's CLI run over its bare run: a slow spell of the host weighs on both sides of one
  // ratio, where the medians of each side can come from different spells.
  const paired = cli.map((f, i) => f.cpuMs / (bare[i]?.cpuMs ?? NaN)).sort((a, b) => a - b);
  console.log(`audit --org: cpu ${summary(cli, 'cpuMs')}; wall ${summary(cli, 'wallMs')}`);
  console.log(`bare SDK:    cpu ${summary(bare, 'cpuMs')}; wall ${summary(bare, 'wallMs')}`);
  console.log(
    `paired cpu ratios (CLI / bare, each round): ${paired.map((r) => r.toFixed(2)).join(' ')}; median ${median(paired).toFixed(2)}x`,
  );
  console.log(
    `ratio (CLI / bare): cpu ${ratio('cpuMs', median)}x median, ${ratio('cpuMs', min)}x min (goal <= 1.05x); wall ${ratio('wallMs', median)}x median, ${ratio('wallMs', min)}x min; same calls per member account: ${sameCalls ? 'yes' : 'NO'}; load ${load()}`,
  );
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
