/**
 * The previous night's organization report, read account by account in account-id order: the JSON
 * Lines form (`latest/report.jsonl`) as it streams in, or, on the first night after an upgrade, the
 * single JSON document written before (`latest/report.json`), split by account. Each account comes
 * as a small report of its own that the finding history compares with that account's report.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { parseReport } from '../../history/report-file';
import {
  isReportLinesHeader,
  ReportLinesError,
  type AccountLine,
  type ReportLinesHeader,
} from '../../history/report-lines';
import { LATEST_RUN_REPORT_KEY, LATEST_RUN_REPORT_LINES_KEY, s3Uri } from '../../store/report-keys';
import type { ReportStore } from '../../store/report-store';
import { readLines } from '../../store/report-stream';
import type { CostSummary, Report, ServiceName } from '../../types';
import { compareText } from '../../text-order';

/** One account of the previous report. */
export interface PreviousAccount {
  accountId: string;
  /** What the history reads of it: its findings, carried findings and NAT cost lines. */
  report: Report;
}

/** The previous report, open for reading. */
export interface PreviousReport {
  generatedAt: string;
  /** Its accounts, by account id. */
  accounts: AsyncIterator<PreviousAccount>;
}

/** The report of one account as the history reads it. */
export function previousAccountReport(input: {
  accountId: string;
  generatedAt: string;
  services?: ServiceName[];
  line: Pick<AccountLine, 'findings' | 'carried' | 'account'> & {
    gateways?: CostSummary['gateways'];
  };
}): Report {
  const { line } = input;
  return {
    schemaVersion: 1,
    generatedAt: input.generatedAt,
    accountId: input.accountId,
    accounts: line.account ? [line.account] : [],
    regions: line.account?.regions ?? [],
    ...(input.services ? { services: input.services } : {}),
    summary: {
      subnets: 0,
      leakingSubnets: 0,
      byPath: {},
      ...(line.gateways
        ? {
            cost: {
              basis: 'nat-data-processing',
              upperBound: true,
              days: 0,
              startTime: input.generatedAt,
              endTime: input.generatedAt,
              partial: false,
              knownRegions: [],
              unknownRegions: [],
              gateways: line.gateways,
              notes: [],
            } as CostSummary,
          }
        : {}),
    },
    subnets: [],
    findings: line.findings,
    errors: [],
    carried: line.carried,
  };
}

async function* fromLines(
  header: ReportLinesHeader,
  lines: AsyncIterator<string>,
): AsyncGenerator<PreviousAccount> {
  for (;;) {
    const next = await lines.next();
    if (next.done === true) return;
    if (next.value.trim() === '') continue;
    const parsed = JSON.parse(next.value) as AccountLine & { end?: true };
    if (parsed.end === true) return;
    yield {
      accountId: parsed.accountId,
      report: previousAccountReport({
        accountId: parsed.accountId,
        generatedAt: header.generatedAt,
        ...(header.services ? { services: header.services } : {}),
        line: {
          findings: parsed.findings,
          carried: parsed.carried,
          ...(parsed.account ? { account: parsed.account } : {}),
          ...(parsed.cost ? { gateways: parsed.cost.gateways } : {}),
        },
      }),
    };
  }
}

async function* fromWhole(whole: Report): AsyncGenerator<PreviousAccount> {
  const ids = new Set<string>();
  for (const finding of [...whole.findings, ...(whole.carried ?? [])]) ids.add(finding.accountId);
  for (const account of whole.accounts ?? []) ids.add(account.accountId);
  for (const accountId of [...ids].sort(compareText)) {
    const account = whole.accounts?.find((entry) => entry.accountId === accountId);
    yield {
      accountId,
      report: previousAccountReport({
        accountId,
        generatedAt: whole.generatedAt,
        ...(whole.services ? { services: whole.services } : {}),
        line: {
          findings: whole.findings.filter((finding) => finding.accountId === accountId),
          carried: (whole.carried ?? []).filter((finding) => finding.accountId === accountId),
          ...(account ? { account } : {}),
          ...(whole.summary.cost
            ? {
                gateways: whole.summary.cost.gateways.filter(
                  (line) => (line.accountId ?? whole.accountId) === accountId,
                ),
              }
            : {}),
        },
      }),
    };
  }
}

/**
 * Opens the previous merged report, or `undefined` on a first run.
 *
 * @throws when it exists but cannot be read (the caller runs without history then)
 */
export async function openPreviousReport(
  s3: S3Client,
  store: ReportStore,
): Promise<PreviousReport | undefined> {
  const lines = await readLines(s3, store.bucket, LATEST_RUN_REPORT_LINES_KEY);
  if (lines) {
    const iterator = lines[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done === true || !isReportLinesHeader(first.value)) {
      throw new ReportLinesError(
        `${s3Uri(store.bucket, LATEST_RUN_REPORT_LINES_KEY)} does not start with a report-lines header`,
      );
    }
    const header = JSON.parse(first.value) as ReportLinesHeader;
    return { generatedAt: header.generatedAt, accounts: fromLines(header, iterator) };
  }
  const stored = await store.getJson(LATEST_RUN_REPORT_KEY);
  if (stored === undefined) return undefined;
  const whole = parseReport(stored, s3Uri(store.bucket, LATEST_RUN_REPORT_KEY));
  return { generatedAt: whole.generatedAt, accounts: fromWhole(whole) };
}
