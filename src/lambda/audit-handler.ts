/**
 * The audit function: validate the event, run the live audit, (only with `AUTO_REMEDIATE=true`)
 * plan from the same report and snapshot and apply + verify, publish the SNS message and the
 * CloudWatch metrics, return the summary. Everything it touches is injected ({@link AuditHandlerDeps})
 * so that tests drive it with mocks; handlers/audit.ts wires the real clients once per cold start.
 */
import { VpceAuditorError } from '../errors';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Config } from '../config';
import { withRollup } from '../analysis/rollup';
import { beforeDeadline, DeadlineExceededError } from '../collect/deadline';
import { deadlineOf } from './run-deadline';
import { formatHtml } from '../format/html';
import { withCostEstimate } from '../cost/cost-options';
import { buildMetricData } from '../publish/metrics';
import { publishMetrics, type MetricsOutcome } from '../publish/metrics-publisher';
import { PublishError } from '../publish/publish-error';
import { remediationDigest } from '../publish/remediation-message';
import { notificationPolicy } from '../publish/notification-policy';
import { publishReport } from '../publish/sns-publisher';
import type { AppliedRemediation, RemediationDigest, SnsOutcome } from '../publish/types';
import { planRemediation } from '../remediation/plan';
import { AUDIT_ENVIRONMENT_WORDING, type RemediationPlan } from '../remediation/plan-types';
import { isSuccessful, type RemediationResult } from '../remediation/result-types';
import type { Snapshot } from '../snapshot/schema';
import { latestReportKey, reportKey, runIdOf } from '../store/report-keys';
import type { ReportStore, StoredObject } from '../store/report-store';
import type { SecurityHubExport } from '../securityhub/export';
import type { RegionError, Report, ReportSummary, ServiceName } from '../types';
import { addLambdaContext, errorSummary, type LambdaHandler } from './cold-start';
import { parseAuditEvent, type AuditTrigger } from './events';
import type { LiveAuditFunction } from './live-audit';
import { recordPublishFailure } from './publish-failure';
import { withStoredHistory, type HistoryOutcome } from './stored-history';
import { storedMeasurement, type MeasurementOutcome } from './stored-measurement';
import { errorLogFields, parsedOrLogged } from './logger';
import { resultLogSummary } from '../remediation/result-types';

/** What the audit handler needs, built once by the caller. */
export interface AuditHandlerDeps<C> {
  config: Config;
  /** The client factory handed to the live audit. */
  clients: C;
  auditLive: LiveAuditFunction<C>;
  /** Absent when no topic is configured. */
  sns?: SNSClient;
  cloudwatch: CloudWatchClient;
  /** The CloudWatch client of a region, for the NAT metrics of the cost estimate. */
  regionalCloudwatch: (region: string) => CloudWatchClient;
  /**
   * The EC2 client of a region, for the cost estimate of transit gateway leaks
   * (`DescribeTransitGatewayAttachments`); absent: those leaks are not priced.
   */
  regionalEc2?: (region: string) => EC2Client;
  /**
   * The CloudWatch Logs client of a region: with it (and `regionalEc2`), the leaking NAT gateways are
   * measured from their existing flow logs (Logs Insights) over the last `FLOW_LOG_HOURS` hours.
   */
  regionalLogs?: (region: string) => CloudWatchLogsClient;
  /**
   * Applies and verifies a plan (`applyAndVerify` with the same clients). Required when
   * `config.remediation.autoRemediate` is true; never called otherwise.
   */
  applyRemediation?: (plan: RemediationPlan) => Promise<RemediationResult>;
  /**
   * The report bucket (`REPORT_BUCKET`); absent = reports are not stored (and no history is kept:
   * the previous report is read from there).
   */
  store?: ReportStore;
  /**
   * Imports the report's leaks into Security Hub and archives the gone ones (`SECURITY_HUB=true`);
   * absent = no export. Its failures are reported, never the audit's.
   */
  exportSecurityHub?: (report: Report) => Promise<SecurityHubExport>;
  logger: Logger;
}

