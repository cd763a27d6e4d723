/**
 * Reads how many bytes NAT gateways processed per day from CloudWatch: `AWS/NATGateway`
 * `BytesInFromSource` (from the VPC towards the destination) plus `BytesInFromDestination` (the
 * answers coming back), which together are what a NAT gateway bills as data processed.
 *
 * The same request also reads `AWS/TransitGateway` `BytesIn` of the region's transit gateway
 * attachments (dimensions `TransitGateway` + `TransitGatewayAttachment`: the bytes the attachment sent
 * to the transit gateway, which is what transit gateway data processing bills).
 *
 * One `GetMetricData` request per region covers every gateway (two queries each) and attachment (one
 * each); it is split only past the API limit of 500 queries per request, and each request follows
 * `NextToken` to the end.
 */
import { timeCall, type CallHooks } from '../call-hooks';
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { classifyAwsError } from '../aws-errors';
import { MetricsReadError } from './metrics-read-error';
import { DAY_MS, type MetricWindow } from './metric-window';
import { chunks } from './chunks';

/** The most metric queries one `GetMetricData` request may carry (API limit). */
export const MAX_QUERIES_PER_REQUEST = 500;

/** The metrics read per gateway: together, every byte the gateway processes. */
export const NAT_BYTES_METRICS = ['BytesInFromSource', 'BytesInFromDestination'] as const;

/** One of {@link NAT_BYTES_METRICS}. */
export type NatBytesMetric = (typeof NAT_BYTES_METRICS)[number];

/** The bytes a gateway processed on one UTC day (both metrics added). */
export interface DailyBytes {
  /** The day, `YYYY-MM-DD` (UTC). */
  day: string;
  bytes: number;
}

/** What CloudWatch returned for one NAT gateway over the window. */
export interface NatGatewayTraffic {
  natGatewayId: string;
  /** Days that carry at least one data point, oldest first; days without any are absent. */
  dailyBytes: DailyBytes[];
  /** Sum of `BytesInFromSource` over the window. */
  bytesInFromSource: number;
  /** Sum of `BytesInFromDestination` over the window. */
  bytesInFromDestination: number;
}

const METRIC_SUFFIX: Record<NatBytesMetric, string> = {
  BytesInFromSource: 'src',
  BytesInFromDestination: 'dst',
};

/** The query id of a gateway's metric: matches `^[a-z][a-zA-Z0-9_]*$` as the API requires. */
export function queryId(gatewayIndex: number, metric: NatBytesMetric): string {
  return `g${gatewayIndex}_${METRIC_SUFFIX[metric]}`;
}

/** A transit gateway attachment whose `BytesIn` is read. */
export interface AttachmentRef {
  transitGatewayId: string;
  attachmentId: string;
}

/** What CloudWatch returned for one transit gateway attachment over the window. */
export interface AttachmentTraffic extends AttachmentRef {
  /** Days that carry at least one data point, oldest first; days without any are absent. */
  dailyBytes: DailyBytes[];
  /** Sum of `BytesIn` over the window. */
  bytesIn: number;
}

/** The query id of an attachment's `BytesIn`. */
export function attachmentQueryId(attachmentIndex: number): string {
  return `t${attachmentIndex}_in`;
}

function attachmentQueriesFor(attachments: readonly AttachmentRef[]): MetricDataQuery[] {
  return attachments.map((attachment, index) => ({
    Id: attachmentQueryId(index),
    MetricStat: {
      Metric: {
        Namespace: 'AWS/TransitGateway',
        MetricName: 'BytesIn',
        Dimensions: [
          { Name: 'TransitGateway', Value: attachment.transitGatewayId },
          { Name: 'TransitGatewayAttachment', Value: attachment.attachmentId },
        ],
      },
      Period: DAY_MS / 1000,
      Stat: 'Sum',
    },
    ReturnData: true,
  }));
}

function queriesFor(natGatewayIds: readonly string[]): MetricDataQuery[] {
  return natGatewayIds.flatMap((natGatewayId, index) =>
    NAT_BYTES_METRICS.map((metric): MetricDataQuery => ({
      Id: queryId(index, metric),
      MetricStat: {
        Metric: {
          Namespace: 'AWS/NATGateway',
          MetricName: metric,
          Dimensions: [{ Name: 'NatGatewayId', Value: natGatewayId }],
        },
        Period: DAY_MS / 1000,
        Stat: 'Sum',
      },
      ReturnData: true,
    })),
  );
}

/** The results of one paginated request, failing on a query status other than complete or partial. */
async function fetchAll(
  client: CloudWatchClient,
  region: string,
  queries: MetricDataQuery[],
  window: MetricWindow,
  hooks: CallHooks,
): Promise<NonNullable<GetMetricDataCommandOutput['MetricDataResults']>> {
  const results: NonNullable<GetMetricDataCommandOutput['MetricDataResults']> = [];
  let nextToken: string | undefined;
  do {
    let page: GetMetricDataCommandOutput;
    const request = new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: window.startTime,
      EndTime: window.endTime,
      ScanBy: 'TimestampAscending',
      NextToken: nextToken,
    });
    try {
      page = await timeCall('GetMetricData', hooks, () => client.send(request));
    } catch (error) {
      const { code, message } = classifyAwsError(error);
      throw new MetricsReadError(region, code, message, { cause: error });
    }
    for (const result of page.MetricDataResults ?? []) {
      if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
        const detail = (result.Messages ?? []).map((m) => m.Value ?? m.Code ?? '').join('; ');
        throw new MetricsReadError(
          region,
          result.StatusCode,
          `query ${result.Id ?? '?'} answered ${result.StatusCode}${detail ? `: ${detail}` : ''}`,
        );
      }
      results.push(result);
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken);
  return results;
}

