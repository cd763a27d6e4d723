/**
 * Runs a measurement plan (`vpce-auditor measure --apply`, the scheduled measure function): creates
 * the temporary flow logs, records for the planned minutes, stops them, waits for the records to be
 * delivered, measures each gateway with Logs Insights (`flow-log-reader.ts`) and removes everything
 * it created, on success, on failure and when `signal` aborts (a Ctrl-C). The removal is verified:
 * what could not be removed is listed as a leftover, which `measure --cleanup` finds by its tags.
 *
 * - CreateFlowLogs with `ResourceType: NetworkInterface`, a `ClientToken` (idempotent retries),
 *   `DeliverLogsPermissionArn` (required for CloudWatch Logs), `LogFormat`, `MaxAggregationInterval`
 *   and `TagSpecifications` of `ResourceType: vpc-flow-log`; it answers `FlowLogIds` and
 *   `Unsuccessful` per resource (EC2 API reference, CreateFlowLogs,
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html).
 * - Records reach CloudWatch Logs within about 5 minutes, best effort ("Publish flow logs to
 *   CloudWatch Logs", https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html); each
 *   interface writes to a log stream named after it.
 */
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  PutRetentionPolicyCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFlowLogsCommand,
  DeleteFlowLogsCommand,
  DescribeFlowLogsCommand,
  type EC2Client,
  type FlowLog,
  type UnsuccessfulItem,
} from '@aws-sdk/client-ec2';
import { classifyAwsError } from '../aws-errors';
import type { NatMeasurement } from '../snapshot/cost-inputs';
import type { ServiceName } from '../types';
import type { SubnetRange } from './flow-log-attribution';
import { measureWithFlowLog } from './flow-log-reader';
import type { MeasurePlan, RegionMeasurePlan } from './measure-plan';
import { queryCostUsd } from './measure-plan';

/** What the run needs of a region besides its clients: what to classify and attribute with. */
export interface MeasureRegionInputs {
  serviceCidrs: Partial<Record<ServiceName, readonly string[]>>;
  subnets: readonly SubnetRange[];
}

/** Options of {@link runMeasurement}. */
export interface MeasureRunOptions {
  /** The EC2 client of a region that creates and deletes flow logs. */
  ec2: (region: string) => EC2Client;
  logs: (region: string) => CloudWatchLogsClient;
  /** The role the flow logs deliver with (trusted by `vpc-flow-logs.amazonaws.com`). */
  deliveryRoleArn: string;
  /** Keep the log group (it expires after a day) instead of deleting it. */
  keepLogs: boolean;
  inputs: (region: string) => MeasureRegionInputs;
  /** Aborted: start nothing new, remove what was created (a Ctrl-C, a deadline). */
  signal?: AbortSignal;
  /** Told about each step and change. */
  log: (message: string) => void;
  now?: () => Date;
  /** Waits `ms`, or less when `signal` aborts (tests make it instant). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Longest wait for the records after the flow logs stop (default 10 minutes). */
  deliveryWaitMs?: number;
  /** Wait between two looks at the log streams (default 15 s). */
  deliveryPollMs?: number;
  /** Longest wait between two `GetQueryResults` (default 1 s). */
  queryPollMs?: number;
}

/** What was created in a region, and what became of it. */
export interface RegionMeasureChanges {
  region: string;
  logGroupName: string;
  logGroupCreated: boolean;
  flowLogIds: string[];
  /** True once the flow logs were deleted (recording stopped). */
  flowLogsDeleted?: boolean;
  /** Flow logs and log groups that could not be removed (find them later by their tags). */
  leftovers: string[];
  /** The log group kept on purpose (`--keep-logs`). */
  keptLogGroup?: string;
}

/** The outcome of a measurement run. */
export interface MeasureRunResult {
  /** `measured`: every step ran; `interrupted`: the signal aborted it; `failed`: a step failed. */
  status: 'measured' | 'interrupted' | 'failed';
  /** Why it failed or was interrupted. */
  reason?: string;
  /** The measured window (flow logs created → deleted). */
  startTime?: string;
  endTime?: string;
  /** Each region's measurements (status `measured` only). */
  measurements: Record<string, NatMeasurement[]>;
  changes: RegionMeasureChanges[];
  bytesScanned: number;
  /** What the queries cost (USD). */
  queryUsd: number;
}

