/**
 * The Aggregate function, last step of the organization state machine: reads the selection, the
 * distributed map's results (the ResultWriter manifest and its result files: each child's summary,
 * the failures its Catch recorded, and children that failed or never ran) and then each account's
 * report in account-id order, one at a time: compares it with that account's lines of the previous
 * merged report (`latest/report.jsonl`, read along before it is replaced: new / persisting leaks,
 * `firstSeen`, the resolved ones, never resolving anything in an account or region that failed this
 * run), folds it into the totals and writes it as one line of `runs/<runId>/report.jsonl` (a
 * multipart upload), so memory does not grow with the organization. The report is serialised once
 * and copied server-side to `reports/<scope>/<yyyy>/<mm>/<dd>/<runId>.jsonl`,
 * `reports/<scope>/latest.jsonl` (scope: the organization id, or the management account's id) and
 * `latest/report.jsonl`. Then it publishes one SNS message for the organization (honouring `NOTIFY`
 * and `NOTIFY_MIN_SEVERITY`; a digest within SNS's limit) and the metrics (totals with
 * `NewFindings` / `ResolvedFindings`; with `ACCOUNT_METRICS=true`, `LeakingSubnets` /
 * `EstimatedMonthlyUsd` per `AccountId` too).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { accountEntry, type AccountOutcome } from '../../accounts/merge-reports';
import { OrganizationFold } from '../../accounts/organization-fold';
import { withHistory } from '../../history/compare';
import {
  accountLineOf,
  type ReportLinesHeader,
  type ReportLinesTrailer,
} from '../../history/report-lines';
import type { Config } from '../../config';
import { VpceAuditorError } from '../../errors';
import { buildAccountMetricData, buildMetricData } from '../../publish/metrics';
import { publishMetrics, type MetricsOutcome } from '../../publish/metrics-publisher';
import { PublishError } from '../../publish/publish-error';
import { notificationPolicy } from '../../publish/notification-policy';
import { publishReport } from '../../publish/sns-publisher';
import type { SnsOutcome } from '../../publish/types';
import {
  LATEST_RUN_REPORT_LINES_KEY,
  latestReportKey,
  linesKeyOf,
  reportKey as historyReportKey,
  runKey,
} from '../../store/report-keys';
import type { ReportStore } from '../../store/report-store';
import { copyObject, createLineUpload } from '../../store/report-stream';
import type { AccountStatus, RegionError, Report, ReportSummary } from '../../types';
import { addLambdaContext, errorSummary, type LambdaHandler } from '../cold-start';
import { recordPublishFailure } from '../publish-failure';
import type { HistoryOutcome } from '../stored-history';
import {
  openPreviousReport,
  previousAccountReport,
  type PreviousAccount,
  type PreviousReport,
} from './previous-report';
import {
  AggregatePayloadSchema,
  AuditAccountPayloadSchema,
  CaughtFailureSchema,
  ChildResultSchema,
  ResultManifestSchema,
  parsePayload,
} from './org-payloads';
import { RunSelectionSchema } from './run-selection';

/** What the Aggregate handler needs, built once by the caller. */
export interface AggregateDeps {
  config: Config;
  store: ReportStore;
  /** The report bucket's client, for the streamed report (multipart upload, copies, reading lines). */
  s3: S3Client;
  /** Absent when no topic is configured. */
  sns?: SNSClient;
  cloudwatch: CloudWatchClient;
  logger: Logger;
  /** The region named in the errors of accounts whose child failed (the stack's region). */
  region?: string;
  /** Publish `LeakingSubnets` / `EstimatedMonthlyUsd` per `AccountId` too (default false: they cost per account). */
  accountMetrics?: boolean;
}

/** What the Aggregate function returns. */
export interface AggregateResult {
  runId: string;
  organizationId?: string;
  /** The run's report, as JSON Lines (`runs/<runId>/report.jsonl`). */
  reportKey: string;
  /** Its size in bytes. */
  reportBytes: number;
  latestKey: string;
  /** The run's report in the report history (`reports/<scope>/<yyyy>/<mm>/<dd>/<runId>.jsonl`). */
  historyKey: string;
  /** The comparison with the previous merged report. */
  history: HistoryOutcome;
  accounts: Record<AccountStatus, number>;
  summary: ReportSummary;
  /** How many errors the report holds. */
  errors: number;
  notification: SnsOutcome;
  metrics: MetricsOutcome;
}

