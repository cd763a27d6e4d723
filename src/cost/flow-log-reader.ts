/**
 * Measures, from the flow logs that already exist, the bytes each leaking NAT gateway carries to and
 * from S3 and DynamoDB: `DescribeFlowLogs` finds the flow logs covering the gateway (on its network
 * interfaces, its subnet, its VPC or the gateway itself), and CloudWatch Logs Insights sums the bytes
 * of the one chosen (`flow-log-query.ts`, `flow-log-attribution.ts`) over a bounded window.
 *
 * - `DescribeFlowLogs` takes `Filter` (singular) in the EC2 API: a `Filters` key would be ignored and
 *   every flow log returned (EC2 API reference, DescribeFlowLogs,
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeFlowLogs.html).
 * - `StartQuery` takes `startTime`/`endTime` in epoch seconds and a `limit` of at most 10 000 rows;
 *   `GetQueryResults` answers `status`, `results` and `statistics.bytesScanned`; `StopQuery` ends a
 *   query (CloudWatch Logs API reference, StartQuery / GetQueryResults / StopQuery,
 *   https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html).
 * - Flow logs delivered to S3 or Data Firehose are not read: the gateway stays an upper bound and
 *   says so.
 *
 * One flow log per gateway, so that a gateway covered twice (an interface flow log and a VPC flow
 * log) does not count its bytes twice. Nothing here throws for AWS: a failure is the gateway's
 * `failed` status, with the reason.
 */
import {
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
  type CloudWatchLogsClient,
  type ResultField,
} from '@aws-sdk/client-cloudwatch-logs';
import { paginateDescribeFlowLogs, type EC2Client, type FlowLog } from '@aws-sdk/client-ec2';
import { classifyAwsError } from '../aws-errors';
import type { NatMeasurement } from '../snapshot/cost-inputs';
import type { ServiceName } from '../types';
import { attributeBytes, type QueryResult, type SubnetRange } from './flow-log-attribution';
import {
  attributionOf,
  flowLogQueries,
  logFormatFields,
  MAX_QUERY_ROWS,
  type Attribution,
} from './flow-log-query';

/** A leaking NAT gateway to measure. */
export interface NatGatewayTarget {
  natGatewayId: string;
  vpcId?: string;
  subnetId?: string;
  /** Its network interfaces (`NatGatewayAddresses[].NetworkInterfaceId`). */
  interfaceIds: string[];
  /** The services whose leaks go through it. */
  services: ServiceName[];
}

import type { MeasureWindow } from './flow-log-window';
export type { MeasureWindow } from './flow-log-window';

/** Options of {@link measureFromFlowLogs}. */
export interface FlowLogReadOptions {
  ec2: EC2Client;
  logs: CloudWatchLogsClient;
  window: MeasureWindow;
  /** The IPv4 CIDRs of each service in the region (its AWS-managed prefix lists). */
  serviceCidrs: Partial<Record<ServiceName, readonly string[]>>;
  /** The subnets of the region (for attribution). */
  subnets: readonly SubnetRange[];
  /** Longest wait between two `GetQueryResults` (default 1 s; the first waits 100 ms, then doubling). */
  pollMs?: number;
  /** Longest wait for one query before it is stopped (default 5 minutes). */
  maxQueryMs?: number;
  /** Where the measurement came from (default `flow-logs`). */
  source?: NatMeasurement['source'];
  /** The clock's sleep (tests). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The time range the queries search, when wider than `window` (a flow log's last records arrive
   * after its window ends); the measurement still reports `window`.
   */
  queryWindow?: MeasureWindow;
}

const DEFAULT_POLL_MS = 1000;
const FIRST_POLL_MS = 100;
const DEFAULT_MAX_QUERY_MS = 5 * 60_000;
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** EC2 caps the values of one filter at 200. */
const MAX_FILTER_VALUES = 200;

/** The flow logs that cover any of the given resources (interfaces, subnets, VPCs, gateways). */
export async function describeFlowLogsOf(
  ec2: EC2Client,
  resourceIds: readonly string[],
): Promise<FlowLog[]> {
  const ids = [...new Set(resourceIds)];
  const out: FlowLog[] = [];
  for (let i = 0; i < ids.length; i += MAX_FILTER_VALUES) {
    const Filter = [{ Name: 'resource-id', Values: ids.slice(i, i + MAX_FILTER_VALUES) }];
    for await (const page of paginateDescribeFlowLogs({ client: ec2 }, { Filter })) {
      out.push(...(page.FlowLogs ?? []));
    }
  }
  return out;
}

/** True when the flow log logs accepted traffic and is active. */
function usable(flowLog: FlowLog): boolean {
  return (
    (flowLog.FlowLogStatus ?? 'ACTIVE') === 'ACTIVE' && (flowLog.TrafficType ?? 'ALL') !== 'REJECT'
  );
}

function deliversToLogs(flowLog: FlowLog): boolean {
  return (
    (flowLog.LogDestinationType ?? 'cloud-watch-logs') === 'cloud-watch-logs' &&
    flowLog.LogGroupName !== undefined
  );
}

