/** Reading and validating a snapshot file (or standard input). */
import { SnapshotValidationError, UserInputError } from '../errors';
import { readInput, STDIN_NAME } from '../json-file';
import { parseJsonOrIssue } from '../json-syntax';
import { formatIssues } from '../validation';
import { checkedSnapshotAsRead, quickSnapshot } from './quick-parse';
import { accountStatusIssues, snapshotIntegrityIssues } from './integrity';
import {
  firstInvalidUtf8Offset,
  jsonStructureIssue,
  pathOfReplacementCharacter,
} from '../json-limits';
import {
  looksLikeOrganizationSnapshot,
  organizationSnapshotSchemas,
  type OrganizationSnapshot,
} from './organization-snapshot';
import { snapshotSchemas, type Snapshot } from './schema';

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

/** Options of {@link parseSnapshot}. */
export interface ParseSnapshotOptions {
  /**
   * `false`: check the snapshot without copying it. The result is then the input's own objects,
   * unknown fields and all (a new top level carries the default account id): for a caller that only
   * reads the schema's fields and keeps nothing of the snapshot, such as the offline audit of a
   * large estate, where the copy cost more than the checks. Default `true`: the schema's result,
   * unknown fields dropped.
   */
  copy?: boolean;
}

/**
 * Validates already-parsed JSON as a snapshot.
 *
 * @param data - the parsed JSON
 * @param source - what to call it in error messages (a file name)
 * @throws SnapshotValidationError naming every invalid field with its value
 */
export function parseSnapshot(
  data: unknown,
  source = 'snapshot',
  options: ParseSnapshotOptions = {},
): Snapshot {
  const structure = jsonStructureIssue(data);
  if (structure !== undefined) throw new SnapshotValidationError(source, [structure]);
  data = unwrapScenario(data);
  // Valid input takes the quick path; anything else goes through zod, which names the problems.
  let snapshot = options.copy === false ? checkedSnapshotAsRead(data) : quickSnapshot(data);
  if (snapshot === undefined) {
    const result = snapshotSchemas().SnapshotSchema.safeParse(data, { reportInput: true });
    if (!result.success) {
      throw new SnapshotValidationError(source, formatIssues(result.error, data), {
        cause: result.error,
      });
    }
    snapshot = result.data;
  }
  const integrity = snapshotIntegrityIssues(snapshot);
  if (integrity.length > 0) throw new SnapshotValidationError(source, integrity);
  return snapshot;
}

function parseJson(text: string, source: string): unknown {
  const parsed = parseJsonOrIssue(text);
  if ('issue' in parsed) throw new UserInputError(`${source} is not valid JSON: ${parsed.issue}`);
  return parsed.value;
}

/** Parses snapshot JSON text; malformed JSON is a {@link UserInputError} naming the source. */
export function parseSnapshotText(text: string, source = 'snapshot'): Snapshot {
  return parseSnapshot(parseJson(text, source), source);
}

/** Parses text that holds U+FFFD, refusing it when the bytes it came from are not valid UTF-8. */
function parseCheckedUtf8(text: string, bytesOf: () => Buffer, source: string): unknown {
  const bytes = bytesOf();
  const utf16 =
    (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const offset = utf16 ? undefined : firstInvalidUtf8Offset(bytes, bytes.toString('utf8'));
  if (offset === undefined) return parseJson(text, source);
  let where = '';
  try {
    const path = pathOfReplacementCharacter(JSON.parse(text) as unknown);
    if (path !== undefined) where = `${path}: `;
  } catch {
    // The bytes are not even JSON: the offset alone says where.
  }
  throw new SnapshotValidationError(source, [
    `${where}invalid UTF-8 at byte offset ${offset}: a snapshot is UTF-8 (or UTF-16 with a byte order mark) text`,
  ]);
}

/** The name `-` gives standard input in `--snapshot -`. */
export { STDIN_NAME };

/**
 * Reads, parses and validates a snapshot file (async so that every failure is a rejection).
 *
 * @param file - the file, or `-` for standard input
 * @param stdin - standard input (default `process.stdin`), read when `file` is `-`
 */
export async function loadSnapshot(
  file: string,
  stdin: AsyncIterable<Uint8Array | string> = process.stdin,
): Promise<Snapshot> {
  const { data, source } = await readSnapshotData(file, stdin);
  return parseSnapshot(data, source);
}

/**
 * The parsed JSON of a snapshot (any kind of file, or standard input for `-`, through the one
 * bounded reader of ../json-file), and what to call it.
 */
async function readSnapshotData(
  file: string,
  stdin: AsyncIterable<Uint8Array | string>,
): Promise<{ data: unknown; source: string }> {
  const { text, source, bytes } = await readInput(file, {
    flag: '--snapshot',
    what: 'snapshot',
    stdin,
  });
  // Node decodes invalid UTF-8 to U+FFFD without a word: look closer only when one shows up.
  const data = text.includes('\uFFFD')
    ? parseCheckedUtf8(text, bytes, source)
    : parseJson(text, source);
  return { data, source };
}

/** A snapshot of one account or of many (a `--org` / `--accounts` run). */
export type AnySnapshot =
  | { kind: 'account'; snapshot: Snapshot }
  | { kind: 'organization'; snapshot: OrganizationSnapshot };

/**
 * Validates already-parsed JSON as a multi-account snapshot: its shape, then each account as a
 * single-account snapshot (the same integrity checks), filed under its own id.
 *
 * @throws SnapshotValidationError naming every invalid field with its value
 */
export function parseOrganizationSnapshot(
  data: unknown,
  source = 'snapshot',
): OrganizationSnapshot {
  const structure = jsonStructureIssue(data);
  if (structure !== undefined) throw new SnapshotValidationError(source, [structure]);
  const result = organizationSnapshotSchemas().OrganizationSnapshotSchema.safeParse(data, {
    reportInput: true,
  });
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
    const integrity = [
      ...accountStatusIssues(account),
      ...snapshotIntegrityIssues({
        schemaVersion: 1,
        accountId: key,
        regions: account.regions,
        errors: account.errors,
      }),
    ];
    if (integrity.length > 0) {
      throw new SnapshotValidationError(
        source,
        integrity.map((issue) => `accounts.${key}.${issue}`),
      );
    }
  }
  return result.data;
}

/**
 * Reads a snapshot of one account or of many (told apart by `accounts` without `regions`).
 *
 * @param file - the file, or `-` for standard input
 * @param options - how a single-account snapshot is validated (see {@link parseSnapshot})
 */
export async function loadAnySnapshot(
  file: string,
  stdin: AsyncIterable<Uint8Array | string> = process.stdin,
  options: ParseSnapshotOptions = {},
): Promise<AnySnapshot> {
  const { data, source } = await readSnapshotData(file, stdin);
  if (looksLikeOrganizationSnapshot(data)) {
    return { kind: 'organization', snapshot: parseOrganizationSnapshot(data, source) };
  }
  return { kind: 'account', snapshot: parseSnapshot(data, source, options) };
}
