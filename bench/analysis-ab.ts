/**
 * The snapshot checks, the analysis and the JSON writer of two checkouts, compared in one process at
 * a time: each round runs `parseSnapshot` (in place, as the CLI's audit does), `analyzeSnapshot` and
 * `jsonReportLines` of one checkout, then of the other (which goes first alternates), on the same
 * parsed JSON, after a full garbage collection. Both sides share the process, its heap and the
 * host's slow and quick spells, so a difference of 5% or more shows, where separate CLI runs
 * (bench/analysis.ts) vary by 10–20% from one run to the next.
 *
 * The side whose modules are loaded first runs 5–12% faster in such a process (an A/A run of two
 * copies of the same code shows it), so the comparison runs twice, in two child processes, once
 * with each side loaded first, and reports each order's ratio and their geometric mean, in which
 * that advantage cancels. The first round of each process is cold (V8 compiling, as in the CLI).
 *
 * Run: `npx tsx bench/analysis-ab.ts BASE_CHECKOUT SNAPSHOT [rounds=8]`, where BASE_CHECKOUT is
 * another working tree of this repository (`git worktree add --detach /tmp/base main`, with its
 * `node_modules`) and SNAPSHOT a snapshot file (`python3 bigsnap.py 100000 /tmp/big.json`). This
 * checkout is `this`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './figures';

type Analyze = typeof import('../src/analysis/analyze').analyzeSnapshot;
type Lines = typeof import('../src/format/json').jsonReportLines;
type Parse = typeof import('../src/snapshot/load').parseSnapshot;

const THIS = resolve(__dirname, '..');
const CHILD = '--child';

/** The stages timed, in their order: the snapshot's checks, the analysis, the JSON writer. */
const STAGES = ['validate', 'analyze', 'format'] as const;
type Stage = (typeof STAGES)[number];
type Times = Record<Stage, number[]>;

/** One child: both sides, `first` loaded first; prints their times as JSON. */
async function child(first: string, second: string, file: string, rounds: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const load = async (root: string) => ({
    root,
    analyze: ((await import(join(root, 'src/analysis/analyze.ts'))) as { analyzeSnapshot: Analyze })
      .analyzeSnapshot,
    lines: ((await import(join(root, 'src/format/json.ts'))) as { jsonReportLines: Lines })
      .jsonReportLines,
    parse: ((await import(join(root, 'src/snapshot/load.ts'))) as { parseSnapshot: Parse })
      .parseSnapshot,
    times: { validate: [], analyze: [], format: [] } as Times,
  });
  const sides = [await load(first), await load(second)];
  // Parsed once: each side checks the same objects (read in place, as the CLI's audit does).
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  for (let round = 0; round < rounds; round += 1) {
    for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
      gc();
      let started = performance.now();
      const snapshot = side.parse(data, file, { copy: false });
      side.times.validate.push(performance.now() - started);
      started = performance.now();
      const report = side.analyze(snapshot, { generatedAt: '2026-01-01T00:00:00Z' });
      side.times.analyze.push(performance.now() - started);
      started = performance.now();
      let characters = 0;
      for (const line of side.lines(report)) characters += line.length;
      side.times.format.push(performance.now() - started);
      if (characters === 0) throw new Error(`${side.root}: an empty report`);
    }
  }
  process.stdout.write(JSON.stringify(Object.fromEntries(sides.map((s) => [s.root, s.times]))));
}

/** The median of each round's ratio of `mine` to `theirs`. */
function pairedRatio(mine: readonly number[], theirs: readonly number[]): number {
  return median(mine.map((value, i) => value / (theirs[i] as number)));
}

function main(base: string, file: string, rounds: number): void {
  const orders = [
    { label: 'this loaded first', first: THIS, second: base },
    { label: 'base loaded first', first: base, second: THIS },
  ];
  const ratios: Record<Stage, number[]> = { validate: [], analyze: [], format: [] };
  for (const order of orders) {
    const run = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        '--expose-gc',
        __filename,
        CHILD,
        order.first,
        order.second,
        file,
        String(rounds),
      ],
      { cwd: THIS, encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (run.status !== 0) throw new Error(`the ${order.label} child failed: ${run.stderr}`);
    const times = JSON.parse(run.stdout) as Record<string, Times>;
    const mine = times[THIS] as Times;
    const theirs = times[base] as Times;
    const parts = STAGES.map((stage) => {
      const ratio = pairedRatio(mine[stage], theirs[stage]);
      ratios[stage].push(ratio);
      return `${stage} this ${median(mine[stage]).toFixed(0)} ms, base ${median(theirs[stage]).toFixed(0)} ms (ratio ${ratio.toFixed(3)})`;
    });
    console.log(`${order.label}: ${parts.join('; ')}`);
  }
  const geometric = (values: readonly number[]) =>
    Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length).toFixed(3);
  console.log(
    `this / base, the two orders' ratios combined (geometric mean): ${STAGES.map((stage) => `${stage} ${geometric(ratios[stage])}`).join(', ')}`,
  );
}

const args = process.argv.slice(2);
if (args[0] === CHILD) {
  const [, first, second, file, rounds] = args as [string, string, string, string, string];
  void child(first, second, file, Number(rounds));
} else {
  const [base, file, roundsText = '8'] = args;
  const rounds = Number(roundsText);
  if (base === undefined || file === undefined || !Number.isInteger(rounds) || rounds < 1) {
    console.error('usage: npx tsx bench/analysis-ab.ts BASE_CHECKOUT SNAPSHOT [rounds=8]');
    process.exit(2);
  }
  main(resolve(base), resolve(file), rounds);
}