/** A step of the run that failed: the run stops, and what it created is removed. */
export class MeasureStepError extends Error {
  public override readonly name = 'MeasureStepError';
}

const DEFAULT_DELIVERY_WAIT_MS = 10 * 60_000;
const DEFAULT_DELIVERY_POLL_MS = 15_000;
/** Records of the last aggregation interval may carry a time up to this long before the end. */
const LAST_RECORD_SLACK_MS = 120_000;

/** Waits `ms`, ending early (without error) when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function awsText(error: unknown): string {
  const { code, message } = classifyAwsError(error);
  return `${code}: ${message}`;
}

function tagMap(tags: readonly { Key: string; Value: string }[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

/** Creates the log group and the flow logs of one region, recording each as soon as it exists. */
async function createRegion(
  plan: MeasurePlan,
  region: RegionMeasurePlan,
  changes: RegionMeasureChanges,
  options: MeasureRunOptions,
): Promise<void> {
  const logs = options.logs(region.region);
  try {
    await logs.send(
      new CreateLogGroupCommand({ logGroupName: region.logGroupName, tags: tagMap(plan.tags) }),
    );
    changes.logGroupCreated = true;
  } catch (error) {
    // A retry of this run's own call: the group is ours (its name holds the run's id).
    if (classifyAwsError(error).code !== 'ResourceAlreadyExistsException') throw error;
    changes.logGroupCreated = true;
  }
  options.log(`${region.region}: created log group ${region.logGroupName}`);
  await logs.send(
    new PutRetentionPolicyCommand({
      logGroupName: region.logGroupName,
      retentionInDays: plan.retentionDays,
    }),
  );
  const answer = await options.ec2(region.region).send(
    new CreateFlowLogsCommand({
      ResourceIds: region.interfaceIds,
      ResourceType: 'NetworkInterface',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: region.logGroupName,
      DeliverLogsPermissionArn: options.deliveryRoleArn,
      LogFormat: plan.logFormat,
      MaxAggregationInterval: plan.aggregationSeconds,
      ClientToken: `${plan.runId}-${region.region}`.slice(0, 64),
      TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: plan.tags }],
    }),
  );
  changes.flowLogIds.push(...(answer.FlowLogIds ?? []));
  options.log(
    `${region.region}: created ${changes.flowLogIds.length} flow log(s) (${changes.flowLogIds.join(', ')}) on ${region.interfaceIds.join(', ')}`,
  );
  const refused = answer.Unsuccessful ?? [];
  if (refused.length > 0) {
    const why = refused
      .map((u) => `${u.ResourceId ?? '?'}: ${u.Error?.Code ?? '?'}: ${u.Error?.Message ?? ''}`)
      .join('; ');
    throw new MeasureStepError(`CreateFlowLogs refused ${why}`);
  }
}

/** The flow logs of the ids given (by `flow-log-id`). */
async function describeByIds(ec2: EC2Client, ids: readonly string[]): Promise<FlowLog[]> {
  if (ids.length === 0) return [];
  const answer = await ec2.send(
    new DescribeFlowLogsCommand({ Filter: [{ Name: 'flow-log-id', Values: [...ids] }] }),
  );
  return answer.FlowLogs ?? [];
}

/** Checks that each flow log created exists, is active and delivers; returns them. */
async function verifyCreated(
  region: RegionMeasurePlan,
  changes: RegionMeasureChanges,
  options: MeasureRunOptions,
): Promise<FlowLog[]> {
  const found = await describeByIds(options.ec2(region.region), changes.flowLogIds);
  const problems = changes.flowLogIds.flatMap((id) => {
    const flowLog = found.find((f) => f.FlowLogId === id);
    if (!flowLog) return [`${id} not found`];
    if ((flowLog.FlowLogStatus ?? 'ACTIVE') !== 'ACTIVE')
      return [`${id} is ${flowLog.FlowLogStatus}`];
    if (flowLog.DeliverLogsStatus === 'FAILED')
      return [`${id} cannot deliver: ${flowLog.DeliverLogsErrorMessage ?? 'no reason given'}`];
    return [];
  });
  if (problems.length > 0)
    throw new MeasureStepError(`flow logs not verified: ${problems.join('; ')}`);
  options.log(`${region.region}: verified ${found.length} flow log(s) active`);
  return found;
}

