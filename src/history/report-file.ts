/**
 * Reading a saved JSON report (`audit --baseline FILE`, `diff OLD NEW`): the fields a comparison
 * reads are validated, everything else is kept as it is. A report written before findings carried
 * their account gets it from the report, and its ids are rebuilt in the current form.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import * as z from 'zod';
import { findingIdOf } from '../analysis/finding-id';
import { UserInputError } from '../errors';
import { parseJsonText, readInput } from '../json-file';
import { jsonStructureIssue } from '../json-limits';
import { lazy } from '../lazy';
import {
  PATHS,
  REMEDIATION_KINDS,
  SERVICES,
  SEVERITIES,
  type Report,
  type Severity,
} from '../types';
import { formatIssues } from '../validation';
import { assembleReportLines, isReportLinesHeader, linesOf, splitLines } from './report-lines';

/**
 * True when `file` is a regular file whose first line is a report-lines header (a missing file, a
 * pipe or a device answers false: they are read whole, within the limit, by ../json-file).
 */
async function isReportLinesFile(file: string): Promise<boolean> {
  // Told apart by name before opening: opening a pipe and closing it would make its writer fail.
  const regular = await stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  );
  if (!regular) return false;
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return false;
  }
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return isReportLinesHeader(firstLineOf(buffer.subarray(0, bytesRead).toString('utf8')));
  } finally {
    await handle.close();
  }
}

/** The text's first line (without its newline), or '' when there is no newline in it. */
function firstLineOf(text: string): string {
  const newline = text.indexOf('\n');
  return newline >= 0 ? text.slice(0, newline) : '';
}

/** The report file is not a vpce-auditor JSON report; `issues` lists each problem with its field. */
export class ReportValidationError extends UserInputError {
  public override readonly name: string = 'ReportValidationError';
  public constructor(
    public readonly source: string,
    public readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(`${source} is not a valid vpce-auditor JSON report:\n  ${issues.join('\n  ')}`, options);
  }
}

/**
 * The fields of a report a comparison reads, as a zod schema built on first use (only the commands
 * that read a saved report need it).
 */
const reportFileSchema = lazy(() => {
  const IsoTime = z.string().refine((value) => !Number.isNaN(Date.parse(value)), {
    message: 'is not an ISO 8601 time',
  });
  const Service = z.enum(SERVICES);
  const PathName = z.enum(PATHS as [string, ...string[]]);

  const FindingSchema = z.looseObject({
    id: z.string(),
    accountId: z.string().optional(),
    severity: z.enum(SEVERITIES as [Severity, ...Severity[]]),
    region: z.string().min(1),
    vpcId: z.string(),
    routeTableId: z.string().min(1),
    subnetIds: z.array(z.string()),
    service: Service,
    path: PathName,
    targets: z.array(z.string()),
    remediation: z.enum(REMEDIATION_KINDS),
    reason: z.string(),
    exempt: z.boolean(),
    estimatedMonthlyUsd: z.number().nonnegative().optional(),
    status: z.enum(['new', 'persisting']).optional(),
    firstSeen: IsoTime.optional(),
  });

  return z.looseObject({
    schemaVersion: z.literal(1),
    generatedAt: IsoTime,
    accountId: z.string().min(1),
    regions: z.array(z.string()),
    services: z.array(Service).optional(),
    summary: z.looseObject({ subnets: z.number(), leakingSubnets: z.number() }),
    subnets: z.array(
      z.looseObject({
        accountId: z.string().optional(),
        region: z.string(),
        vpcId: z.string(),
        subnetId: z.string(),
        routeTableId: z.string().nullable(),
        exempt: z.boolean(),
        services: z.record(
          Service,
          z.looseObject({ path: PathName, leaking: z.boolean() }).optional(),
        ),
      }),
    ),
    findings: z.array(FindingSchema),
    errors: z.array(
      z.looseObject({
        accountId: z.string().optional(),
        region: z.string(),
        operation: z.string(),
        code: z.string(),
        message: z.string(),
      }),
    ),
    accounts: z
      .array(
        z.looseObject({
          accountId: z.string(),
          status: z.enum(['audited', 'failed', 'exempt', 'skipped']),
          regions: z.array(z.string()),
        }),
      )
      .optional(),
    carried: z
      .array(FindingSchema.extend({ carriedBecause: z.enum(['failed', 'not-audited']) }))
      .optional(),
  });
});

/** Findings keyed in the current id form, with their account. */
function normalised(report: Report): Report {
  const withAccount = <T extends { accountId?: string }>(entry: T) =>
    entry.accountId !== undefined && entry.accountId !== ''
      ? entry
      : { ...entry, accountId: report.accountId };
  const rekeyed = <T extends Report['findings'][number]>(finding: T): T => {
    const full = withAccount(finding);
    return { ...full, id: findingIdOf(full) };
  };
  return {
    ...report,
    findings: report.findings.map(rekeyed),
    ...(report.carried ? { carried: report.carried.map(rekeyed) } : {}),
  };
}

/**
 * Validates parsed JSON as a report.
 *
 * @throws ReportValidationError naming each invalid field and its value
 */
export function parseReport(data: unknown, source: string): Report {
  // A deeply nested document would overflow the stack of the recursive schema check.
  const structure = jsonStructureIssue(data);
  if (structure !== undefined) throw new ReportValidationError(source, [structure]);
  const result = reportFileSchema().safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new ReportValidationError(source, formatIssues(result.error, data), {
      cause: result.error,
    });
  }
  return normalised(result.data as unknown as Report);
}

async function assembled(
  lines: AsyncIterable<string>,
  file: string,
  flag: string,
): Promise<Report> {
  try {
    return await assembleReportLines(lines);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserInputError(`${flag}: "${file}" is not a valid report-lines file: ${reason}`, {
      cause: error,
    });
  }
}

/**
 * Reads, parses and validates a report file (of any kind: a pipe, `<(cmd)` and a device read like
 * a file, within the input limit).
 *
 * @param file - the path
 * @param flag - how the user named it (`--baseline`, `OLD`…), for the messages
 * @throws UserInputError when it cannot be read, is too large or is not JSON; ReportValidationError
 *   when it is not a report
 */
export async function loadReport(file: string, flag: string): Promise<Report> {
  const source = `${flag} ${file}`;
  if (await isReportLinesFile(file)) {
    // An organization report as JSON Lines: read line by line, never as one string.
    return parseReport(await assembled(splitLines(createReadStream(file)), file, flag), source);
  }
  const { text } = await readInput(file, { flag });
  if (isReportLinesHeader(firstLineOf(text))) {
    return parseReport(await assembled(linesOf(text), file, flag), source);
  }
  return parseReport(parseJsonText(text, file, flag), source);
}