/** The traffic of one region: its NAT gateways and its transit gateway attachments. */
export interface RegionTraffic {
  natGateways: NatGatewayTraffic[];
  attachments: AttachmentTraffic[];
}

function sortedDays(days: Map<number, number> | undefined): DailyBytes[] {
  return [...(days ?? new Map<number, number>())]
    .sort(([a], [b]) => a - b)
    .map(([day, bytes]) => ({ day: new Date(day).toISOString().slice(0, 10), bytes }));
}

/**
 * Reads the daily processed bytes of the given NAT gateways and transit gateway attachments of one
 * region over the window, in the fewest `GetMetricData` requests.
 *
 * @param client a CloudWatch client of that region (built once by the caller)
 * @param region the region, named in errors
 * @param natGatewayIds the gateways; duplicates are read once
 * @param attachments the attachments; duplicates (same attachment id) are read once
 * @param window whole UTC days (see `metricWindow`)
 * @param hooks told about every `GetMetricData` request and its duration (`--verbose`)
 * @returns one entry per distinct gateway and attachment, in the order given; no call when both are empty
 * @throws MetricsReadError when CloudWatch refuses or fails any request or query
 */
export async function readRegionTraffic(
  client: CloudWatchClient,
  region: string,
  natGatewayIds: readonly string[],
  attachments: readonly AttachmentRef[],
  window: MetricWindow,
  hooks: CallHooks = {},
): Promise<RegionTraffic> {
  const ids = [...new Set(natGatewayIds)];
  const refs = [...new Map(attachments.map((a) => [a.attachmentId, a])).values()];
  if (ids.length === 0 && refs.length === 0) return { natGateways: [], attachments: [] };
  type Target =
    { kind: 'nat'; gateway: number; metric: NatBytesMetric } | { kind: 'tgw'; attachment: number };
  const byQueryId = new Map<string, Target>();
  ids.forEach((_id, gateway) => {
    for (const metric of NAT_BYTES_METRICS)
      byQueryId.set(queryId(gateway, metric), { kind: 'nat', gateway, metric });
  });
  refs.forEach((_ref, attachment) =>
    byQueryId.set(attachmentQueryId(attachment), { kind: 'tgw', attachment }),
  );

  const daily = ids.map(() => new Map<number, number>());
  const totals = ids.map(() => ({ BytesInFromSource: 0, BytesInFromDestination: 0 }));
  const attachmentDaily = refs.map(() => new Map<number, number>());
  const attachmentTotals = refs.map(() => 0);
  const queries = [...queriesFor(ids), ...attachmentQueriesFor(refs)];
  for (const batch of chunks(queries, MAX_QUERIES_PER_REQUEST)) {
    for (const result of await fetchAll(client, region, batch, window, hooks)) {
      const target = result.Id !== undefined ? byQueryId.get(result.Id) : undefined;
      if (!target) continue;
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      timestamps.forEach((timestamp, i) => {
        const bytes = values[i];
        if (bytes === undefined || !Number.isFinite(bytes)) return;
        const day = Math.floor(new Date(timestamp).getTime() / DAY_MS) * DAY_MS;
        if (target.kind === 'tgw') {
          const days = attachmentDaily[target.attachment];
          if (!days) return;
          days.set(day, (days.get(day) ?? 0) + bytes);
          attachmentTotals[target.attachment] = (attachmentTotals[target.attachment] ?? 0) + bytes;
          return;
        }
        const days = daily[target.gateway];
        const sums = totals[target.gateway];
        if (!days || !sums) return;
        days.set(day, (days.get(day) ?? 0) + bytes);
        sums[target.metric] += bytes;
      });
    }
  }

  return {
    natGateways: ids.map((natGatewayId, gateway) => ({
      natGatewayId,
      dailyBytes: sortedDays(daily[gateway]),
      bytesInFromSource: totals[gateway]?.BytesInFromSource ?? 0,
      bytesInFromDestination: totals[gateway]?.BytesInFromDestination ?? 0,
    })),
    attachments: refs.map((ref, attachment) => ({
      ...ref,
      dailyBytes: sortedDays(attachmentDaily[attachment]),
      bytesIn: attachmentTotals[attachment] ?? 0,
    })),
  };
}

/**
 * Reads the daily processed bytes of the given NAT gateways of one region over the window.
 *
 * @param client a CloudWatch client of that region (built once by the caller)
 * @param region the region, named in errors
 * @param natGatewayIds the gateways; duplicates are read once; an empty list makes no call
 * @param window whole UTC days (see `metricWindow`)
 * @param hooks told about every `GetMetricData` request and its duration (`--verbose`)
 * @returns one entry per distinct gateway, in the order given
 * @throws MetricsReadError when CloudWatch refuses or fails any request or query
 */
export async function readNatGatewayTraffic(
  client: CloudWatchClient,
  region: string,
  natGatewayIds: readonly string[],
  window: MetricWindow,
  hooks: CallHooks = {},
): Promise<NatGatewayTraffic[]> {
  return (await readRegionTraffic(client, region, natGatewayIds, [], window, hooks)).natGateways;
}
