/**
 * Where a command's result goes (`--out FILE`, `--out -` or stdout), checked before any AWS call and
 * never lost after: a result that cannot be written to its file is printed on stdout instead.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserInputError } from '../errors';
import { writeFileAtomic, type CliIo } from './io';

/** The name `-` gives standard output in `--out -`. */
export const STDOUT_NAME = '-';

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * Checks that `--out` can be written, before anything is collected or changed: the file is writable
 * (or can be created in a writable directory) and is not a directory. `-` and no `--out` mean stdout.
 *
 * @throws UserInputError naming the flag, the file and why it cannot be written
 */
export async function checkOutput(out: string | undefined, flag = '--out'): Promise<void> {
  if (out === undefined || out === STDOUT_NAME) return;
  const fail = (why: string, cause?: unknown) =>
    new UserInputError(`${flag}: cannot write "${out}": ${why}`, { cause });
  if (out.trim() === '') throw fail('empty file name');
  const existing = await stat(out).catch((error: unknown) => {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw fail(codeOf(error), error);
  });
  if (existing?.isDirectory()) throw fail('it is a directory');
  if (existing) {
    await access(out, constants.W_OK).catch((error: unknown) => {
      throw fail(codeOf(error), error);
    });
    if (!existing.isFile()) return; // a device or pipe is written in place
  }
  // A regular file is replaced through a temporary file in its directory: that must be writable.
  const directory = dirname(resolve(out));
  const parent = await stat(directory).catch((error: unknown) => {
    throw fail(`directory ${directory}: ${codeOf(error)}`, error);
  });
  if (!parent.isDirectory()) throw fail(`${directory} is not a directory`);
  await access(directory, constants.W_OK).catch((error: unknown) => {
    throw fail(`directory ${directory}: ${codeOf(error)}`, error);
  });
}

/**
 * Writes a result to `--out` (atomically) or stdout. When the file cannot be written after all (the
 * disk filled, the directory went away), the result is printed on stdout instead and the failure on
 * stderr, so that nothing already done is lost.
 *
 * @param what - what the result is, for the messages (`report`, `remediation`, `snapshot`)
 * @returns false when the file could not be written (the caller exits 1)
 */
export async function emitResult(
  text: string,
  out: string | undefined,
  io: CliIo,
  what: string,
  quiet = false,
): Promise<boolean> {
  if (out === undefined || out === STDOUT_NAME) {
    io.out(text);
    return true;
  }
  try {
    await writeFileAtomic(out, text);
  } catch (error) {
    io.err(
      `vpce-auditor: --out: cannot write "${out}": ${codeOf(error)}; the ${what} follows on stdout\n`,
    );
    io.out(text);
    return false;
  }
  if (!quiet) io.err(`${what} written to ${out}\n`);
  return true;
}