/**
 * Waits for the records to arrive: until every interface's log stream holds a record of the last
 * minutes, or `deliveryWaitMs` passed (an idle interface writes no record at all).
 */
async function awaitDelivery(
  regions: readonly RegionMeasurePlan[],
  end: Date,
  options: MeasureRunOptions,
): Promise<void> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? abortableSleep;
  const deadline = now().getTime() + (options.deliveryWaitMs ?? DEFAULT_DELIVERY_WAIT_MS);
  options.log('waiting for the flow-log records to be delivered (up to 10 minutes)');
  for (;;) {
    let delivered = true;
    for (const region of regions) {
      const answer = await options
        .logs(region.region)
        .send(new DescribeLogStreamsCommand({ logGroupName: region.logGroupName }));
      const streams = answer.logStreams ?? [];
      for (const eni of region.interfaceIds) {
        const stream = streams.find((s) => (s.logStreamName ?? '').startsWith(eni));
        if ((stream?.lastEventTimestamp ?? 0) < end.getTime() - LAST_RECORD_SLACK_MS)
          delivered = false;
      }
    }
    if (delivered || options.signal?.aborted || now().getTime() >= deadline) return;
    await sleep(options.deliveryPollMs ?? DEFAULT_DELIVERY_POLL_MS, options.signal);
  }
}

/** Deletes what was created in a region and checks that it is gone; never throws. */
async function removeRegion(
  changes: RegionMeasureChanges,
  options: MeasureRunOptions,
): Promise<void> {
  const ec2 = options.ec2(changes.region);
  const logs = options.logs(changes.region);
  if (changes.flowLogIds.length > 0) {
    try {
      // Already deleted when recording stopped: only checked (EC2 would refuse unknown ids).
      const answer: { Unsuccessful?: UnsuccessfulItem[] } = changes.flowLogsDeleted
        ? {}
        : await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: changes.flowLogIds }));
      const failed = (answer.Unsuccessful ?? []).filter(
        (u) => u.Error?.Code !== 'InvalidFlowLogId.NotFound',
      );
      for (const u of failed)
        options.log(
          `${changes.region}: could not delete flow log ${u.ResourceId ?? '?'}: ${u.Error?.Code ?? '?'}`,
        );
    } catch (error) {
      options.log(`${changes.region}: could not delete the flow logs: ${awsText(error)}`);
    }
    try {
      const remaining = (await describeByIds(ec2, changes.flowLogIds)).map(
        (f) => f.FlowLogId ?? '?',
      );
      changes.leftovers.push(...remaining);
      options.log(
        remaining.length === 0
          ? `${changes.region}: deleted flow log(s) ${changes.flowLogIds.join(', ')} (verified)`
          : `${changes.region}: flow log(s) still there: ${remaining.join(', ')}`,
      );
    } catch (error) {
      changes.leftovers.push(...changes.flowLogIds);
      options.log(`${changes.region}: could not verify the flow logs' deletion: ${awsText(error)}`);
    }
  }
  if (!changes.logGroupCreated) return;
  if (options.keepLogs) {
    changes.keptLogGroup = changes.logGroupName;
    options.log(`${changes.region}: kept log group ${changes.logGroupName} (expires after a day)`);
    return;
  }
  try {
    await logs.send(new DeleteLogGroupCommand({ logGroupName: changes.logGroupName }));
  } catch (error) {
    if (classifyAwsError(error).code !== 'ResourceNotFoundException')
      options.log(`${changes.region}: could not delete log group: ${awsText(error)}`);
  }
  try {
    const answer = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: changes.logGroupName }),
    );
    const still = (answer.logGroups ?? []).some((g) => g.logGroupName === changes.logGroupName);
    if (still) changes.leftovers.push(changes.logGroupName);
    options.log(
      still
        ? `${changes.region}: log group ${changes.logGroupName} still there`
        : `${changes.region}: deleted log group ${changes.logGroupName} (verified)`,
    );
  } catch (error) {
    changes.leftovers.push(changes.logGroupName);
    options.log(`${changes.region}: could not verify the log group's deletion: ${awsText(error)}`);
  }
}

/** Stops the flow logs of every region (deletes them), keeping the log groups for the queries. */
async function stopFlowLogs(
  changes: readonly RegionMeasureChanges[],
  options: MeasureRunOptions,
): Promise<void> {
  for (const region of changes) {
    if (region.flowLogIds.length === 0) continue;
    await options
      .ec2(region.region)
      .send(new DeleteFlowLogsCommand({ FlowLogIds: region.flowLogIds }));
    region.flowLogsDeleted = true;
    options.log(`${region.region}: stopped recording (flow logs deleted)`);
  }
}

