/**
 * The CPU of the per-call stack. bench/per-call-program.ts makes six Describe calls per region for
 * BENCH_REGIONS regions (default 300: 75 accounts of 4 regions, 1,800 calls, 13 accounts at once)
 * against the fake EC2 endpoint of test/support (in this process, BENCH_LATENCY_MS added to each
 * call, default 20), through one variant of the stack; each run is a fresh node process, and the
 * variants alternate (BENCH_REPEATS rounds, default 8) so that all see the same load. It prints each
 * round, then each variant's median, min and max CPU of the calls alone (loading excluded) and the
 * median of each round's difference from the first variant.
 *
 * Variants (BENCH_VARIANTS, default `bare,factory,limited,collect`; per-call-program.ts says what
 * each is): `limited@100000` runs one with another call limit, `collect#/tmp/old.mjs` one with
 * another build of the program (copy bench/.out/per-call/program.mjs before a change to compare
 * before and after). BENCH_CPU_PROF=dir writes a V8 CPU profile of every run.
 *
 * The program is bundled as the CLI is (esbuild, ES module, minified). Run: `npx tsx bench/per-call.ts`.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startFakeEc2Endpoint } from '../test/support/fake-ec2-endpoint';
import { bundleLikeTheCli } from './bundle-program';
import { load, median } from './figures';

const PROGRAM = join(__dirname, '.out', 'per-call', 'program.mjs');
const REGIONS = ['eu-west-1', 'us-east-1', 'us-east-2', 'us-west-2'];
/** Accounts audited at once (each with four regions of six calls: 312 calls, over the limit of 256). */
const ACCOUNTS_AT_ONCE = '13';

/** One run of the program: the CPU time of its calls, in milliseconds. */
function runProgram(
  program: string,
  variant: string,
  regions: string,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
    : [];
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...profile, program, variant, regions, ACCOUNTS_AT_ONCE],
      { env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${variant} exited ${code}`));
      else resolve((JSON.parse(out) as { cpuMs: number }).cpuMs);
    });
  });
}

async function main(): Promise<void> {
  await bundleLikeTheCli(join(__dirname, 'per-call-program.ts'), PROGRAM, { sourcemap: 'linked' });
  const variants = (process.env.BENCH_VARIANTS ?? 'bare,factory,limited,collect').split(',');
  const repeats = Number(process.env.BENCH_REPEATS ?? 8);
  const regions = process.env.BENCH_REGIONS ?? '300';
  const fake = await startFakeEc2Endpoint({
    regions: REGIONS,
    latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 20),
    accountId: '111122223333',
    endpointApiBucket: null,
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: fake.url,
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_REGION: 'us-east-1',
    NODE_NO_WARNINGS: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  console.log(
    `bench/per-call: ${regions} regions x 6 calls, ${repeats} rounds of ${variants.join(', ')}, load ${load()}`,
  );
  const cpu = new Map<string, number[]>(variants.map((variant) => [variant, []]));
  try {
    for (let round = 1; round <= repeats; round += 1) {
      const line: string[] = [];
      for (const variant of variants) {
        const [spec = variant, program = PROGRAM] = variant.split('#');
        const [name = spec, limit] = spec.split('@');
        const cpuMs = await runProgram(
          program,
          name,
          regions,
          limit ? { ...env, BENCH_CALL_LIMIT: limit } : env,
        );
        cpu.get(variant)?.push(cpuMs);
        line.push(`${variant} ${Math.round(cpuMs)}`);
      }
      console.log(`  round ${round}: ${line.join('  ')} ms  load ${load()}`);
    }
  } finally {
    await fake.close();
  }
  const first = variants[0] as string;
  const base = cpu.get(first) ?? [];
  for (const [variant, values] of cpu) {
    const differences = values.map((value, i) => value - (base[i] ?? NaN));
    console.log(
      `${variant.padEnd(10)} cpu median ${Math.round(median(values))} ms, min ${Math.round(Math.min(...values))}, max ${Math.round(Math.max(...values))}; minus ${first} per round: median ${Math.round(median(differences))} ms (${((median(differences) / median(base)) * 100).toFixed(1)}%)`,
    );
  }
  console.log(`load ${load()}`);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