/** A file of the run is missing or not what the state machine writes. */
export class RunFileError extends VpceAuditorError {
  public override readonly name: string = 'RunFileError';
}

/** Reads files of the account reports at once. */
const READ_CONCURRENCY = 16;

async function readFile<T extends z.ZodType>(
  store: ReportStore,
  key: string,
  schema: T,
): Promise<z.infer<T>> {
  const data = await store.getJson(key);
  if (data === undefined) throw new RunFileError(`s3://${store.bucket}/${key} does not exist`);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new RunFileError(
      `s3://${store.bucket}/${key} is not what the run writes: ${parsed.error.message}`,
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}

/** What the map says of one account. */
type MapResult =
  { kind: 'summary'; key: string } | { kind: 'failed'; code: string; message: string };

function jsonOf(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const SummarySchema = z.object({ accountId: z.string(), key: z.string() });

/** The map's result of each account, from the ResultWriter manifest and result files. */
async function mapResults(
  store: ReportStore,
  manifestKey: string,
): Promise<Map<string, MapResult>> {
  const manifest = await readFile(store, manifestKey, ResultManifestSchema);
  const results = new Map<string, MapResult>();
  const files = [
    ...manifest.ResultFiles.SUCCEEDED.map((file) => ({ key: file.Key, succeeded: true })),
    ...manifest.ResultFiles.FAILED.map((file) => ({ key: file.Key, succeeded: false })),
    ...manifest.ResultFiles.PENDING.map((file) => ({ key: file.Key, succeeded: false })),
  ];
  for (const file of files) {
    const children = await readFile(store, file.key, z.array(ChildResultSchema));
    for (const child of children) {
      const output = jsonOf(child.Output);
      const summary = SummarySchema.safeParse(output);
      if (file.succeeded && summary.success) {
        results.set(summary.data.accountId, { kind: 'summary', key: summary.data.key });
        continue;
      }
      const caught = CaughtFailureSchema.safeParse(output);
      if (caught.success) {
        results.set(caught.data.accountId, {
          kind: 'failed',
          code: caught.data.error.Error ?? 'Error',
          message: caught.data.error.Cause ?? 'the account audit failed',
        });
        continue;
      }
      const input = AuditAccountPayloadSchema.safeParse(jsonOf(child.Input));
      if (!input.success) continue;
      results.set(input.data.account.accountId, {
        kind: 'failed',
        code: child.Error ?? child.Status ?? 'Error',
        message: child.Cause ?? `the child execution ended ${child.Status ?? 'without a result'}`,
      });
    }
  }
  return results;
}

/** Reads the account results ahead of the fold, keeping their order. */
async function* inOrder<T, R>(
  items: readonly T[],
  ahead: number,
  load: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const pending = new Map<number, Promise<R>>();
  const start = (index: number) => {
    const item = items[index];
    if (item !== undefined) pending.set(index, load(item));
  };
  for (let index = 0; index < Math.min(ahead, items.length); index += 1) start(index);
  for (let index = 0; index < items.length; index += 1) {
    const next = pending.get(index) as Promise<R>;
    pending.delete(index);
    start(index + ahead);
    yield await next;
  }
}

/** An account's report as the history and the fold read it (with its `accounts[]` entry). */
function accountReportOf(
  outcome: AccountOutcome,
  generatedAt: string,
  services: Report['services'],
): Report {
  const entry = accountEntry(outcome);
  const errors = [...(outcome.errors ?? []), ...(outcome.report?.errors ?? [])].map((error) => ({
    ...error,
    accountId: outcome.accountId,
  }));
  if (outcome.report) {
    return {
      ...outcome.report,
      // The run's clock: history (firstSeen, resolvedAt) is dated by the merged report.
      generatedAt,
      accountId: outcome.accountId,
      accounts: [entry],
      errors,
      ...(services && !outcome.report.services ? { services } : {}),
    };
  }
  return {
    schemaVersion: 1,
    generatedAt,
    accountId: outcome.accountId,
    accounts: [entry],
    regions: [],
    ...(services ? { services } : {}),
    summary: { subnets: 0, leakingSubnets: 0, byPath: {} },
    subnets: [],
    findings: [],
    errors,
  };
}

/** The previous night read along with this one (merge join on account ids). */
class PreviousCursor {
  private head: PreviousAccount | undefined;
  private started = false;

  public constructor(private readonly previous: PreviousReport | undefined) {}

  /** Previous accounts with ids before `accountId` (no longer selected), then the one of `accountId`. */
  public async upTo(
    accountId: string | undefined,
  ): Promise<{ before: PreviousAccount[]; same?: PreviousAccount }> {
    const before: PreviousAccount[] = [];
    if (!this.previous) return { before };
    if (!this.started) {
      this.started = true;
      await this.advance();
    }
    while (this.head && (accountId === undefined || this.head.accountId < accountId)) {
      before.push(this.head);
      await this.advance();
    }
    if (this.head && this.head.accountId === accountId) {
      const same = this.head;
      await this.advance();
      return { before, same };
    }
    return { before };
  }

  private async advance(): Promise<void> {
    const next = await this.previous?.accounts.next();
    this.head = next && next.done !== true ? next.value : undefined;
  }
}

/** Builds the Aggregate handler. */
export function createAggregateHandler(deps: AggregateDeps): LambdaHandler<AggregateResult> {
  const { config, store, logger } = deps;
  const policy = notificationPolicy(config);
  const region = deps.region ?? 'unknown';
  return async (event, context) => {
    addLambdaContext(logger, context);
    const { runId, map } = parsePayload(AggregatePayloadSchema, event, 'Aggregate payload');
    if (map.ResultWriterDetails.Bucket !== store.bucket) {
      throw new RunFileError(
        `the map wrote its results to ${map.ResultWriterDetails.Bucket}, not to the report bucket ${store.bucket}`,
      );
    }
    const selection = await readFile(store, runKey(runId, 'selection.json'), RunSelectionSchema);
    const results = await mapResults(store, map.ResultWriterDetails.Key);
    const generatedAt = new Date().toISOString();
    const services = config.services;

    // The previous merged report is read along with this run, before this run's replaces it.
    let previous: PreviousReport | undefined;
    let history: HistoryOutcome | undefined;
    try {
      previous = await openPreviousReport(deps.s3, store);
    } catch (error) {
      const summary = errorSummary(error);
      logger.error('previous report not usable: no history this run', summary);
      history = { status: 'not-compared', reason: summary.message };
    }
    const cursor = new PreviousCursor(previous);
    const compare = (current: Report, before: PreviousAccount | undefined): Report =>
      history?.status === 'not-compared'
        ? current
        : withHistory(
            current,
            before?.report ??
              (previous
                ? previousAccountReport({
                    accountId: current.accountId,
                    generatedAt: previous.generatedAt,
                    line: { findings: [], carried: [] },
                  })
                : undefined),
          );

    const scope = selection.organizationId ?? selection.accountId;
    const reportKey = runKey(runId, 'report.jsonl');
    const upload = createLineUpload(deps.s3, store.bucket, reportKey);
    const header: ReportLinesHeader = {
      reportLines: 1,
      schemaVersion: 1,
      generatedAt,
      accountId: selection.accountId,
      ...(selection.organizationId !== undefined
        ? { organizationId: selection.organizationId }
        : {}),
      services: [...services],
    };
    await upload.writeLine(JSON.stringify(header));
    const fold = new OrganizationFold();
    const carriedOnly = async (gone: readonly PreviousAccount[]) => {
      for (const before of gone) {
        const empty: Report = {
          schemaVersion: 1,
          generatedAt,
          accountId: before.accountId,
          accounts: [],
          regions: [],
          services: [...services],
          summary: { subnets: 0, leakingSubnets: 0, byPath: {} },
          subnets: [],
          findings: [],
          errors: [],
        };
        const compared = compare(empty, before);
        const line = accountLineOf(compared, false);
        fold.add(line, compared.summary);
        await upload.writeLine(JSON.stringify(line));
      }
    };

    const accounts = [...selection.accounts].sort((a, b) =>
      a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0,
    );
    const outcomes = inOrder(
      accounts,
      READ_CONCURRENCY,
      async (account): Promise<AccountOutcome> => {
        const base = {
          accountId: account.accountId,
          ...(account.name !== undefined ? { name: account.name } : {}),
        };
        if (account.action !== 'audit') {
          return {
            ...base,
            status: account.action,
            ...(account.reason ? { reason: account.reason } : {}),
          };
        }
        const result = results.get(account.accountId);
        if (result?.kind === 'summary') {
          const stored = (await store.getJson(result.key)) as AccountOutcome | undefined;
          if (stored?.accountId === account.accountId) return { ...stored, ...base };
        }
        const failure: RegionError = {
          accountId: account.accountId,
          region,
          operation: 'AuditAccount',
          code: result?.kind === 'failed' ? result.code : 'NoResult',
          message:
            result?.kind === 'failed'
              ? result.message.slice(0, 1000)
              : 'the state machine recorded no result for this account',
        };
        return {
          ...base,
          status: 'failed',
          reason: `its audit failed: ${failure.code}`,
          errors: [failure],
        };
      },
    );
    // One account at a time: read, compare with its previous night, fold, write, let go.
    for await (const outcome of outcomes) {
      const { before, same } = await cursor.upTo(outcome.accountId);
      await carriedOnly(before);
      const compared = compare(accountReportOf(outcome, generatedAt, services), same);
      const line = accountLineOf(compared, true);
      fold.add(line, compared.summary);
      await upload.writeLine(JSON.stringify(line));
    }
    await carriedOnly((await cursor.upTo(undefined)).before);

    const finalSummary = fold.finalSummary();
    const securityHub = fold.finalSecurityHub();
    const trailer: ReportLinesTrailer = {
      end: true,
      regions: fold.finalRegions(),
      summary: finalSummary,
      errors: [],
      ...(securityHub ? { securityHub } : {}),
    };
    await upload.writeLine(JSON.stringify(trailer));
    const stored = await upload.complete();
    // Serialised once; the other keys are server-side copies.
    const historyKey = linesKeyOf(historyReportKey(scope, generatedAt, runId));
    for (const key of [
      historyKey,
      linesKeyOf(latestReportKey(scope)),
      LATEST_RUN_REPORT_LINES_KEY,
    ]) {
      await copyObject(deps.s3, store.bucket, reportKey, key);
    }

    const { digest: report, totals, leakingCount, leakingFamilyCount } = fold.result(header);
    const compared: HistoryOutcome = history ?? {
      status: 'compared',
      since: previous?.generatedAt ?? null,
      new: finalSummary.history?.new.findings ?? 0,
      persisting: finalSummary.history?.persisting.findings ?? 0,
      resolved: finalSummary.history?.resolved.findings ?? 0,
      carried: finalSummary.history?.carried ?? 0,
    };
    logger.info('history', { history: compared });

    const [notification, metrics] = await Promise.allSettled([
      publishReport(report, {
        sns: deps.sns,
        topicArn: config.snsTopicArn,
        policy,
        fullReport: { uri: stored.uri },
        totals,
      }),
      publishMetrics(deps.cloudwatch, config.metricsNamespace, [
        ...buildMetricData(report, { services: config.services, leakingCount, leakingFamilyCount }),
        ...(deps.accountMetrics === true ? buildAccountMetricData(report) : []),
      ]),
    ]);
    // A refused message fails nothing: the reports are stored, the failure is logged and alarmed.
    const notified: SnsOutcome =
      notification.status === 'fulfilled'
        ? notification.value
        : await recordPublishFailure(
            { cloudwatch: deps.cloudwatch, namespace: config.metricsNamespace, logger },
            notification.reason,
            new Date(report.generatedAt),
          );
    if (metrics.status === 'rejected') {
      logger.error('metrics failed', errorSummary(metrics.reason));
      throw new PublishError(errorSummary(metrics.reason).message, { cause: metrics.reason });
    }
    const counts: Record<AccountStatus, number> = { audited: 0, failed: 0, exempt: 0, skipped: 0 };
    for (const account of report.accounts ?? []) counts[account.status] += 1;
    // The cost basis (gateway lines, notes) stays in the stored report: the result stays small.
    const summary: ReportSummary = { ...finalSummary };
    delete summary.cost;
    const result: AggregateResult = {
      runId,
      ...(report.organizationId !== undefined ? { organizationId: report.organizationId } : {}),
      reportKey,
      reportBytes: stored.bytes,
      latestKey: LATEST_RUN_REPORT_LINES_KEY,
      historyKey,
      history: compared,
      accounts: counts,
      summary,
      errors: totals.errors,
      notification: notified,
      metrics: metrics.value,
    };
    logger.info('organization report', {
      runId,
      accounts: counts,
      summary: result.summary,
      history: compared,
    });
    return result;
  };
}
