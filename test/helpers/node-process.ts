/**
 * Node.js child processes for the end-to-end tests: a script run with exactly the environment given
 * (the built CLI, a packaged function), its exit code and output collected.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

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

/**
 * Calls `handler(event, context)` of a Lambda module (`node -e` this, then the module's path and
 * the event as JSON): prints `RESULT <json>` or `ERROR {name, message}`, with a Lambda context
 * whose remaining time is `remainingMs` (default ten minutes).
 */
export function lambdaInvoker(remainingMs = 600_000): string {
  return `
const [file, event] = process.argv.slice(1);
const context = { awsRequestId: 'req-packaged-1', functionName: 'vpce-auditor-dev-x', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:x', memoryLimitInMB: '1024',
  getRemainingTimeInMillis: () => ${remainingMs} };
require(file).handler(JSON.parse(event), context).then(
  (result) => process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n'),
  (error) => { process.stdout.write('ERROR ' + JSON.stringify({ name: error.name, message: error.message }) + '\\n'); },
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
  return {
    ...(result ? { result: JSON.parse(result.slice('RESULT '.length)) as R } : {}),
    ...(error
      ? { error: JSON.parse(error.slice('ERROR '.length)) as { name: string; message: string } }
      : {}),
    logs: lines.filter((line) => line.startsWith('{')),
    stderr: run.stderr,
  };
}
