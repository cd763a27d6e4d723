import type { CliIo } from '../../src/cli/io';

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