/** What the Security Hub export did, as the audit function returns it. */
export type SecurityHubOutcome =
  | ({ status: 'exported' } & Omit<SecurityHubExport, 'archiveSkipped'> & {
        archiveSkipped: number;
      })
  | { status: 'failed'; message: string };

/** What the audit's remediation did (`AUTO_REMEDIATE=true`). */
export type AutoRemediationOutcome = RemediationDigest & {
  /** Nothing failed, stayed unverified or was over the cap. */
  successful: boolean;
};

/** What the audit function returns. */
export interface AuditResult {
  trigger: AuditTrigger['kind'];
  accountId: string;
  generatedAt: string;
  regions: string[];
  services: ServiceName[];
  summary: ReportSummary;
  findings: number;
  errors: RegionError[];
  notification: SnsOutcome;
  metrics: MetricsOutcome;
  /** Present when `AUTO_REMEDIATE=true`. */
  remediation?: AutoRemediationOutcome;
  /** The run's full report in the report bucket (absent without `REPORT_BUCKET`). */
  reportObject?: StoredObject;
  /** The comparison with the previous run's report (absent without `REPORT_BUCKET`). */
  history?: HistoryOutcome;
  /** The Security Hub export (absent unless `SECURITY_HUB=true`). */
  securityHub?: SecurityHubOutcome;
  /**
   * The scheduled measurement in the report bucket: whether its gateways were priced from it
   * (absent without `REPORT_BUCKET` or with `COST_ESTIMATE=false`).
   */
  measurement?: MeasurementOutcome;
}

/** `AUTO_REMEDIATE=true` but the handler was built without a way to apply. */
export class RemediationUnavailableError extends VpceAuditorError {
  public override readonly name: string = 'RemediationUnavailableError';
}

/** Plans from the audit's own report and snapshot, then applies and verifies. */
async function remediateAudit<C>(
  deps: AuditHandlerDeps<C>,
  { report, snapshot, services }: { report: Report; snapshot: Snapshot; services: ServiceName[] },
): Promise<AppliedRemediation> {
  const { remediation } = deps.config;
  if (!deps.applyRemediation) {
    throw new RemediationUnavailableError(
      'AUTO_REMEDIATE is true but this audit function was packaged without the remediation code: deploy the stack with --param="autoRemediate=true"',
    );
  }
  const plan = planRemediation(report, snapshot, {
    services,
    includePaths: remediation.includePaths,
    maxChanges: remediation.maxChanges,
    wording: AUDIT_ENVIRONMENT_WORDING,
    policyDocuments: remediation.policyDocuments,
    iacTags: remediation.iacTags,
  });
  deps.logger.info('auto-remediation plan', { summary: plan.summary, overCap: plan.overCap });
  const result = await deps.applyRemediation(plan);
  deps.logger.info('auto-remediation applied', resultLogSummary(result));
  return { plan, result };
}

