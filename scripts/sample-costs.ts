/**
 * The cost inputs of the sample estate (the snapshot's `cost`, docs/snapshot.md): what a live audit
 * would have read from CloudWatch over the 14 days before the sample was collected, so that `npm
 * start` shows dollars. Deterministic: each gateway's daily bytes derive from its id.
 */
import { ec2Id, numberOf } from './estate-builder';
import type { RegionInventory } from './estate-builder';

/** 2^30 bytes. */
const GIB = 2 ** 30;
/** Days of metrics. */
const DAYS = 14;
/** The end of the window: 00:00 UTC of the day the sample was collected. */
const END = Date.UTC(2026, 10, 27);
const DAY_MS = 86_400_000;

/** NAT data processing per GB (USD) of the sample's regions (the regional table's). */
const NAT_PRICES: Record<string, number> = {
  'us-east-1': 0.045,
  'eu-west-1': 0.048,
  'us-west-2': 0.045,
};

/** A day's bytes. */
interface DailyBytes {
  day: string;
  bytes: number;
}

/** `gibPerDay` a day with a weekday/weekend swing, from `firstDay` (0 = oldest) on. */
function series(label: string, gibPerDay: number, firstDay = 0): DailyBytes[] {
  const out: DailyBytes[] = [];
  for (let day = firstDay; day < DAYS; day += 1) {
    const at = new Date(END - (DAYS - day) * DAY_MS);
    const weekend = at.getUTCDay() === 0 || at.getUTCDay() === 6;
    const jitter = 0.9 + numberOf(`${label}/${day}`, 21) / 100;
    out.push({
      day: at.toISOString().slice(0, 10),
      bytes: Math.round(gibPerDay * GIB * jitter * (weekend ? 0.6 : 1)),
    });
  }
  return out;
}

/** The transit gateway attachments of the sample's VPCs that leak through the core transit gateway. */
function attachmentsOf(region: RegionInventory, tgw: string) {
  const leaking = ['shared-services'];
  const nameOf = (vpc: Record<string, unknown>) =>
    (vpc.Tags as { Key: string; Value?: string }[] | undefined)?.find((tag) => tag.Key === 'Name')
      ?.Value ?? '';
  return region.Vpcs.filter((vpc) => leaking.includes(nameOf(vpc))).map((vpc, i) => ({
    vpcId: String(vpc.VpcId),
    transitGatewayId: tgw,
    attachmentId: ec2Id('tgw-attach', `${vpc.VpcId}/${tgw}`),
    dailyBytes: series(String(vpc.VpcId), 85 + 40 * i),
  }));
}

/** The subnets whose route tables send 0.0.0.0/0 (or any route) to the NAT gateway, sorted. */
function subnetsBehind(region: RegionInventory, natGatewayId: string): string[] {
  return region.RouteTables.filter((table) =>
    (table.Routes as { NatGatewayId?: string }[]).some((r) => r.NatGatewayId === natGatewayId),
  )
    .flatMap(
      (table) =>
        (table.Associations as { SubnetId?: string }[] | undefined)?.flatMap((a) =>
          a.SubnetId ? [a.SubnetId] : [],
        ) ?? [],
    )
    .sort();
}

/**
 * What existing flow logs measured over the last day of the window through the region's first NAT
 * gateway (so that `npm start` shows measured dollars beside upper bounds): in us-east-1 a flow log
 * with `pkt-srcaddr`/`pkt-dstaddr`, so each subnet behind it has its own S3 and DynamoDB bytes; in
 * eu-west-1 a default-format flow log (bytes per gateway and service); the other gateways have no
 * flow log, and say so.
 */
