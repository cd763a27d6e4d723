/**
 * The measure function (deployed only with the stack parameter `measureSchedule`): on its schedule,
 * the same measurement as `vpce-auditor measure --apply` (src/cost/scheduled-measure.ts), written to
 * the report bucket where the nightly audit reads it (`measurements/<account>/latest.json`).
 *
 * - Before anything is created it checks that the recording fits the time the function has left;
 *   a run that cannot fit creates nothing and fails.
 * - It stops in time to remove what it created before the function's timeout (a Lambda cannot be
 *   interrupted by a Ctrl-C, but it can time out), and removes what a killed run left behind first.
 * - A run that did not measure, or left something behind, fails (the function's errors alarm).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { ConfigurationError, VpceAuditorError } from '../errors';
import type { Config } from '../config';
import { abortableSleep } from '../cost/measure-run';
import { newRunId } from '../cost/measurement-file';
import { auditDeadline, measureBudget } from '../cost/measure-budget';
import { measureAccount, type MeasureAccountOptions } from '../cost/scheduled-measure';
import { latestMeasurementKey } from '../store/report-keys';
import type { StoredObject } from '../store/report-store';
import type { ReportWriter } from '../store/report-writer';
import { addLambdaContext, type LambdaHandler } from './cold-start';
import type { LiveAuditFunction } from './live-audit';

/** What the measure handler needs, built once by the caller. */
export interface MeasureHandlerDeps<C> {
  config: Config;
  clients: C;
  auditLive: LiveAuditFunction<C>;
  ec2: (region: string) => EC2Client;
  logs: (region: string) => CloudWatchLogsClient;
  /** The report bucket (`REPORT_BUCKET`, required): where the measurement is written. */
  store?: ReportWriter;
  logger: Logger;
  /** The clock and the waits (tests make them instant). */
  timing?: Pick<MeasureAccountOptions, 'now' | 'sleep' | 'deliveryPollMs' | 'queryPollMs'>;
}

/** What the measure function returns. */
export interface MeasureResult {
  runId: string;
  accountId: string;
  status: 'measured' | 'interrupted' | 'failed';
  reason?: string;
  /** The NAT gateways measured, and the ones left out (with why). */
  gateways: number;
  skipped: number;
  /** What earlier runs had left behind and this run removed (flow log ids, log group names). */
  leftoversRemoved: string[];
  /** What is still there (this run's or an earlier one's): find it by its tags. */
  leftovers: string[];
  bytesScanned: number;
  queryUsd: number;
  /** The measurement in the report bucket (status `measured`). */
  measurementObject?: StoredObject;
}

/** The run measured nothing, or left something behind: the function fails (and its alarm fires). */
export class MeasureRunError extends VpceAuditorError {
  public override readonly name: string = 'MeasureRunError';
}

/** The time left, or the Lambda's limit when the context does not say (a test, a local call). */
const LAMBDA_LIMIT_MS = 900_000;

/** Builds the measure handler. */
export function createMeasureHandler<C>(deps: MeasureHandlerDeps<C>): LambdaHandler<MeasureResult> {
  const { config, logger } = deps;
  return async (_event, context) => {
    addLambdaContext(logger, context);
    const store = deps.store;
    const roleArn = config.measure.deliveryRoleArn;
    if (!store || roleArn === undefined) {
      throw new ConfigurationError(
        `${store ? 'DELIVERY_ROLE_ARN' : 'REPORT_BUCKET'}: is empty; the measure function needs the delivery role and the report bucket the stack gives it`,
      );
    }
    const clock = deps.timing?.now ?? (() => new Date());
    const left = () => context?.getRemainingTimeInMillis?.() ?? LAMBDA_LIMIT_MS;
    const minutes = config.measure.minutes;
    logger.info('measure started', { regions: config.regions, minutes });
    const audited = await deps.auditLive({
      regions: config.regions,
      services: config.services,
      clients: deps.clients,
      // The collection keeps the real time (its deadline is checked against Date.now()).
      deadline: auditDeadline(left(), minutes, Date.now()),
    });
    const budget = measureBudget(left(), minutes, clock().getTime());
    if ('refused' in budget) throw new MeasureRunError(budget.refused);
    const controller = new AbortController();
    const stop = () => controller.abort('the function is about to time out');
    // The waits end at the deadline too: a slow platform's wait is cut short, then the run stops.
    const sleep = deps.timing?.sleep ?? abortableSleep;
    const boundedSleep = async (ms: number, signal?: AbortSignal) => {
      await sleep(Math.max(0, Math.min(ms, budget.abortAt - clock().getTime())), signal);
      if (clock().getTime() >= budget.abortAt) stop();
    };
    const timer = setTimeout(stop, Math.max(0, budget.abortAt - clock().getTime()));
    const runId = newRunId(clock());
    let measured;
    try {
      measured = await measureAccount({
        report: audited.report,
        snapshot: audited.snapshot,
        ec2: deps.ec2,
        logs: deps.logs,
        deliveryRoleArn: roleArn,
        minutes,
        services: config.services,
        runId,
        signal: controller.signal,
        deliveryWaitMs: budget.deliveryWaitMs,
        log: (message) => logger.info(message),
        ...deps.timing,
        sleep: boundedSleep,
      });
    } finally {
      clearTimeout(timer);
    }
    const { plan, result } = measured;
    const leftovers = [
      ...measured.leftoversRemaining.flatMap((l) => [...l.flowLogIds, ...l.logGroupNames]),
      ...result.changes.flatMap((c) => c.leftovers),
    ];
    const remaining = new Set(leftovers);
    const summary: MeasureResult = {
      runId,
      accountId: audited.report.accountId,
      status: result.status,
      ...(result.reason !== undefined ? { reason: result.reason } : {}),
      gateways: plan.regions.reduce((n, r) => n + r.targets.length, 0),
      skipped: plan.skipped.length,
      leftoversRemoved: measured.leftoversFound
        .flatMap((l) => [...l.flowLogIds, ...l.logGroupNames])
        .filter((id) => !remaining.has(id)),
      leftovers,
      bytesScanned: result.bytesScanned,
      queryUsd: result.queryUsd,
    };
    if (measured.file) {
      summary.measurementObject = await store.putJson(
        latestMeasurementKey(audited.report.accountId),
        measured.file,
      );
    }
    logger.info('measure finished', { result: summary });
    if (result.status !== 'measured' || leftovers.length > 0) {
      throw new MeasureRunError(
        `measurement ${result.status}${result.reason ? `: ${result.reason}` : ''}${leftovers.length > 0 ? `; left behind (remove them with vpce-auditor measure --cleanup --apply, or the next run): ${leftovers.join(', ')}` : ''}`,
      );
    }
    return summary;
  };
}
