/**
 * The one reader of every file a user names (a snapshot, a report, a baseline, a measurement, a
 * policy…), or of standard input (`-`). Whatever the name is, a regular file, a pipe or `<(cmd)`, a
 * character device (`/dev/stdin`, `/dev/zero`) or standard input, it is read the same way and never
 * past a limit: a regular file over it is refused before it is read, anything else is refused as
 * soon as the bytes read go over it (so `/dev/zero` cannot grow without bound). No read is
 * positioned, so a pipe reads like a file.
 */
import { readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { UserInputError } from './errors';
import { MAX_INPUT_BYTES, jsonStructureIssue } from './json-limits';
import { parseJsonOrIssue } from './json-syntax';
import { errnoCodeOf } from './errno-code';

/** The name `-` gives standard input. */
export const STDIN_NAME = '-';

/** How an input is read. */
export interface InputOptions {
  /** How the user named it (`--snapshot`, `--baseline`, `OLD`…), for the messages. */
  flag: string;
  /** The most bytes it may have (default {@link MAX_INPUT_BYTES}). */
  maxBytes?: number;
  /** What it is, for the messages (`snapshot`, `policy file`; default: no word). */
  what?: string;
  /** Standard input, read when the name is `-` (default `process.stdin`). */
  stdin?: AsyncIterable<Uint8Array | string>;
}

/** What was read: its text, and its bytes on demand (held for a stream, read again for a file). */
export interface InputContent {
  /** What to call it in messages: the file name, or `standard input`. */
  source: string;
  /** The text: UTF-8 (its byte order mark dropped) or UTF-16 with a byte order mark. */
  text: string;
  /** The bytes the text came from (to check that they were valid UTF-8). */
  bytes: () => Buffer;
}

/** The input is over its limit. */
export class InputTooLargeError extends UserInputError {
  public override readonly name: string = 'InputTooLargeError';
}

/**
 * Decodes an input's bytes: UTF-8, with or without a byte order mark, or UTF-16 with one (what
 * Windows PowerShell 5 writes for `aws ec2 ... > snapshot.json`). RFC 8259 lets a parser ignore the
 * mark; `JSON.parse` would call it an unexpected token.
 */
export function decodeInputBytes(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return withoutBom(bytes.toString('utf8'));
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The bytes JSON text may begin with: whitespace, `{`, `[`, or a byte order mark's first. */
const JSON_START = new Set([0x20, 0x09, 0x0a, 0x0d, 0x7b, 0x5b, 0xef, 0xfe, 0xff]);

/**
 * Accumulates a stream's chunks within the limit, refusing at once a stream whose first byte cannot
 * begin JSON (`/dev/zero`, `/dev/urandom`): every input read this way is JSON.
 */
class BoundedBytes {
  private readonly parts: Buffer[] = [];
  private size = 0;

  public constructor(
    private readonly notJson: (why: string) => UserInputError,
    private readonly maxBytes: number,
    private readonly tooLarge: (size: string) => InputTooLargeError,
  ) {}

  public add(part: Buffer): void {
    if (part.length === 0) return;
    if (this.size === 0 && !JSON_START.has(part[0] as number)) {
      throw this.notJson(
        `its first byte is 0x${(part[0] as number).toString(16).padStart(2, '0')} (JSON begins with "{" or "[")`,
      );
    }
    this.size += part.length;
    if (this.size > this.maxBytes) throw this.tooLarge(`more than ${this.maxBytes}`);
    this.parts.push(part);
  }

  public bytes(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}

const CHUNK_BYTES = 64 * 1024;

/** Reads a pipe or device to its end (unpositioned reads), within the limit. */
async function readStream(handle: FileHandle, into: BoundedBytes): Promise<Buffer> {
  for (;;) {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) return into.bytes();
    into.add(buffer.subarray(0, bytesRead));
  }
}

/**
 * Reads an input (a file of any kind, or `-` for standard input) within its limit.
 *
 * A regular file is read whole into one Buffer and decoded; only the text is kept (the bytes are
 * read again if a caller asks for them), so a snapshot's bytes never live beside the whole audit.
 * Anything else is read as bytes.
 *
 * @throws UserInputError naming the flag and the file: it cannot be read (the error code), is over
 *   the limit ({@link InputTooLargeError}, naming the limit), or a stream does not begin as JSON
 */
export async function readInput(file: string, options: InputOptions): Promise<InputContent> {
  const { flag } = options;
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  const source = file === STDIN_NAME ? 'standard input' : file;
  const named = options.what === undefined ? nameOf(file) : `${options.what} ${nameOf(file)}`;
  const fail = (why: string, cause?: unknown) =>
    new UserInputError(`${flag}: cannot read ${named}: ${why}`, { cause });
  const tooLarge = (size: string) =>
    new InputTooLargeError(
      `${flag}: ${named} is too large: ${size} bytes, over the limit of ${maxBytes} bytes`,
    );
  const notJson = (why: string) => new UserInputError(`${flag}: ${named} is not JSON: ${why}`);
  const bounded = new BoundedBytes(notJson, maxBytes, tooLarge);
  if (file === STDIN_NAME) {
    for await (const chunk of options.stdin ?? process.stdin) {
      bounded.add(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    }
    const bytes = bounded.bytes();
    return { source, text: decodeInputBytes(bytes), bytes: () => bytes };
  }
  if (file === '') throw fail('empty file name');
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw fail(errnoCodeOf(error), error);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw fail('EISDIR (it is a directory)');
    if (!stats.isFile()) {
      const bytes = await readStream(handle, bounded);
      return { source, text: decodeInputBytes(bytes), bytes: () => bytes };
    }
    if (stats.size > maxBytes) throw tooLarge(String(stats.size));
    // The bytes are read whole, decoded, and let go at once: read into one Buffer and decoded in
    // one call, a file is read in two thirds of the time `readFileSync(fd, 'utf8')` takes (490
    // against 680 ms for 64 MB, bench/analysis), and only the text outlives this function.
    return {
      source,
      text: decodeInputBytes(readFileSync(handle.fd)),
      bytes: () => readFileSync(file),
    };
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    throw fail(errnoCodeOf(error), error);
  } finally {
    await handle.close();
  }
}

/**
 * Reads an input ({@link readInput}) and parses it as JSON within the structure limits
 * (`jsonStructureIssue`: no nesting deep enough to overflow a recursive reader, no number out of
 * range).
 *
 * @param file - the path, or `-` for standard input
 * @param flag - how the user named it (`--traffic`, `--baseline`, `OLD`…), for the messages
 * @throws UserInputError when it cannot be read (naming the error code), is over its limit, is not
 *   JSON, or breaks a structure limit (naming where)
 */
export async function readJsonFile(
  file: string,
  flag: string,
  options: Omit<InputOptions, 'flag'> = {},
): Promise<unknown> {
  const { text } = await readInput(file, { ...options, flag });
  const data = parseJsonText(text, file, flag);
  const issue = jsonStructureIssue(data);
  if (issue !== undefined) throw new UserInputError(`${flag}: ${nameOf(file)}: ${issue}`);
  return data;
}

function nameOf(file: string): string {
  return file === STDIN_NAME ? 'standard input' : `"${file}"`;
}

/**
 * Parses an input's text as JSON; a refusal names where, never quoting the text.
 *
 * @throws UserInputError naming the flag and the file when it is not JSON
 */
export function parseJsonText(text: string, file: string, flag: string): unknown {
  const parsed = parseJsonOrIssue(text);
  if ('issue' in parsed) {
    throw new UserInputError(`${flag}: ${nameOf(file)} is not valid JSON: ${parsed.issue}`);
  }
  return parsed.value;
}
