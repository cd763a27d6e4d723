/**
 * Node.js child processes for the end-to-end tests: a script run with exactly the environment given
 * (the built CLI, a packaged function), its exit code and output collected.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { keptBuildFolder, withBuildLockAsync } from './kept-build';

const ROOT = join(__dirname, '..', '..');

/**
 * The whole environment of a CLI run against a stand-in for AWS: only the SDK's standard variables,
 * pointing every client at `endpoint` with made-up credentials (no profile, no instance metadata).
 */
export function fakeAwsEnvironment(endpoint: string, home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** What the CLI bundle is made from (scripts/build-cli.mjs bundles src/cli/main.ts). */
const CLI_INPUTS = ['src', 'build', 'scripts/build-cli.mjs', 'package-lock.json'];

/**
 * The CLI bundled from the current sources by the script that builds `dist/cli.js` (as `npm run
 * build` does); returns the path of its executable. It is built once for each state of the
 * sources and kept for every suite (./kept-build.ts): a suite reads its folder, never writes into
 * it. A failed build fails the test with esbuild's message.
 */
export async function builtCli(): Promise<string> {
  const folder = keptBuildFolder('cli', CLI_INPUTS);
  const cli = join(folder, 'cli.js');
  return withBuildLockAsync(folder, async () => {
    // The script writes the executable last, once the bundle is whole.
    if (existsSync(cli)) return cli;
    rmSync(folder, { recursive: true, force: true });
    const build = await runNode([join(ROOT, 'scripts', 'build-cli.mjs'), cli]);
    if (build.code !== 0) {
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`build failed: ${build.stderr}`);
    }
    return cli;
  });
}

/** What a child process did. */
export interface NodeRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time, from start to exit. */
  ms: number;
}

/**
 * Runs `node ...args` in the repository's root with `env` (by default this process's); with
 * `timeoutMs`, a child still running then is killed (and its run fails).
 */
export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs?: number,
): Promise<NodeRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      {
        cwd: ROOT,
        env,
        maxBuffer: 32 * 1024 * 1024,
        ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}),
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** A child process started by {@link startNode}, watched while it runs. */
export interface RunningNode {
  child: ChildProcess;
  /** The stderr written so far. */
  stderr(): string;
  /** Resolves once `test` holds for the stderr so far (rejects after `timeoutMs`). */
  stderrMatches(test: (text: string) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has exited. */
  done: Promise<NodeRun>;
}

/**
 * Starts `node ...args` in the repository's root with `env`, for tests that act on a running
 * process (send it signals when its output says so).
 */
export function startNode(args: string[], env: NodeJS.ProcessEnv): RunningNode {
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const wake of waiters) wake();
  });
  const done = new Promise<NodeRun>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, ms: Date.now() - started });
      for (const wake of waiters) wake();
    });
  });
  return {
    child,
    stderr: () => stderr,
    stderrMatches: (test, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`stderr never matched in ${timeoutMs} ms:\n${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          if (test(stderr)) {
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`exited before stderr matched:\n${stderr}`));
          }
        };
        waiters.push(check);
        check();
      }),
    done,
  };
}

/**
 * Calls `handler(event, context)` of a Lambda module (`node -e` this, then the module's path and
 * the event as JSON): prints `RESULT <json>` or `ERROR {name, message}`, then `USAGE {maxRssKiB,
 * cpuMicros}` (the process's peak resident set and CPU time so far), with a Lambda context whose
 * remaining time is `remainingMs` (default ten minutes).
 */
export function lambdaInvoker(remainingMs = 600_000): string {
  return `
const [file, event] = process.argv.slice(1);
const context = { awsRequestId: 'req-packaged-1', functionName: 'vpce-auditor-dev-x', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:x', memoryLimitInMB: '1024',
  getRemainingTimeInMillis: () => ${remainingMs} };
const usage = () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  process.stdout.write('USAGE ' + JSON.stringify({ maxRssKiB: maxRSS, cpuMicros: userCPUTime + systemCPUTime }) + '\\n');
};
require(file).handler(JSON.parse(event), context).then(
  (result) => { process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n'); usage(); },
  (error) => { process.stdout.write('ERROR ' + JSON.stringify({ name: error.name, message: error.message }) + '\\n'); usage(); },
);
`;
}

/** What a Lambda handler invoked by {@link invokeLambda} returned, threw and logged. */
export interface LambdaRun<R> {
  result?: R;
  error?: { name: string; message: string };
  /** The JSON log lines. */
  logs: string[];
  stderr: string;
  /** Wall time of the process, from start to exit. */
  ms: number;
  /** The process's peak resident set (KiB) and CPU time (µs), when the handler settled. */
  usage?: { maxRssKiB: number; cpuMicros: number };
}

/** Invokes the handler of the Lambda module `file` with `event`, in a fresh process with `env`. */
export async function invokeLambda<R>(
  file: string,
  event: unknown,
  env: NodeJS.ProcessEnv,
  remainingMs?: number,
): Promise<LambdaRun<R>> {
  const run = await runNode(['-e', lambdaInvoker(remainingMs), file, JSON.stringify(event)], env);
  const lines = run.stdout.split('\n');
  const result = lines.find((line) => line.startsWith('RESULT '));
  const error = lines.find((line) => line.startsWith('ERROR '));
  const usage = lines.find((line) => line.startsWith('USAGE '));
  return {
    ...(result ? { result: JSON.parse(result.slice('RESULT '.length)) as R } : {}),
    ...(error
      ? { error: JSON.parse(error.slice('ERROR '.length)) as { name: string; message: string } }
      : {}),
    logs: lines.filter((line) => line.startsWith('{')),
    stderr: run.stderr,
    ms: run.ms,
    ...(usage
      ? { usage: JSON.parse(usage.slice('USAGE '.length)) as NonNullable<LambdaRun<R>['usage']> }
      : {}),
  };
}
