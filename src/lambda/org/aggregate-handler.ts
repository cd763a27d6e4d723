/**
 * The Aggregate function, last step of the organization state machine: reads the selection, the
 * distributed map's results (the ResultWriter manifest and its result files: each child's summary,
 * the failures its Catch recorded, and children that failed or never ran) and each audited
 * account's report; merges them into one report; compares it with the previous merged report
 * (`latest/report.json`, read before it is replaced: new / persisting leaks, `firstSeen`, the
 * resolved ones, never resolving anything in an account or region that failed this run); writes it
 * to `runs/<runId>/report.json`, `reports/<scope>/<yyyy>/<mm>/<dd>/<runId>.json`,
 * `reports/<scope>/latest.json` (scope: the organization id, or the management account's id) and
 * `latest/report.json`; publishes one SNS message for the organization (honouring `NOTIFY` and
 * `NOTIFY_MIN_SEVERITY`) and the metrics (totals with `NewFindings` / `ResolvedFindings`, and
 * `LeakingSubnets` / `EstimatedMonthlyUsd` per `AccountId`).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import { mergeAccountReports, type AccountOutcome } from '../../accounts/merge-reports';
import { mapWithConcurrency } from '../../collect/concurrency';
import type { Config } from '../../config';
import { VpceAuditorError } from '../../errors';
import { buildAccountMetricData, buildMetricData } from '../../publish/metrics';
import { publishMetrics, type MetricsOutcome } from '../../publish/metrics-publisher';
import { PublishError } from '../../publish/publish-error';
import { publishReport } from '../../publish/sns-publisher';
import type { SnsOutcome } from '../../publish/types';
import {
  LATEST_RUN_REPORT_KEY,
  latestReportKey,
  reportKey as historyReportKey,
  runKey,
  s3Uri,
} from '../../store/report-keys';
import type { ReportStore } from '../../store/report-store';
import type { AccountStatus, RegionError, Report, ReportSummary } from '../../types';
import { addLambdaContext, errorSummary, type LambdaHandler } from '../cold-start';
import { recordPublishFailure } from '../publish-failure';
import { withStoredHistory, type HistoryOutcome } from '../stored-history';
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
  /** Absent when no topic is configured. */
  sns?: SNSClient;
  cloudwatch: CloudWatchClient;
  logger: Logger;
  /** The region named in the errors of accounts whose child failed (the stack's region). */
  region?: string;
  /** Publish `LeakingSubnets` / `EstimatedMonthlyUsd` per `AccountId` too (default true). */
  accountMetrics?: boolean;
}

/** What the Aggregate function returns. */
export interface AggregateResult {
  runId: string;
  organizationId?: string;
  reportKey: string;
  latestKey: string;
  /** The run's report in the report history (`reports/<scope>/<yyyy>/<mm>/<dd>/<runId>.json`). */
  historyKey: string;
  /** The comparison with the previous merged report. */
  history: HistoryOutcome;
  accounts: Record<AccountStatus, number>;
  summary: ReportSummary;
  errors: number;
  notification: SnsOutcome;
  metrics: MetricsOutcome;
}

/** A file of the run is missing or not what the state machine writes. */
export class RunFileError extends VpceAuditorError {}

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

/** Builds the Aggregate handler. */
export function createAggregateHandler(deps: AggregateDeps): LambdaHandler<AggregateResult> {
  const { config, store, logger } = deps;
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

    const outcomes = await mapWithConcurrency(
      selection.accounts,
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

    const merged: Report = mergeAccountReports({
      accountId: selection.accountId,
      ...(selection.organizationId !== undefined
        ? { organizationId: selection.organizationId }
        : {}),
      generatedAt: new Date().toISOString(),
      outcomes,
    });
    // The previous merged report is read before this run's replaces it.
    const { report, history } = await withStoredHistory(
      store,
      merged,
      logger,
      LATEST_RUN_REPORT_KEY,
    );
    const scope = report.organizationId ?? report.accountId;
    const reportKey = runKey(runId, 'report.json');
    const historyKey = historyReportKey(scope, report.generatedAt, runId);
    await store.putJson(reportKey, report);
    await store.putJson(historyKey, report);
    await store.putJson(latestReportKey(scope), report);
    await store.putJson(LATEST_RUN_REPORT_KEY, report);

    const [notification, metrics] = await Promise.allSettled([
      publishReport(
        deps.sns,
        config.snsTopicArn,
        report,
        config.notify,
        undefined,
        { uri: s3Uri(store.bucket, reportKey) },
        config.notifyMinSeverity,
      ),
      publishMetrics(deps.cloudwatch, config.metricsNamespace, [
        ...buildMetricData(report, { services: config.services }),
        ...(deps.accountMetrics === false ? [] : buildAccountMetricData(report)),
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
    const summary: ReportSummary = { ...report.summary };
    delete summary.cost;
    const result: AggregateResult = {
      runId,
      ...(report.organizationId !== undefined ? { organizationId: report.organizationId } : {}),
      reportKey,
      latestKey: LATEST_RUN_REPORT_KEY,
      historyKey,
      history,
      accounts: counts,
      summary,
      errors: report.errors.length,
      notification: notified,
      metrics: metrics.value,
    };
    logger.info('organization report', {
      runId,
      accounts: counts,
      summary: result.summary,
      history,
    });
    return result;
  };
}
