/**
 * A synthetic estate of any size for the benchmarks: several regions, thousands of VPCs laid out
 * the way platform teams build them (public, private and data tiers over three AZs, a NAT gateway
 * per AZ, explicit associations, gateway endpoints on some tables, TGW, VPN, interface endpoints,
 * blackholes), with the extra fields real `describe-*` output carries. Deterministic.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import {
  ec2Id,
  route,
  RegionBuilder,
  type Ec2Route,
  type RegionInventory,
} from '../scripts/estate-builder';

/** Subnets per VPC: per AZ two public, four private, two data. */
const AZS = ['a', 'b', 'c'] as const;
const TIERS = [
  { tier: 'public', perAz: 2 },
  { tier: 'private', perAz: 4 },
  { tier: 'data', perAz: 2 },
] as const;
/** Subnets of a full VPC. */
export const SUBNETS_PER_VPC = AZS.length * TIERS.reduce((sum, t) => sum + t.perAz, 0);

const REGIONS: { name: string; azIds: Record<string, string>; s3: string[]; dynamodb: string[] }[] =
  [
    {
      name: 'us-east-1',
      azIds: { a: 'use1-az4', b: 'use1-az6', c: 'use1-az1' },
      s3: ['3.5.0.0/19', '16.182.0.0/16', '18.34.0.0/19', '52.216.0.0/15', '54.231.0.0/16'],
      dynamodb: ['3.218.180.0/23', '3.218.182.0/24', '52.94.0.0/22', '52.119.224.0/20'],
    },
    {
      name: 'eu-west-1',
      azIds: { a: 'euw1-az3', b: 'euw1-az1', c: 'euw1-az2' },
      s3: [
        '3.5.64.0/21',
        '3.5.72.0/23',
        '16.12.0.0/16',
        '18.34.32.0/20',
        '52.92.0.0/17',
        '52.218.0.0/17',
      ],
      dynamodb: ['52.94.24.0/23', '52.94.26.0/23', '52.119.240.0/21'],
    },
    {
      name: 'us-west-2',
      azIds: { a: 'usw2-az2', b: 'usw2-az1', c: 'usw2-az3' },
      s3: [
        '3.5.76.0/22',
        '3.5.80.0/21',
        '18.34.48.0/20',
        '18.34.244.0/22',
        '52.92.128.0/17',
        '52.218.128.0/17',
      ],
      dynamodb: ['52.94.10.0/24', '52.94.28.0/23'],
    },
    {
      name: 'eu-central-1',
      azIds: { a: 'euc1-az2', b: 'euc1-az3', c: 'euc1-az1' },
      s3: ['3.5.134.0/23', '3.5.136.0/22', '3.65.246.0/28', '52.219.140.0/24', '52.219.168.0/24'],
      dynamodb: ['52.94.6.0/24', '52.119.188.0/22'],
    },
    {
      name: 'ap-southeast-2',
      azIds: { a: 'apse2-az3', b: 'apse2-az1', c: 'apse2-az2' },
      s3: ['3.5.164.0/22', '3.5.168.0/23', '52.95.128.0/21', '54.231.248.0/22'],
      dynamodb: ['52.94.13.0/24', '52.119.204.0/22'],
    },
  ];

/** The customer-managed prefix list every region has, routed to the TGW by some tables. */
const CORP_NETWORKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** The second and third octets of VPC `index`'s /16 inside 10.0.0.0/8 (wraps after 256). */
function vpcCidr(index: number): string {
  return `10.${index % 256}.0.0/16`;
}

function subnetCidr(vpcIndex: number, slot: number): string {
  return `10.${vpcIndex % 256}.${slot * 8}.0/21`;
}

