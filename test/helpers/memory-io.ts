import type { CliIo } from '../../src/cli/io';
import { runCli, type CliDependencies } from '../../src/cli/program';

/** A {@link CliIo} that records what the CLI writes. */
export interface MemoryIo extends CliIo {
  stdout(): string;
  stderr(): string;
}

/** An in-memory CLI I/O with the given environment (and standard input). */
export function memoryIo(
  env: NodeJS.ProcessEnv = {},
  errIsTty = false,
  stdin: string = '',
): MemoryIo {
  let out = '';
  let err = '';
  return {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    errIsTty,
    env,
    stdin: (async function* () {
      yield Buffer.from(stdin, 'utf8');
    })(),
    stdout: () => out,
    stderr: () => err,
  };
}

/** What one in-process CLI run returned and wrote. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process on `args` with a {@link memoryIo} of `env`, and returns its exit code and
 * what it wrote.
 */
export async function runInMemory(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  dependencies: CliDependencies = {},
): Promise<CliRun> {
  const io = memoryIo(env);
  const code = await runCli(args, io, dependencies);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/**
 * Asserts a refused CLI run: exit 2, no report on standard output, no stack trace, and a message
 * that shows each of `shown` (a text it contains or a pattern it matches).
 */
export function expectRefused(result: CliRun, ...shown: (string | RegExp)[]): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  for (const text of shown) {
    if (typeof text === 'string') expect(result.stderr).toContain(text);
    else expect(result.stderr).toMatch(text);
  }
  expect(result.stderr).not.toMatch(/^\s+at /m);
}