function interrupted(options: MeasureRunOptions): boolean {
  return options.signal?.aborted === true;
}

/**
 * Runs the plan. The plan must not be over its cap (nothing is created then). Whatever happens
 * after the first change, everything created is removed before this returns (the log groups stay
 * with `keepLogs`), and the removal is verified.
 */
export async function runMeasurement(
  plan: MeasurePlan,
  options: MeasureRunOptions,
): Promise<MeasureRunResult> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? abortableSleep;
  const changes: RegionMeasureChanges[] = [];
  const measurements: Record<string, NatMeasurement[]> = {};
  let bytesScanned = 0;
  let status: MeasureRunResult['status'] = 'measured';
  let reason: string | undefined;
  let window: { startTime: Date; endTime: Date } | undefined;
  if (plan.overCap) {
    return {
      status: 'failed',
      reason: plan.overCapReason ?? 'over the cap',
      measurements,
      changes,
      bytesScanned,
      queryUsd: 0,
    };
  }
  try {
    const created = new Map<string, FlowLog[]>();
    for (const region of plan.regions) {
      if (interrupted(options)) break;
      const entry: RegionMeasureChanges = {
        region: region.region,
        logGroupName: region.logGroupName,
        logGroupCreated: false,
        flowLogIds: [],
        leftovers: [],
      };
      changes.push(entry);
      await createRegion(plan, region, entry, options);
      created.set(region.region, await verifyCreated(region, entry, options));
    }
    const startTime = now();
    if (!interrupted(options)) {
      options.log(`recording for ${plan.minutes} minute(s) from ${startTime.toISOString()}`);
      await sleep(plan.minutes * 60_000, options.signal);
    }
    if (!interrupted(options)) {
      await stopFlowLogs(changes, options);
      const endTime = now();
      window = { startTime, endTime };
      await awaitDelivery(plan.regions, endTime, options);
    }
    for (const region of plan.regions) {
      if (interrupted(options) || !window) break;
      const inputs = options.inputs(region.region);
      const flowLogs = created.get(region.region) ?? [];
      const out: NatMeasurement[] = [];
      for (const target of region.targets) {
        if (interrupted(options)) break;
        const ids = flowLogs
          .filter((f) => target.interfaceIds.includes(f.ResourceId ?? ''))
          .map((f) => f.FlowLogId ?? '');
        const measured = await measureWithFlowLog(
          target,
          { flowLogIds: ids, logGroupName: region.logGroupName, logFormat: plan.logFormat },
          {
            ec2: options.ec2(region.region),
            logs: options.logs(region.region),
            window,
            queryWindow: {
              startTime: new Date(window.startTime.getTime() - 60_000),
              endTime: new Date(now().getTime() + 60_000),
            },
            serviceCidrs: inputs.serviceCidrs,
            subnets: inputs.subnets,
            source: 'measure',
            ...(options.queryPollMs !== undefined ? { pollMs: options.queryPollMs } : {}),
          },
        );
        bytesScanned += measured.bytesScanned ?? 0;
        options.log(
          `${region.region}: ${target.natGatewayId}: ${measured.status}${measured.reason ? ` (${measured.reason})` : ''}`,
        );
        out.push(measured);
      }
      measurements[region.region] = out;
    }
    if (interrupted(options)) {
      status = 'interrupted';
      reason = `interrupted (${String(options.signal?.reason ?? 'aborted')}): what was created is removed, nothing measured`;
    }
  } catch (error) {
    status = 'failed';
    reason = error instanceof MeasureStepError ? error.message : awsText(error);
    options.log(`measurement failed: ${reason}; removing what was created`);
  } finally {
    for (const region of changes) await removeRegion(region, options);
  }
  return {
    status,
    ...(reason !== undefined ? { reason } : {}),
    ...(window && status === 'measured'
      ? { startTime: window.startTime.toISOString(), endTime: window.endTime.toISOString() }
      : {}),
    measurements: status === 'measured' ? measurements : {},
    changes,
    bytesScanned,
    queryUsd: queryCostUsd(bytesScanned),
  };
}
