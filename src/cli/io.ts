/** What the CLI touches outside itself, injected so that tests run it in-process. */
import { open, rename, rm, stat } from 'node:fs/promises';
import { watchInterrupts, type Interrupts } from './interrupt';
import { trackTemporaryFile, untrackTemporaryFile } from './temporary-files';

/** The CLI's side of the terminal and environment. */
export interface CliIo {
  /** Writes report text (stdout). */
  out(text: string): void;
  /** Writes progress and errors (stderr). */
  err(text: string): void;
  /** True when stderr is a terminal (progress is shown only then). */
  errIsTty: boolean;
  /** The width of stdout when it is a terminal (the table fits it unless `COLUMNS` says otherwise). */
  outColumns?: number;
  /** The environment variables. */
  env: NodeJS.ProcessEnv;
  /** Standard input, read by `--snapshot -` (default: the process's). */
  stdin?: AsyncIterable<Uint8Array | string>;
  /** How SIGINT/SIGTERM end the command (absent: the process's defaults). */
  interrupts?: Interrupts;
}

/**
 * A writer to stdout or stderr that outlives the reader closing its pipe (`audit | head -1`): the
 * first EPIPE is noted, then every later write is dropped, so the command ends with its own exit
 * code and no stack trace, and a command that changes AWS still finishes what it started. Any other
 * error of the stream is thrown as before.
 */
export function pipeWriter(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** The real process's I/O. */
export function processIo(): CliIo {
  return {
    out: pipeWriter(process.stdout),
    err: pipeWriter(process.stderr),
    errIsTty: process.stderr.isTTY === true,
    ...(process.stdout.isTTY === true && process.stdout.columns > 0
      ? { outColumns: process.stdout.columns }
      : {}),
    env: process.env,
    stdin: process.stdin,
    interrupts: watchInterrupts(),
  };
}

/** Characters encoded per write: a 100 MB report never exists twice, as text and as bytes. */
const WRITE_CHUNK = 1 << 20;

/**
 * What a command writes: one string, or its pieces in order (a large report is made piece by piece
 * and never held whole).
 */
export type ResultText = string | Iterable<string>;

/**
 * Writes text to a file chunk by chunk. `writeFile(file, text)` first encodes the whole text into one
 * Buffer, which adds the report's size to the peak memory of a large audit; a chunk never ends
 * between the two halves of a surrogate pair.
 */
async function writeText(file: string, content: ResultText): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (const text of typeof content === 'string' ? [content] : content) {
      for (let start = 0; start < text.length;) {
        let end = Math.min(start + WRITE_CHUNK, text.length);
        const last = text.charCodeAt(end - 1);
        if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
        await handle.write(text.slice(start, end), null, 'utf8');
        start = end;
      }
    }
  } finally {
    await handle.close();
  }
}

/** The temporary file an atomic write of `file` goes through: `FILE.<pid>.tmp` beside it. */
export function temporaryFileOf(file: string): string {
  return `${file}.${process.pid}.tmp`;
}

/**
 * Writes a file atomically (temporary file, then rename), so a reader never sees half a report. A
 * target that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is written
 * directly: it cannot be replaced by a rename.
 */
export async function writeFileAtomic(file: string, content: ResultText): Promise<void> {
  const existing = await stat(file).catch(() => undefined);
  if (existing && !existing.isFile()) {
    await writeText(file, content);
    return;
  }
  const temporary = temporaryFileOf(file);
  // A signal that ends the process while the file is written removes it (./interrupt).
  trackTemporaryFile(temporary);
  try {
    await writeText(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    untrackTemporaryFile(temporary);
  }
}
