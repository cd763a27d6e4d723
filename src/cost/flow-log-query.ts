/**
 * The CloudWatch Logs Insights queries that measure the bytes a NAT gateway carries to and from a
 * service, built from a flow log's record format (pure: no AWS call).
 *
 * Through a NAT gateway its network interface logs four legs per exchange ("Flow log record
 * examples", NAT gateway section, https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html):
 * L1 instance → NAT (`dstaddr` the NAT's private address, `pkt-dstaddr` the remote R), L2 NAT → R,
 * L3 R → NAT, L4 NAT → instance (`pkt-srcaddr` R). Every byte crosses the interface twice, so each
 * direction is counted on one leg only:
 * - with `pkt-srcaddr`/`pkt-dstaddr` in the format (custom format, "Flow log records",
 *   https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html): requests on L1
 *   (`pkt-dstaddr` in the service's CIDRs, `dstaddr` not) grouped by `srcaddr`, responses on L4
 *   (`pkt-srcaddr` in them, `srcaddr` not) grouped by `dstaddr`: the bytes of each instance address,
 *   which the attribution turns into bytes per source subnet;
 * - with the default format: requests on L2 (`dstaddr` in the CIDRs), responses on L3 (`srcaddr` in
 *   them): bytes per NAT gateway and service, not per subnet.
 * Only records of the NAT's own interfaces count (a subnet or VPC flow log also logs the instances'
 * interfaces, whose records would count the same bytes again), and only `ACCEPT`ed `OK` records.
 *
 * Query syntax: `parse @message "* * …" as …` (glob), `filter … in […]`, `isIpv4InSubnet(field,
 * "cidr")`, `stats sum(bytes) … by …` ("CloudWatch Logs Insights language query syntax" and its
 * "IP address string functions",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html).
 */
import type { ServiceName } from '../types';

/** The version 2 default format, as `DescribeFlowLogs` returns `LogFormat`. */
export const DEFAULT_LOG_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';

/** The most rows one query may return (the StartQuery `limit` maximum). */
export const MAX_QUERY_ROWS = 10_000;

/** The direction of a measured byte: towards the service or back from it. */
export type Direction = 'to-service' | 'from-service';

/** How the bytes of a flow log can be attributed. */
export type Attribution = 'subnet' | 'nat-gateway';

/** One query to run: its service, direction and text. */
export interface FlowLogQuery {
  service: ServiceName;
  direction: Direction;
  /** The field whose values are the instance addresses (attribution `subnet` only). */
  hostField?: string;
  queryString: string;
}

/** The fields of a `LogFormat` (`${name}` each), in order; the default format when absent. */
export function logFormatFields(logFormat: string | undefined): string[] {
  const text = logFormat && logFormat.trim() !== '' ? logFormat : DEFAULT_LOG_FORMAT;
  return [...text.matchAll(/\$\{([a-z0-9-]+)\}/g)].map((match) => match[1] as string);
}

const REQUIRED = ['interface-id', 'srcaddr', 'dstaddr', 'bytes'] as const;

/**
 * What a flow log of this format can measure: `subnet` with `pkt-srcaddr` and `pkt-dstaddr`,
 * `nat-gateway` without; or why it cannot (a field the queries need is missing).
 */
export function attributionOf(fields: readonly string[]): Attribution | { missing: string[] } {
  const missing = REQUIRED.filter((field) => !fields.includes(field));
  if (missing.length > 0) return { missing };
  return fields.includes('pkt-srcaddr') && fields.includes('pkt-dstaddr')
    ? 'subnet'
    : 'nat-gateway';
}

/** A field name as the query names it (`pkt-srcaddr` → `pkt_srcaddr`). */
export function queryField(field: string): string {
  return field.replace(/-/g, '_');
}

/** A string literal of the query language. */
function literal(value: string): string {
  return JSON.stringify(value);
}

function inAny(field: string, cidrs: readonly string[]): string {
  return cidrs.map((cidr) => `isIpv4InSubnet(${field}, ${literal(cidr)})`).join(' or ');
}

function inNone(field: string, cidrs: readonly string[]): string {
  return cidrs.map((cidr) => `not isIpv4InSubnet(${field}, ${literal(cidr)})`).join(' and ');
}

/** Options of {@link flowLogQueries}. */
export interface FlowLogQueryOptions {
  /** The flow log's record format (`LogFormat`); absent = the default format. */
  logFormat?: string;
  /** The NAT gateway's network interfaces: only their records count. */
  interfaceIds: readonly string[];
  /** The IPv4 CIDRs of each service to measure (the region's AWS-managed prefix lists). */
  services: Partial<Record<ServiceName, readonly string[]>>;
}

/**
 * The queries that measure a NAT gateway: one per service and direction, each a `sum(bytes)`
 * (grouped by instance address when the format allows attribution).
 *
 * @throws Error when the format lacks a field the queries need (check {@link attributionOf} first)
 */
export function flowLogQueries(options: FlowLogQueryOptions): {
  attribution: Attribution;
  queries: FlowLogQuery[];
} {
  const fields = logFormatFields(options.logFormat);
  const attribution = attributionOf(fields);
  if (typeof attribution !== 'string') {
    throw new Error(`the flow log format lacks ${attribution.missing.join(', ')}`);
  }
  const names = fields.map(queryField);
  const head = [
    `parse @message ${literal(fields.map(() => '*').join(' '))} as ${names.join(', ')}`,
    `filter interface_id in [${options.interfaceIds.map(literal).join(', ')}]`,
    ...(fields.includes('action') ? ['filter action = "ACCEPT"'] : []),
    ...(fields.includes('log-status') ? ['filter log_status = "OK"'] : []),
  ];
  const queries: FlowLogQuery[] = [];
  for (const service of ['s3', 'dynamodb'] as const) {
    const cidrs = options.services[service];
    if (!cidrs || cidrs.length === 0) continue;
    for (const direction of ['to-service', 'from-service'] as const) {
      const toService = direction === 'to-service';
      let legs: string[];
      let hostField: string | undefined;
      if (attribution === 'subnet') {
        // L1 (requests: the packet is for R, the record's destination is the NAT) or L4
        // (responses: the packet came from R, the record's source is the NAT).
        const packet = toService ? 'pkt_dstaddr' : 'pkt_srcaddr';
        const record = toService ? 'dstaddr' : 'srcaddr';
        hostField = toService ? 'srcaddr' : 'dstaddr';
        legs = [`filter ${inAny(packet, cidrs)}`, `filter ${inNone(record, cidrs)}`];
      } else {
        // L2 (requests: NAT → R) or L3 (responses: R → NAT).
        legs = [`filter ${inAny(toService ? 'dstaddr' : 'srcaddr', cidrs)}`];
      }
      const stats = hostField
        ? `stats sum(bytes) as bytes by ${hostField}`
        : 'stats sum(bytes) as bytes';
      queries.push({
        service,
        direction,
        ...(hostField ? { hostField } : {}),
        queryString: [...head, ...legs, stats, `limit ${MAX_QUERY_ROWS}`].join('\n| '),
      });
    }
  }
  return { attribution, queries };
}
