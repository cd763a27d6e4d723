/**
 * Where a command's result goes (`--out FILE`, `--out -` or stdout), checked before any AWS call and
 * never lost after: a result that cannot be written to its file is printed on stdout instead.
 */
import { constants } from 'node:fs';
import { access, open, rm, stat } from 'node:fs/promises';
import { basename, dirname, resolve, sep } from 'node:path';
import { UserInputError } from '../errors';
import { packedText, temporaryFileOf, writeFileAtomic, type CliIo, type ResultText } from './io';
import { trackTemporaryFile, untrackTemporaryFile } from './temporary-files';
import { errnoCodeOf } from '../errno-code';

/** The name `-` gives standard output in `--out -`. */
export const STDOUT_NAME = '-';

/** True when the name can only name a directory: it ends with a separator, `.` or `..`. */
function namesDirectory(out: string): boolean {
  return out.endsWith('/') || out.endsWith(sep) || ['.', '..'].includes(basename(out));
}

/**
 * Checks that `--out` can be written, before anything is collected or changed: the name is a file's
 * (not `DIR/`, `.` or `..`), the file is writable and not a directory, and a regular file's
 * temporary file (`FILE.<pid>.tmp`, see ./io) can be created beside it (its directory exists and is
 * writable, the name is not too long): the check creates that file and removes it, so that what the
 * write will do is what is checked. `-` and no `--out` mean stdout.
 *
 * @throws UserInputError naming the flag, the file and why it cannot be written
 */
export async function checkOutput(out: string | undefined, flag = '--out'): Promise<void> {
  if (out === undefined || out === STDOUT_NAME) return;
  const fail = (why: string, cause?: unknown) =>
    new UserInputError(`${flag}: cannot write "${out}": ${why}`, { cause });
  if (out.trim() === '') throw fail('empty file name');
  if (out.includes('\0')) throw fail('the name holds a NUL character');
  if (namesDirectory(out)) throw fail("the name is a directory's, not a file's");
  const existing = await stat(out).catch((error: unknown) => {
    if (errnoCodeOf(error) === 'ENOENT') return undefined;
    throw fail(errnoCodeOf(error), error);
  });
  if (existing?.isDirectory()) throw fail('it is a directory');
  if (existing) {
    await access(out, constants.W_OK).catch((error: unknown) => {
      throw fail(errnoCodeOf(error), error);
    });
    if (!existing.isFile()) return; // a device or pipe is written in place
  }
  // A regular file is replaced through a temporary file in its directory: that must be writable.
  const directory = dirname(resolve(out));
  const parent = await stat(directory).catch((error: unknown) => {
    throw fail(`directory ${directory}: ${errnoCodeOf(error)}`, error);
  });
  if (!parent.isDirectory()) throw fail(`${directory} is not a directory`);
  await access(directory, constants.W_OK).catch((error: unknown) => {
    throw fail(`directory ${directory}: ${errnoCodeOf(error)}`, error);
  });
  await probeTemporaryFile(temporaryFileOf(out)).catch((error: unknown) => {
    throw fail(errnoCodeOf(error), error);
  });
}

/** Creates the temporary file an atomic write will use, and removes it. */
async function probeTemporaryFile(temporary: string): Promise<void> {
  trackTemporaryFile(temporary);
  try {
    const handle = await open(temporary, 'wx').catch((error: unknown) => {
      if (errnoCodeOf(error) === 'EEXIST') return undefined; // a leftover: the write replaces it
      throw error;
    });
    if (handle) {
      await handle.close();
      await rm(temporary, { force: true });
    }
  } finally {
    untrackTemporaryFile(temporary);
  }
}

/** Prints a result on stdout, in large pieces when it comes in pieces (they may be lines). */
function printResult(text: ResultText, io: CliIo): void {
  for (const piece of packedText(text)) io.out(piece);
}

/**
 * Writes a result to `--out` (atomically) or stdout. When the file cannot be written after all (the
 * disk filled, the directory went away), the result is printed on stdout instead and the failure on
 * stderr, so that nothing already done is lost.
 *
 * @param text - the result, or a function that makes its pieces (called again for stdout when the
 *   file fails: a large report is made piece by piece and never held whole)
 * @param what - what the result is, for the messages (`report`, `remediation`, `snapshot`)
 * @returns false when the file could not be written (the caller exits 1)
 */
export async function emitResult(
  text: string | (() => Iterable<string>),
  out: string | undefined,
  io: CliIo,
  what: string,
  quiet = false,
): Promise<boolean> {
  const content = (): ResultText => (typeof text === 'string' ? text : text());
  if (out === undefined || out === STDOUT_NAME) {
    printResult(content(), io);
    return true;
  }
  try {
    await writeFileAtomic(out, content());
  } catch (error) {
    io.err(
      `vpce-auditor: --out: cannot write "${out}": ${errnoCodeOf(error)}; the ${what} follows on stdout\n`,
    );
    printResult(content(), io);
    return false;
  }
  if (!quiet) io.err(`${what} written to ${out}\n`);
  return true;
}
