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

/** Bytes per write: the buffer the text is encoded into, reused from one write to the next. */
const WRITE_BYTES = 1 << 20;
/** Characters of one piece encoded at a time: at most 3 bytes each, so they always fit the buffer. */
const ENCODE_CHARS = WRITE_BYTES / 4;

/**
 * What a command writes: one string, or its pieces in order (a large report is made piece by piece
 * and never held whole; the pieces may be as small as a line).
 */
export type ResultText = string | Iterable<string>;

/**
 * The pieces of a text, each cut at most `chars` characters long, never between the two halves of
 * a surrogate pair.
 */
function* slices(content: ResultText, chars: number): Generator<string, void, undefined> {
  for (const text of typeof content === 'string' ? [content] : content) {
    if (text.length <= chars) {
      yield text;
      continue;
    }
    for (let start = 0; start < text.length;) {
      let end = Math.min(start + chars, text.length);
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
      yield text.slice(start, end);
      start = end;
    }
  }
}

/**
 * The pieces of a text joined into strings of about `chars` characters: for a writer that does
 * better with a few large strings than with many lines (stdout).
 */
export function* packedText(
  content: ResultText,
  chars: number = WRITE_BYTES,
): Generator<string, void, undefined> {
  if (typeof content === 'string') {
    yield content;
    return;
  }
  let packed = '';
  for (const piece of content) {
    packed += piece;
    if (packed.length >= chars) {
      yield packed;
      packed = '';
    }
  }
  if (packed.length > 0) yield packed;
}

/**
 * Writes text to a file: each piece is encoded (UTF-8) straight into one of two buffers, and a full
 * buffer is written while the next one is filled (the write runs on libuv's thread pool: making the
 * text and writing it overlap), one write at a time and in order. `writeFile(file, text)` would
 * first encode the whole text into one Buffer, adding the report's size to the peak memory of a
 * large audit; and gluing small pieces into large strings before encoding them costs more than the
 * encoding itself (each large string is copied once more to be made flat, and a fresh Buffer is
 * allocated for each).
 */
async function writeText(file: string, content: ResultText): Promise<void> {
  const handle = await open(file, 'w');
  let filling = Buffer.allocUnsafe(WRITE_BYTES);
  let spare = Buffer.allocUnsafe(WRITE_BYTES);
  let used = 0;
  // A pipe or a device may take part of a write: the rest is written again.
  const writeAll = async (buffer: Buffer, length: number): Promise<void> => {
    for (let done = 0; done < length;) {
      done += (await handle.write(buffer, done, length - done)).bytesWritten;
    }
  };
  let writing: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    await writing; // the other buffer is written: it can be filled next
    writing = writeAll(filling, used);
    // Awaited at the next flush; marked handled now, so that a failure is not reported as an
    // unhandled rejection while the next buffer is being filled.
    writing.catch(() => undefined);
    [filling, spare] = [spare, filling];
    used = 0;
  };
  try {
    for (const piece of slices(content, ENCODE_CHARS)) {
      if (used + piece.length * 3 > WRITE_BYTES) await flush();
      used += filling.write(piece, used, 'utf8');
    }
    await flush();
    await writing;
  } finally {
    await writing.catch(() => undefined);
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
