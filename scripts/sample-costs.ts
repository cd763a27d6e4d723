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
