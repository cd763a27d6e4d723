/**
 * The organization report as JSON Lines (docs/report.md, "The organization report as JSON Lines"):
 * no single string holds the whole report, so it can be written, copied and read back account by
 * account whatever the size of the organization.
 *
 * - line 1, the header: `{ "reportLines": 1, schemaVersion, generatedAt, accountId, organizationId?, services? }`;
 * - then one line per account, by account id: `{ "accountId", "account"?, "subnets", "findings",
 *   "errors", "vpcs", "resolved", "carried", "cost"? }` (`account` is absent for an account that is
 *   no longer selected and only carries earlier findings);
 * - the last line, the trailer: `{ "end": true, regions, summary, errors, securityHub? }` (its
 *   summary's cost lists are in the account lines).
 *
 * Pure: lines in, a report out (the reader of a file or an S3 object gives the lines).
 */
import type {
  AccountReport,
  CarriedFinding,
  CostSummary,
  Finding,
  RegionError,
  Report,
  ReportSummary,
  ResolvedFinding,
  SecurityHubSummary,
  ServiceName,
  SubnetReport,
  VpcSummary,
} from '../types';
import { compareVpcs } from '../analysis/rollup';
import { UserInputError } from '../errors';
import { parseJsonOrIssue } from '../json-syntax';

/** The marker of the header line (its value is the version of the layout). */
export const REPORT_LINES_MARKER = 'reportLines';

/** The first line. */
export interface ReportLinesHeader {
  reportLines: 1;
  schemaVersion: 1;
  generatedAt: string;
  accountId: string;
  organizationId?: string;
  services?: ServiceName[];
}

/** The cost lines of one account (those of `summary.cost` in a whole report). */
export interface AccountCostLines {
  gateways: CostSummary['gateways'];
  transitGatewayAttachments?: NonNullable<CostSummary['transitGatewayAttachments']>;
  notes: string[];
}

/** One account's line. */
export interface AccountLine {
  accountId: string;
  /** The account's entry of `accounts[]`; absent when it only carries earlier findings. */
  account?: AccountReport;
  subnets: SubnetReport[];
  findings: Finding[];
  errors: RegionError[];
  vpcs: VpcSummary[];
  resolved: ResolvedFinding[];
  carried: CarriedFinding[];
  cost?: AccountCostLines;
}

/** The last line. */
export interface ReportLinesTrailer {
  end: true;
  regions: string[];
  summary: ReportSummary;
  /** Errors that belong to no account line (none today; kept for the run's own failures). */
  errors: RegionError[];
  securityHub?: SecurityHubSummary;
}

/**
 * The line of one account's report (its cost lines named by the account, its notes prefixed with
 * it); with `withEntry`, its `accounts[]` entry too (absent for an account that only carries
 * earlier findings).
 */
export function accountLineOf(report: Report, withEntry: boolean): AccountLine {
  const cost = report.summary.cost;
  const entry = report.accounts?.[0];
  return {
    accountId: report.accountId,
    ...(withEntry && entry ? { account: entry } : {}),
    subnets: report.subnets,
    findings: report.findings,
    errors: report.errors,
    vpcs: report.vpcs ?? [],
    resolved: report.resolved ?? [],
    carried: report.carried ?? [],
    ...(cost
      ? {
          cost: {
            gateways: cost.gateways.map((line) => ({ accountId: report.accountId, ...line })),
            ...(cost.transitGatewayAttachments
              ? {
                  transitGatewayAttachments: cost.transitGatewayAttachments.map((line) => ({
                    accountId: report.accountId,
                    ...line,
                  })),
                }
              : {}),
            notes: cost.notes.map((note) => `${report.accountId}: ${note}`),
          },
        }
      : {}),
  };
}

/** True when the first line of a text is a report-lines header. */
export function isReportLinesHeader(firstLine: string): boolean {
  if (!firstLine.startsWith('{')) return false;
  try {
    const parsed = JSON.parse(firstLine) as Record<string, unknown>;
    return parsed[REPORT_LINES_MARKER] === 1;
  } catch {
    return false;
  }
}

/** The report-lines form could not be read back (a file given to the CLI: exit 2). */
export class ReportLinesError extends UserInputError {
  public override readonly name: string = 'ReportLinesError';
}

/**
 * Assembles the whole report from its lines (the CLI's `diff` and `--baseline` read a stored
 * organization report this way). The lines must be in the order they were written.
 *
 * @throws ReportLinesError when the header or the trailer is missing or a line is not JSON
 */
export async function assembleReportLines(lines: AsyncIterable<string>): Promise<Report> {
  let header: ReportLinesHeader | undefined;
  let trailer: ReportLinesTrailer | undefined;
  const accounts: AccountReport[] = [];
  const subnets: SubnetReport[] = [];
  const findings: Finding[] = [];
  const errors: RegionError[] = [];
  const vpcs: VpcSummary[] = [];
  const resolved: ResolvedFinding[] = [];
  const carried: CarriedFinding[] = [];
  const gateways: CostSummary['gateways'] = [];
  const attachments: NonNullable<CostSummary['transitGatewayAttachments']> = [];
  const notes: string[] = [];
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    const read = parseJsonOrIssue(text);
    if ('issue' in read) throw new ReportLinesError(`line ${number} is not JSON: ${read.issue}`);
    const parsed = read.value;
    const line = parsed as Record<string, unknown>;
    if (header === undefined) {
      if (line[REPORT_LINES_MARKER] !== 1) {
        throw new ReportLinesError('line 1 is not a report-lines header ({"reportLines":1,…})');
      }
      header = parsed as ReportLinesHeader;
      continue;
    }
    if (line.end === true) {
      trailer = parsed as ReportLinesTrailer;
      continue;
    }
    const account = parsed as AccountLine;
    if (account.account) accounts.push(account.account);
    subnets.push(...account.subnets);
    findings.push(...account.findings);
    errors.push(...account.errors);
    vpcs.push(...account.vpcs);
    resolved.push(...account.resolved);
    carried.push(...account.carried);
    if (account.cost) {
      gateways.push(...account.cost.gateways);
      attachments.push(...(account.cost.transitGatewayAttachments ?? []));
      notes.push(...account.cost.notes);
    }
  }
  if (header === undefined) throw new ReportLinesError('the report lines are empty');
  if (trailer === undefined) {
    throw new ReportLinesError('the report lines end without their trailer ({"end":true,…})');
  }
  const summary: ReportSummary = { ...trailer.summary };
  if (summary.cost) {
    summary.cost = { ...summary.cost, gateways, notes };
    if (attachments.length > 0) summary.cost.transitGatewayAttachments = attachments;
  }
  return {
    schemaVersion: 1,
    generatedAt: header.generatedAt,
    accountId: header.accountId,
    ...(header.organizationId !== undefined ? { organizationId: header.organizationId } : {}),
    accounts,
    regions: trailer.regions,
    ...(header.services ? { services: header.services } : {}),
    summary,
    subnets,
    findings,
    errors: [...errors, ...trailer.errors],
    resolved,
    carried,
    vpcs: vpcs.sort(compareVpcs),
    ...(trailer.securityHub ? { securityHub: trailer.securityHub } : {}),
  };
}

/** Splits a stream of bytes into lines (UTF-8; the last line may lack its newline). */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = rest.indexOf('\n');
    while (newline >= 0) {
      yield rest.slice(0, newline);
      rest = rest.slice(newline + 1);
      newline = rest.indexOf('\n');
    }
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

/** Lines of a text (a whole file read at once, for small reports and tests). */
export async function* linesOf(text: string): AsyncGenerator<string> {
  for (const line of text.split('\n')) yield line;
}