/** Builds the audit handler. */
export function createAuditHandler<C>(deps: AuditHandlerDeps<C>): LambdaHandler<AuditResult> {
  const { config, logger } = deps;
  const policy = notificationPolicy(config);
  return async (event, context) => {
    addLambdaContext(logger, context);
    const trigger = parsedOrLogged(logger, 'event', () => parseAuditEvent(event));
    const regions = (trigger.kind === 'manual' ? trigger.regions : undefined) ?? config.regions;
    const services = (trigger.kind === 'manual' ? trigger.services : undefined) ?? config.services;
    logger.info('audit started', { trigger, regions, services });

    const deadline = deadlineOf(context);
    const audited = await deps.auditLive({
      regions,
      services,
      clients: deps.clients,
      ...(deadline !== undefined ? { deadline } : {}),
    });
    // The scheduled measurement (measureSchedule) prices the gateways it holds while it is fresh.
    const stored =
      deps.store && config.cost.enabled
        ? await storedMeasurement(deps.store, audited.report.accountId, { logger })
        : undefined;
    const cost = stored?.traffic ? { ...config.cost, traffic: stored.traffic } : config.cost;
    let costed: Report;
    try {
      costed = await beforeDeadline(deadline, 'the cost estimate', () =>
        withCostEstimate(audited.report, cost, {
          cloudwatch: deps.regionalCloudwatch,
          ec2: deps.regionalEc2,
          ...(deps.regionalLogs
            ? { flowLogs: { snapshot: audited.snapshot, logs: deps.regionalLogs } }
            : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof DeadlineExceededError)) throw error;
      logger.warn('cost estimate skipped: the deadline came first', errorSummary(error));
      costed = audited.report;
    }
    const estimated = withRollup(costed);
    // The previous report is read before this run's replaces it.
    const { report, history } = deps.store
      ? await withStoredHistory(deps.store, estimated, { logger })
      : { report: estimated, history: undefined };
    logger.info('audit collected', {
      accountId: report.accountId,
      regions: report.regions,
      summary: report.summary,
      findings: report.findings.length,
      regionErrors: report.errors,
    });

    // The report is published even when the remediation fails; its error is thrown afterwards.
    let remediation: AppliedRemediation | undefined;
    let remediationFailure: unknown;
    if (config.remediation.autoRemediate) {
      try {
        remediation = await remediateAudit(deps, {
          report,
          snapshot: audited.snapshot,
          services,
        });
      } catch (error) {
        logger.error('auto-remediation failed', errorLogFields(error));
        remediationFailure = error;
      }
    }

    // The full report goes to the bucket first: a message too large for SNS points to it.
    let reportObject: StoredObject | undefined;
    let storeFailure: unknown;
    if (deps.store) {
      try {
        reportObject = await storeReport(deps.store, {
          report,
          remediation,
          requestId: context?.awsRequestId,
        });
        logger.info('report stored', { reportObject });
      } catch (error) {
        logger.error('report not stored', errorLogFields(error));
        storeFailure = error;
      }
    }

    const [notification, metrics, securityHub] = await Promise.allSettled([
      publishReport(report, {
        sns: deps.sns,
        topicArn: config.snsTopicArn,
        policy,
        ...(remediation ? { remediation } : {}),
        ...(reportObject ? { fullReport: { uri: reportObject.uri } } : {}),
      }),
      publishMetrics(
        deps.cloudwatch,
        config.metricsNamespace,
        buildMetricData(report, {
          services,
          ...(remediation
            ? {
                endpointsCreated: remediation.result.counts.endpointsCreated,
                routeTablesAttached: remediation.result.counts.routeTablesAttached,
                remediationActionsFailed: remediation.result.counts.failed,
              }
            : {}),
        }),
      ),
      deps.exportSecurityHub ? deps.exportSecurityHub(report) : Promise.resolve(undefined),
    ]);
    const securityHubOutcome = securityHubOutcomeOf(securityHub);
    if (securityHubOutcome) logSecurityHub(logger, securityHubOutcome, securityHub);
    const failures: PromiseRejectedResult[] = [
      ...(storeFailure !== undefined
        ? [{ status: 'rejected' as const, reason: storeFailure }]
        : []),
      ...[notification, metrics].filter(
        (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
      ),
    ];
    if (notification.status === 'fulfilled') {
      logger.info('sns', { notification: notification.value });
    } else {
      await recordPublishFailure(
        { cloudwatch: deps.cloudwatch, namespace: config.metricsNamespace, logger },
        notification.reason,
        new Date(report.generatedAt),
      );
    }
    if (metrics.status === 'fulfilled') logger.info('metrics', { metrics: metrics.value });
    if (metrics.status === 'rejected')
      logger.error('publish failed', errorLogFields(metrics.reason));
    // The report went out (or failed to, logged above); an unexpected remediation error wins.
    if (remediationFailure !== undefined) throw remediationFailure;
    if (failures.length > 0) {
      throw new PublishError(
        failures.map((failure) => errorSummary(failure.reason).message).join('; '),
        { cause: failures.map((failure) => failure.reason as unknown) },
      );
    }
    return {
      trigger: trigger.kind,
      accountId: report.accountId,
      generatedAt: report.generatedAt,
      regions: report.regions,
      services,
      summary: report.summary,
      findings: report.findings.length,
      errors: report.errors,
      notification: (notification as PromiseFulfilledResult<SnsOutcome>).value,
      metrics: (metrics as PromiseFulfilledResult<MetricsOutcome>).value,
      ...(remediation
        ? {
            remediation: {
              ...remediationDigest(remediation),
              successful: isSuccessful(remediation.result),
            },
          }
        : {}),
      ...(reportObject ? { reportObject } : {}),
      ...(history ? { history } : {}),
      ...(securityHubOutcome ? { securityHub: securityHubOutcome } : {}),
      ...(stored ? { measurement: stored.outcome } : {}),
    };
  };
}

/** The export's result as returned (skipped places counted, not listed), or its failure. */
function securityHubOutcomeOf(
  settled: PromiseSettledResult<SecurityHubExport | undefined>,
): SecurityHubOutcome | undefined {
  if (settled.status === 'rejected') {
    return { status: 'failed', message: errorSummary(settled.reason).message };
  }
  if (settled.value === undefined) return undefined;
  const { archiveSkipped, ...rest } = settled.value;
  return { status: 'exported', ...rest, archiveSkipped: archiveSkipped.length };
}

/** Logs the export: its counts, each place that failed, and why nothing was archived somewhere. */
function logSecurityHub(
  logger: Logger,
  outcome: SecurityHubOutcome,
  settled: PromiseSettledResult<SecurityHubExport | undefined>,
): void {
  if (outcome.status === 'failed') {
    logger.error('security hub export failed', { message: outcome.message });
    return;
  }
  logger.info('security hub', {
    imported: outcome.imported,
    archived: outcome.archived,
    places: outcome.places,
    failedFindings: outcome.failedFindings.length,
    archiveSkipped: settled.status === 'fulfilled' ? settled.value?.archiveSkipped : undefined,
  });
  for (const error of outcome.errors) logger.warn('security hub export error', { error });
  for (const refused of outcome.failedFindings.slice(0, 20)) {
    logger.warn('security hub refused a finding', { finding: refused });
  }
}

/**
 * Writes the run's report (with the full remediation digest when the audit applied its plan) as
 * `reports/<account>/<yyyy>/<mm>/<dd>/<runId>.json`, then as `reports/<account>/latest.json`, and
 * the self-contained HTML report next to each (`….html`, `latest.html`).
 */
const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/** The key of the HTML report beside a JSON report's key (`….json` → `….html`). */
export function htmlKeyOf(jsonKey: string): string {
  return jsonKey.replace(/\.json$/, '.html');
}

/** What one run stores: its report, what its remediation did, and the request that ran it. */
interface StoredRun {
  report: Report;
  remediation: AppliedRemediation | undefined;
  requestId: string | undefined;
}

async function storeReport(
  store: ReportStore,
  { report, remediation, requestId }: StoredRun,
): Promise<StoredObject> {
  const runId = runIdOf(report.generatedAt, requestId ?? Math.random().toString(16).slice(2));
  const body = remediation ? { ...report, remediation: remediationDigest(remediation) } : report;
  const key = reportKey(report.accountId, report.generatedAt, runId);
  const stored = await store.putJson(key, body);
  await store.putJson(latestReportKey(report.accountId), body);
  const html = formatHtml(report);
  await store.putText(htmlKeyOf(key), html, HTML_CONTENT_TYPE);
  await store.putText(htmlKeyOf(latestReportKey(report.accountId)), html, HTML_CONTENT_TYPE);
  return stored;
}
