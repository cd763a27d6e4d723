/** Reading and validating a snapshot file (Contract 1). */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { SnapshotValidationError, UserInputError } from '../errors';
import { formatIssues } from '../validation';
import {
  looksLikeOrganizationSnapshot,
  OrganizationSnapshotSchema,
  type OrganizationSnapshot,
} from './organization-snapshot';
import { SnapshotSchema, type Snapshot } from './schema';

/**
 * A conformance scenario (`{name, description, snapshot, expect}`) holds its snapshot under
 * `snapshot`: accept such a file as-is so that any scenario can be audited directly.
 */
function unwrapScenario(data: unknown): unknown {
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    const record = data as Record<string, unknown>;
    if (
      record.regions === undefined &&
      record.snapshot !== null &&
      typeof record.snapshot === 'object'
    ) {
      return record.snapshot;
    }
  }
  return data;
}

/**
 * Validates already-parsed JSON as a snapshot.
 *
 * @param data - the parsed JSON
 * @param source - what to call it in error messages (a file name)
 * @throws SnapshotValidationError naming every invalid field with its value
 */
export function parseSnapshot(data: unknown, source = 'snapshot'): Snapshot {
  data = unwrapScenario(data);
  const result = SnapshotSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new SnapshotValidationError(source, formatIssues(result.error, data), {
      cause: result.error,
    });
  }
  return result.data;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserInputError(`${source} is not valid JSON: ${reason}`, { cause: error });
  }
}

/** Parses snapshot JSON text; malformed JSON is a {@link UserInputError} naming the source. */
export function parseSnapshotText(text: string, source = 'snapshot'): Snapshot {
  return parseSnapshot(parseJson(text, source), source);
}

/**
 * Decodes a snapshot file's bytes: UTF-8, with or without a byte order mark, or UTF-16 with one
 * (what Windows PowerShell 5 writes for `aws ec2 ... > snapshot.json`). RFC 8259 lets a parser
 * ignore the mark; `JSON.parse` would call it an unexpected token.
 */
export function decodeSnapshotBytes(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The first bytes of a file (fewer when it is shorter). */
function headOf(file: string, length: number): Buffer {
  const descriptor = openSync(file, 'r');
  try {
    const head = Buffer.alloc(length);
    return head.subarray(0, readSync(descriptor, head, 0, length, 0));
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Reads a snapshot file as text. UTF-8 (the usual case) is read with `readFileSync(file, 'utf8')`,
 * which decodes straight into one flat string with no intermediate Buffer: for a snapshot of hundreds
 * of megabytes, holding the bytes and the text at once would add their size to the peak memory
 * (bench/analysis: about 600 MiB instead of 1 GiB on 100 000 subnets), and `fs/promises` `readFile`
 * would build the string from chunks that `JSON.parse` must copy again. Only a UTF-16 file (byte
 * order mark first) goes through a Buffer.
 */
function readSnapshotText(file: string): string {
  const head = headOf(file, 2);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (utf16) return decodeSnapshotBytes(readFileSync(file));
  const text = readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads and parses a JSON file. Synchronous on purpose (see {@link readSnapshotText}); the text is
 * unreachable once this returns, so it can be collected while the snapshot is validated.
 */
function readJson(file: string): unknown {
  let text: string;
  try {
    text = readSnapshotText(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UserInputError(`cannot read snapshot ${file}: ${code}`, { cause: error });
  }
  return parseJson(text, file);
}

/** Reads, parses and validates a snapshot file (async so that every failure is a rejection). */
export async function loadSnapshot(file: string): Promise<Snapshot> {
  return parseSnapshot(readJson(file), file);
}

/** A snapshot of one account or of many (a `--org` / `--accounts` run). */
export type AnySnapshot =
  | { kind: 'account'; snapshot: Snapshot }
  | { kind: 'organization'; snapshot: OrganizationSnapshot };

/**
 * Validates already-parsed JSON as a multi-account snapshot.
 *
 * @throws SnapshotValidationError naming every invalid field with its value
 */
export function parseOrganizationSnapshot(
  data: unknown,
  source = 'snapshot',
): OrganizationSnapshot {
  const result = OrganizationSnapshotSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new SnapshotValidationError(source, formatIssues(result.error, data), {
      cause: result.error,
    });
  }
  for (const [key, account] of Object.entries(result.data.accounts)) {
    if (account.accountId !== key) {
      throw new SnapshotValidationError(source, [
        `accounts.${key}.accountId: "${account.accountId}" is not the account id it is filed under ("${key}")`,
      ]);
    }
  }
  return result.data;
}

/** Reads a snapshot file of one account or of many (told apart by `accounts` without `regions`). */
export async function loadAnySnapshot(file: string): Promise<AnySnapshot> {
  const data = readJson(file);
  if (looksLikeOrganizationSnapshot(data)) {
    return { kind: 'organization', snapshot: parseOrganizationSnapshot(data, file) };
  }
  return { kind: 'account', snapshot: parseSnapshot(data, file) };
}