/** The flow log to read for a gateway: per-subnet attribution first, then the narrowest resource. */
function choose(
  target: NatGatewayTarget,
  candidates: readonly FlowLog[],
): { flowLog: FlowLog; attribution: Attribution } | undefined {
  const rank = (flowLog: FlowLog): number => {
    const id = flowLog.ResourceId ?? '';
    if (target.interfaceIds.includes(id) || id === target.natGatewayId) return 0;
    return id === target.subnetId ? 1 : 2;
  };
  return candidates
    .flatMap((flowLog) => {
      const attribution = attributionOf(logFormatFields(flowLog.LogFormat));
      return typeof attribution === 'string' ? [{ flowLog, attribution }] : [];
    })
    .sort(
      (a, b) =>
        (a.attribution === 'subnet' ? 0 : 1) - (b.attribution === 'subnet' ? 0 : 1) ||
        rank(a.flowLog) - rank(b.flowLog) ||
        (a.flowLog.FlowLogId ?? '').localeCompare(b.flowLog.FlowLogId ?? ''),
    )[0];
}

/** A query that did not finish, failed or returned too many rows. */
class QueryError extends Error {
  public override readonly name = 'QueryError';
}

function valueOf(row: ResultField[], name: string): string | undefined {
  return row.find((cell) => cell.field === name)?.value;
}

/** Runs one query to its end; stops it when it takes too long. */
async function runQuery(
  logs: CloudWatchLogsClient,
  logGroupName: string,
  queryString: string,
  window: MeasureWindow,
  options: FlowLogReadOptions,
): Promise<{ rows: ResultField[][]; bytesScanned: number }> {
  const started = await logs.send(
    new StartQueryCommand({
      logGroupNames: [logGroupName],
      startTime: Math.floor(window.startTime.getTime() / 1000),
      endTime: Math.floor(window.endTime.getTime() / 1000),
      queryString,
      limit: MAX_QUERY_ROWS,
    }),
  );
  const queryId = started.queryId;
  if (!queryId) throw new QueryError('StartQuery returned no query id');
  const sleep = options.sleep ?? sleepFor;
  const deadline = Date.now() + (options.maxQueryMs ?? DEFAULT_MAX_QUERY_MS);
  let wait = Math.min(FIRST_POLL_MS, options.pollMs ?? DEFAULT_POLL_MS);
  for (;;) {
    const answer = await logs.send(new GetQueryResultsCommand({ queryId }));
    const status = answer.status ?? 'Unknown';
    if (status === 'Complete') {
      const rows = answer.results ?? [];
      if (rows.length >= MAX_QUERY_ROWS) {
        throw new QueryError(
          `a query returned ${rows.length} rows, the most it may: not all counted`,
        );
      }
      return { rows, bytesScanned: answer.statistics?.bytesScanned ?? 0 };
    }
    if (status !== 'Running' && status !== 'Scheduled') {
      throw new QueryError(`a Logs Insights query ended ${status}`);
    }
    if (Date.now() >= deadline) {
      await logs.send(new StopQueryCommand({ queryId })).catch(() => undefined);
      throw new QueryError('a Logs Insights query took too long and was stopped');
    }
    await sleep(wait);
    wait = Math.min(wait * 2, options.pollMs ?? DEFAULT_POLL_MS);
  }
}

/** The flow log chosen to measure a gateway, or why none can be. */
export type Coverage =
  | { flowLog: FlowLog; attribution: Attribution }
  | { status: 'no-flow-log' | 'not-readable' | 'failed'; reason: string };

/**
 * The flow log to read for a gateway among those described: an active one on its interfaces, its
 * subnet, its VPC or the gateway, delivered to CloudWatch Logs, whose format has the fields the
 * queries need (per-subnet attribution first); or why there is none.
 */
export function coverageOf(target: NatGatewayTarget, flowLogs: readonly FlowLog[]): Coverage {
  const covering = flowLogs.filter((flowLog) => {
    const id = flowLog.ResourceId;
    return (
      usable(flowLog) &&
      id !== undefined &&
      (target.interfaceIds.includes(id) ||
        id === target.subnetId ||
        id === target.vpcId ||
        id === target.natGatewayId)
    );
  });
  if (covering.length === 0) {
    return { status: 'no-flow-log', reason: 'no active flow log covers it' };
  }
  const readable = covering.filter(deliversToLogs);
  if (readable.length === 0) {
    const where = covering.map((f) => `${f.FlowLogId ?? '?'} → ${f.LogDestinationType ?? '?'}`);
    return {
      status: 'not-readable',
      reason: `its flow logs deliver to S3 or Firehose, which are not read (${where.join(', ')})`,
    };
  }
  return (
    choose(target, readable) ?? {
      status: 'failed',
      reason: 'the format of its flow logs lacks interface-id, srcaddr, dstaddr or bytes',
    }
  );
}