function measurementsOf(name: string, region: RegionInventory) {
  const owned = region.NatGateways.map((nat) => String(nat.NatGatewayId)).sort();
  const window = {
    startTime: new Date(END - DAY_MS).toISOString(),
    endTime: new Date(END).toISOString(),
  };
  return owned.map((natGatewayId, i) => {
    const subnets = subnetsBehind(region, natGatewayId);
    if (i > 0 || name === 'us-west-2' || subnets.length === 0) {
      return {
        natGatewayId,
        status: 'no-flow-log' as const,
        reason: 'no active flow log covers it',
      };
    }
    // A share of what the gateway carries a day (its metric's base figure): 40% S3, 5% DynamoDB,
    // split between its subnets by weight, a tenth of it requests and the rest responses.
    const daily = (40 + numberOf(natGatewayId, 860)) * GIB;
    const weights = subnets.map((subnetId) => 1 + numberOf(subnetId, 4));
    const total = weights.reduce((t, w) => t + w, 0);
    const perSubnet = subnets.flatMap((subnetId, k) =>
      (
        [
          ['s3', 0.4],
          ['dynamodb', 0.05],
        ] as const
      ).map(([service, share]) => {
        const bytes = (daily * share * (weights[k] ?? 1)) / total;
        return {
          subnetId,
          service,
          bytesToService: Math.round(bytes * 0.1),
          bytesFromService: Math.round(bytes * 0.9),
        };
      }),
    );
    const sum = (service: 's3' | 'dynamodb') => ({
      bytesToService: perSubnet
        .filter((r) => r.service === service)
        .reduce((t, r) => t + r.bytesToService, 0),
      bytesFromService: perSubnet
        .filter((r) => r.service === service)
        .reduce((t, r) => t + r.bytesFromService, 0),
    });
    const subnetAttribution = name === 'us-east-1';
    return {
      natGatewayId,
      status: 'measured' as const,
      source: 'flow-logs' as const,
      flowLogIds: [ec2Id('fl', `${name}/${natGatewayId}`)],
      logGroups: ['/vpc/flow-logs'],
      ...window,
      attribution: subnetAttribution ? ('subnet' as const) : ('nat-gateway' as const),
      services: { s3: sum('s3'), dynamodb: sum('dynamodb') },
      ...(subnetAttribution ? { subnets: perSubnet } : {}),
      bytesScanned: 3 * GIB + numberOf(natGatewayId, 1000) * 1_000_000,
    };
  });
}

/** The sample's cost inputs, per region. */
export function sampleCostInputs(regions: Record<string, RegionInventory>) {
  const byRegion = Object.fromEntries(
    Object.entries(regions).map(([name, region]) => {
      // The region's own gateways, and those its routes name in another account (a shared VPC's
      // NAT gateway, whose metrics live in the owner's account: no data points here).
      const routed = region.RouteTables.flatMap((table) =>
        (table.Routes as { NatGatewayId?: string }[]).flatMap((r) =>
          r.NatGatewayId ? [r.NatGatewayId] : [],
        ),
      );
      const owned = region.NatGateways.map((nat) => String(nat.NatGatewayId));
      const foreign = [...new Set(routed)].filter((id) => !owned.includes(id)).sort();
      const natGateways = [
        ...owned.map((id, i) => ({
          natGatewayId: id,
          // 40-900 GiB a day; the second gateway of a region is 5 days old.
          dailyBytes: series(id, 40 + numberOf(id, 860), i === 1 ? 9 : 0),
        })),
        ...foreign.map((id) => ({ natGatewayId: id, dailyBytes: [] })),
      ];
      const tgw = name === 'us-east-1' ? ec2Id('tgw', 'us-east-1/core-tgw') : undefined;
      return [
        name,
        {
          status: 'known' as const,
          natPricePerGb: NAT_PRICES[name] ?? 0.045,
          natPriceSource: 'table' as const,
          tgwPricePerGb: 0.02,
          tgwPriceSource: name === 'us-east-1' ? ('table' as const) : ('default' as const),
          natGateways,
          measurements: measurementsOf(name, region),
          ...(tgw
            ? { attachments: attachmentsOf(region, tgw), transitGatewayStatus: 'known' as const }
            : {}),
        },
      ];
    }),
  );
  return {
    days: DAYS,
    startTime: new Date(END - DAYS * DAY_MS).toISOString(),
    endTime: new Date(END).toISOString(),
    regions: byRegion,
  };
}
