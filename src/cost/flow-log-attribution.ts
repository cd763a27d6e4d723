/**
 * Turns the rows of the flow-log queries into the bytes of a NAT gateway per service and, when the
 * format carries `pkt-srcaddr`/`pkt-dstaddr`, per source subnet (pure).
 */
import { parseIpv4Block } from '../net/cidr';
import type { ServiceBytes, SubnetBytes } from '../snapshot/cost-inputs';
import type { ServiceName } from '../types';
import type { Attribution, Direction } from './flow-log-query';

/** What one query returned. */
export interface QueryResult {
  service: ServiceName;
  direction: Direction;
  /** One row per instance address (attribution `subnet`), or one row in all. */
  rows: { host?: string; bytes: number }[];
}

/** A subnet an instance address may belong to. */
export interface SubnetRange {
  subnetId: string;
  cidr: string;
}

/** The bytes of a NAT gateway, per service and (attribution `subnet`) per source subnet. */
export interface AttributedBytes {
  services: Partial<Record<ServiceName, ServiceBytes>>;
  /** Attribution `subnet` only: bytes of each (subnet, service), sorted by subnet then service. */
  subnets?: SubnetBytes[];
  /** Attribution `subnet` only: bytes whose instance address is in none of the subnets given. */
  unattributedBytes?: number;
}

function field(direction: Direction): keyof ServiceBytes {
  return direction === 'to-service' ? 'bytesToService' : 'bytesFromService';
}

/** The subnet holding an IPv4 address, or undefined. */
function subnetOf(
  address: string,
  ranges: readonly { subnetId: string; start: number; end: number }[],
) {
  const block = parseIpv4Block(`${address}/32`);
  if (!block) return undefined;
  return ranges.find((range) => block.start >= range.start && block.start <= range.end)?.subnetId;
}

/**
 * Sums the query rows: each service's bytes in each direction (every row counts once), and with
 * attribution `subnet` the bytes of each source subnet; an address outside every subnet (another
 * VPC behind a transit gateway, say) counts for its service but no subnet.
 */
export function attributeBytes(
  results: readonly QueryResult[],
  attribution: Attribution,
  subnets: readonly SubnetRange[],
): AttributedBytes {
  const services: Partial<Record<ServiceName, ServiceBytes>> = {};
  const ranges = subnets.flatMap((subnet) => {
    const block = parseIpv4Block(subnet.cidr);
    return block ? [{ subnetId: subnet.subnetId, start: block.start, end: block.end }] : [];
  });
  const perSubnet = new Map<string, SubnetBytes>();
  let unattributed = 0;
  for (const result of results) {
    const totals = (services[result.service] ??= { bytesToService: 0, bytesFromService: 0 });
    for (const row of result.rows) {
      if (!Number.isFinite(row.bytes) || row.bytes <= 0) continue;
      totals[field(result.direction)] += row.bytes;
      if (attribution !== 'subnet') continue;
      const subnetId = row.host !== undefined ? subnetOf(row.host, ranges) : undefined;
      if (subnetId === undefined) {
        unattributed += row.bytes;
        continue;
      }
      const key = `${subnetId}/${result.service}`;
      let entry = perSubnet.get(key);
      if (!entry) {
        entry = { subnetId, service: result.service, bytesToService: 0, bytesFromService: 0 };
        perSubnet.set(key, entry);
      }
      entry[field(result.direction)] += row.bytes;
    }
  }
  if (attribution !== 'subnet') return { services };
  return {
    services,
    subnets: [...perSubnet.values()].sort((a, b) =>
      a.subnetId === b.subnetId
        ? a.service.localeCompare(b.service)
        : a.subnetId.localeCompare(b.subnetId),
    ),
    unattributedBytes: unattributed,
  };
}