/** A flow log delivered to CloudWatch Logs, as the queries need it. */
export interface ReadableFlowLog {
  flowLogIds: string[];
  logGroupName: string;
  /** Its record format (absent: the default format). */
  logFormat?: string;
}

/**
 * Measures one gateway from one flow log over `options.window`: one Logs Insights query per service
 * and direction, the rows attributed (per subnet with `pkt-*` fields). Never throws for AWS: a failed
 * query is the gateway's `failed` status, with the reason and the bytes scanned so far.
 */
export async function measureWithFlowLog(
  target: NatGatewayTarget,
  flowLog: ReadableFlowLog,
  options: FlowLogReadOptions,
): Promise<NatMeasurement> {
  const natGatewayId = target.natGatewayId;
  if (target.interfaceIds.length === 0) {
    return { natGatewayId, status: 'failed', reason: 'its network interfaces are unknown' };
  }
  const serviceCidrs = Object.fromEntries(
    target.services.flatMap((service) => {
      const cidrs = options.serviceCidrs[service];
      return cidrs && cidrs.length > 0 ? [[service, cidrs]] : [];
    }),
  );
  const { attribution, queries } = flowLogQueries({
    ...(flowLog.logFormat !== undefined ? { logFormat: flowLog.logFormat } : {}),
    interfaceIds: target.interfaceIds,
    services: serviceCidrs,
  });
  const base = {
    natGatewayId,
    source: options.source ?? ('flow-logs' as const),
    flowLogIds: flowLog.flowLogIds,
    logGroups: [flowLog.logGroupName],
    startTime: options.window.startTime.toISOString(),
    endTime: options.window.endTime.toISOString(),
  };
  let bytesScanned = 0;
  try {
    const results: QueryResult[] = [];
    for (const query of queries) {
      const answer = await runQuery(
        options.logs,
        flowLog.logGroupName,
        query.queryString,
        options.queryWindow ?? options.window,
        options,
      );
      bytesScanned += answer.bytesScanned;
      results.push({
        service: query.service,
        direction: query.direction,
        rows: answer.rows.map((row) => {
          const host = query.hostField ? valueOf(row, query.hostField) : undefined;
          return {
            ...(host !== undefined ? { host } : {}),
            bytes: Number(valueOf(row, 'bytes') ?? 0),
          };
        }),
      });
    }
    const bytes = attributeBytes(results, attribution, options.subnets);
    const unattributed = bytes.unattributedBytes ?? 0;
    return {
      ...base,
      status: 'measured',
      attribution,
      services: bytes.services,
      ...(bytes.subnets ? { subnets: bytes.subnets } : {}),
      bytesScanned,
      ...(unattributed > 0
        ? {
            reason: `${unattributed} byte(s) came from addresses outside the region's subnets (another VPC?): counted for the gateway, not for any route table`,
          }
        : {}),
    };
  } catch (error) {
    const why =
      error instanceof QueryError
        ? error.message
        : (() => {
            const { code, message } = classifyAwsError(error);
            return `${code}: ${message}`;
          })();
    return { ...base, status: 'failed', reason: why, bytesScanned };
  }
}

async function measureOne(
  target: NatGatewayTarget,
  flowLogs: readonly FlowLog[],
  options: FlowLogReadOptions,
): Promise<NatMeasurement> {
  const coverage = coverageOf(target, flowLogs);
  if ('status' in coverage) {
    return { natGatewayId: target.natGatewayId, status: coverage.status, reason: coverage.reason };
  }
  return measureWithFlowLog(
    target,
    {
      flowLogIds: [coverage.flowLog.FlowLogId ?? ''],
      logGroupName: coverage.flowLog.LogGroupName as string,
      ...(coverage.flowLog.LogFormat !== undefined
        ? { logFormat: coverage.flowLog.LogFormat }
        : {}),
    },
    options,
  );
}

/**
 * Measures the given NAT gateways of one region from their existing flow logs, one gateway after the
 * other (each runs one query per service and direction).
 *
 * @returns one measurement per gateway, in the order given: `measured`, or why not
 */
export async function measureFromFlowLogs(
  targets: readonly NatGatewayTarget[],
  options: FlowLogReadOptions,
): Promise<NatMeasurement[]> {
  if (targets.length === 0) return [];
  let flowLogs: FlowLog[];
  try {
    flowLogs = await describeFlowLogsOf(
      options.ec2,
      targets.flatMap((t) => [
        t.natGatewayId,
        ...t.interfaceIds,
        ...(t.subnetId ? [t.subnetId] : []),
        ...(t.vpcId ? [t.vpcId] : []),
      ]),
    );
  } catch (error) {
    const { code, message } = classifyAwsError(error);
    return targets.map((t) => ({
      natGatewayId: t.natGatewayId,
      status: 'failed' as const,
      reason: `flow logs could not be described (${code}: ${message}); the audit role needs ec2:DescribeFlowLogs`,
    }));
  }
  const out: NatMeasurement[] = [];
  for (const target of targets) out.push(await measureOne(target, flowLogs, options));
  return out;
}
