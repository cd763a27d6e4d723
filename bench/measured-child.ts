/**
 * Runs a node program (the CLI's bundle, or another script) as its own process and measures the
 * CPU time it used (user + system, from `process.cpuUsage()` at its exit), so the fakes that answer
 * it in the benchmark's process are not counted. Shared by bench/org.ts and bench/bare-sdk-org.ts.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** What the program did: its exit code, output, and CPU time. */
export interface MeasuredRun {
  code: number;
  out: string;
  err: string;
  cpuMs: number;
}

/**
 * Runs `node ENTRY ...args` (the entry is imported, so a CommonJS or ES module bundle both work;
 * `process.argv` looks as if it was started directly). BENCH_CPU_PROF=dir writes a V8 CPU profile
 * of the run (open it in Chrome DevTools).
 */
export function runMeasured(
  entry: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<MeasuredRun> {
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
    : [];
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        ...profile,
        '-e',
        `const c0=process.cpuUsage();process.on('exit',()=>{const c=process.cpuUsage(c0);process.stderr.write('\\nCPU '+((c.user+c.system)/1000)+'\\n')});process.argv.splice(1,0,${JSON.stringify(entry)});import(${JSON.stringify(pathToFileURL(entry).href)})`,
        '--',
        ...args,
      ],
      {
        env: {
          ...env,
          NODE_NO_WARNINGS: '1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('exit', (code) =>
      resolve({
        code: code ?? -1,
        out,
        err,
        cpuMs: Number(/CPU ([\d.]+)/.exec(err)?.[1] ?? NaN),
      }),
    );
  });
}