/** Builds VPC `index` of a region with `subnetCount` (≤ {@link SUBNETS_PER_VPC}) subnets. */
function addVpc(b: RegionBuilder, index: number, subnetCount: number, corpList: string): void {
  const name = `vpc-${String(index).padStart(5, '0')}`;
  const cidr = vpcCidr(index);
  const vpc = b.vpc({
    name,
    cidr,
    tags: {
      Environment: ['prod', 'staging', 'dev'][index % 3] as string,
      Team: `team-${index % 40}`,
    },
  });
  const tgw = ec2Id('tgw', `${b.region}/tgw`);
  const vgw = ec2Id('vgw', `${b.region}/vgw-${index % 7}`);
  const useTgw = index % 5 === 4;
  const useVpn = index % 11 === 10;
  const hasIgw = !useTgw;
  const igw = hasIgw ? b.internetGateway(vpc, `${name}-igw`) : undefined;

  const subnets: Record<string, string[][]> = {
    public: [[], [], []],
    private: [[], [], []],
    data: [[], [], []],
  };
  let slot = 0;
  outer: for (const { tier, perAz } of TIERS) {
    for (let k = 0; k < perAz; k += 1) {
      for (let a = 0; a < AZS.length; a += 1) {
        if (slot >= subnetCount) break outer;
        const az = AZS[a] as string;
        const id = b.subnet(vpc, {
          name: `${name}-${tier}-${az}${k}`,
          cidr: subnetCidr(index, slot),
          az,
          public: tier === 'public',
          tags: tier === 'private' ? { 'kubernetes.io/role/internal-elb': '1' } : {},
        });
        (subnets[tier]?.[a] as string[]).push(id);
        slot += 1;
      }
    }
  }

  const peerings: Ec2Route[] = [];
  for (let p = 1; p <= index % 6; p += 1) {
    peerings.push(route.peering(vpcCidr(index + p * 37), ec2Id('pcx', `${vpc}/${p}`)));
  }
  b.routeTable(vpc, { name: `${name}-main`, main: true, routes: [route.local(cidr)] });
  if (igw !== undefined) {
    b.routeTable(vpc, {
      name: `${name}-public`,
      subnets: subnets.public?.flat() ?? [],
      routes: [route.local(cidr), route.gateway('0.0.0.0/0', igw), ...peerings],
    });
  }
  const privateTables: string[] = [];
  AZS.forEach((az, a) => {
    const publicSubnet = subnets.public?.[a]?.[0];
    let egress: Ec2Route;
    if (useTgw || publicSubnet === undefined) egress = route.transitGateway('0.0.0.0/0', tgw);
    else if (useVpn) egress = route.propagated('0.0.0.0/0', vgw);
    else {
      const nat = b.natGateway(vpc, {
        name: `${name}-nat-${az}`,
        subnetId: publicSubnet,
        privateIp: `10.${index % 256}.${a * 8}.${10 + a}`,
        ...(index % 23 === 22 ? { state: 'deleted' as const } : {}),
      });
      egress = route.nat('0.0.0.0/0', nat, index % 23 === 22 ? 'blackhole' : 'active');
    }
    const routes: Ec2Route[] = [route.local(cidr), egress, ...peerings];
    if (index % 4 === 0) routes.push(route.prefixListToTransitGateway(corpList, tgw));
    if (index % 29 === 28) routes.push(route.nat('52.216.0.0/16', ec2Id('nat', `${vpc}/pin`)));
    privateTables.push(
      b.routeTable(vpc, {
        name: `${name}-private-${az}`,
        subnets: subnets.private?.[a] ?? [],
        routes,
        ...(useVpn ? { propagatingVgws: [vgw] } : {}),
      }),
    );
  });
  b.routeTable(vpc, {
    name: `${name}-data`,
    subnets: subnets.data?.flat() ?? [],
    routes: [route.local(cidr), ...peerings],
  });

  if (index % 3 !== 2) {
    // Endpoints on some tables only: the later VPCs forgot the last AZ.
    const attached = index % 3 === 0 ? privateTables : privateTables.slice(0, 2);
    b.gatewayEndpoint(vpc, 's3', attached, `${name}-s3`);
  }
  if (index % 3 === 0) b.gatewayEndpoint(vpc, 'dynamodb', privateTables, `${name}-dynamodb`);
  if (index % 17 === 16) {
    b.s3InterfaceEndpoint(
      vpc,
      subnets.private?.map((s) => s[0] ?? '') ?? [],
      `${name}-s3-if`,
      index % 2 === 0,
    );
  }
}

/** Where the regions' subnets come from: `count` subnets spread evenly over the regions. */
function buildRegion(regionIndex: number, subnetCount: number, accountId: string): RegionInventory {
  const spec = REGIONS[regionIndex];
  if (!spec) throw new Error(`no region ${regionIndex}`);
  const b = new RegionBuilder(spec.name, spec.azIds, accountId);
  const s3 = `pl-${(0x63a5400a + regionIndex * 0x101).toString(16)}`;
  const dynamodb = `pl-${(0x02cd2c6b + regionIndex * 0x101).toString(16).padStart(8, '0')}`;
  b.prefixList(s3, `com.amazonaws.${spec.name}.s3`, spec.s3);
  b.prefixList(dynamodb, `com.amazonaws.${spec.name}.dynamodb`, spec.dynamodb);
  const corp = b.prefixList(ec2Id('pl', `${spec.name}/corp`), 'corp-networks', CORP_NETWORKS);
  let remaining = subnetCount;
  for (let index = 0; remaining > 0; index += 1) {
    const count = Math.min(SUBNETS_PER_VPC, remaining);
    addVpc(b, index, count, corp);
    remaining -= count;
  }
  return b.inventory;
}

/** The number of regions of the synthetic estate. */
export const SYNTHETIC_REGIONS = REGIONS.length;

/**
 * Writes a synthetic snapshot of `subnets` subnets to `file`, one region at a time (so the
 * generator never holds the whole estate), indented like the snapshots the CLI writes.
 *
 * @returns the counts written
 */
export function writeSyntheticSnapshot(
  file: string,
  subnets: number,
  accountId = '111122223333',
): { regions: number; vpcs: number; subnets: number; routeTables: number } {
  const fd = openSync(file, 'w');
  const counts = { regions: 0, vpcs: 0, subnets: 0, routeTables: 0 };
  try {
    writeSync(
      fd,
      `{\n  "schemaVersion": 1,\n  "accountId": "${accountId}",\n  "collectedAt": "2026-11-27T03:00:00Z",\n  "regions": {`,
    );
    const perRegion = Math.ceil(subnets / REGIONS.length);
    let left = subnets;
    for (let r = 0; r < REGIONS.length && left > 0; r += 1) {
      const count = Math.min(perRegion, left);
      left -= count;
      const inventory = buildRegion(r, count, accountId);
      counts.regions += 1;
      counts.vpcs += inventory.Vpcs.length;
      counts.subnets += inventory.Subnets.length;
      counts.routeTables += inventory.RouteTables.length;
      const body = JSON.stringify(inventory, null, 2).replace(/\n/g, '\n    ');
      writeSync(fd, `${r === 0 ? '' : ','}\n    "${REGIONS[r]?.name ?? ''}": ${body}`);
    }
    writeSync(fd, '\n  }\n}\n');
  } finally {
    closeSync(fd);
  }
  return counts;
}
