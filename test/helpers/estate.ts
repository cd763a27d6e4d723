/**
 * Builders of small snapshots for remediation tests: a VPC, its subnets, route tables and endpoints,
 * with the real AWS-managed prefix lists of the region.
 */
import type {
  RegionSnapshot,
  Route,
  Snapshot,
  SnapshotInput,
  Tag,
} from '../../src/snapshot/schema';
import { parseSnapshot } from '../../src/snapshot/load';

/** The account of the test estates. */
export const ACCOUNT = '111122223333';

const EXEMPT: Tag[] = [{ Key: 'vpce-auditor:exempt', Value: 'true' }];

/** The exemption tag, ready to put on a resource. */
export function exemptTags(): Tag[] {
  return EXEMPT.map((t) => ({ ...t }));
}

/** The prefix-list id of a service in the test estates. */
export function prefixListId(region: string, service: 's3' | 'dynamodb'): string {
  const suffix = region.replace(/[^0-9a-z]/g, '').slice(-6);
  return service === 's3' ? `pl-5${suffix}` : `pl-d${suffix}`;
}

/** The AWS-managed prefix lists of a region (the China form for `cn-` regions). */
export function prefixLists(region: string): RegionSnapshot['PrefixLists'] {
  const prefix = region.startsWith('cn-') ? 'cn.com.amazonaws' : 'com.amazonaws';
  return [
    {
      PrefixListId: prefixListId(region, 's3'),
      PrefixListName: `${prefix}.${region}.s3`,
      Cidrs: ['3.5.0.0/19', '52.216.0.0/15', '54.231.0.0/16'],
    },
    {
      PrefixListId: prefixListId(region, 'dynamodb'),
      PrefixListName: `${prefix}.${region}.dynamodb`,
      Cidrs: ['3.218.180.0/23', '52.94.0.0/22'],
    },
  ];
}

/** A default route to a target: `nat-…`, `igw-…`, `tgw-…`, `vgw-…`, `i-…`, `pcx-…`. */
export function defaultRoute(target: string): Route {
  const route: Route = {
    DestinationCidrBlock: '0.0.0.0/0',
    State: 'active',
    Origin: 'CreateRoute',
  };
  if (target.startsWith('nat-')) return { ...route, NatGatewayId: target };
  if (target.startsWith('tgw-')) return { ...route, TransitGatewayId: target };
  if (target.startsWith('i-')) return { ...route, InstanceId: target };
  if (target.startsWith('pcx-')) return { ...route, VpcPeeringConnectionId: target };
  return { ...route, GatewayId: target };
}

/** One route table in a {@link VpcSpec}. */
export interface TableSpec {
  id: string;
  /** Subnets explicitly associated (each is created with the table). */
  subnets: string[];
  /** The default route's target (absent: no default route). */
  via?: string;
  extraRoutes?: Route[];
  tags?: Tag[];
  subnetTags?: Record<string, Tag[]>;
}

/** One VPC of an estate. */
export interface VpcSpec {
  id: string;
  owner?: string;
  tags?: Tag[];
  tables: TableSpec[];
  /** Existing gateway endpoints. */
  endpoints?: {
    id: string;
    service: 's3' | 'dynamodb';
    tables: string[];
    state?: string;
    tags?: Tag[];
    policy?: string;
    /** The endpoint's `IpAddressType` (absent: EC2's `ipv4`). */
    ipAddressType?: string;
  }[];
}

/**
 * Two VPCs that leak, as the remediation tests seed them: `vpc-0a000000000000001` through an
 * internet gateway (`rtb-011`) and a NAT gateway (`rtb-012`, two subnets); `vpc-0a000000000000002`
 * through a NAT gateway (`rtb-021`) although it has an S3 endpoint, on no table.
 */
export function leakingVpcs(): VpcSpec[] {
  return [
    {
      id: 'vpc-0a000000000000001',
      tables: [
        { id: 'rtb-011', subnets: ['subnet-011'], via: 'igw-0123456789abcdef0' },
        { id: 'rtb-012', subnets: ['subnet-012', 'subnet-013'], via: 'nat-0123456789abcdef0' },
      ],
    },
    {
      id: 'vpc-0a000000000000002',
      tables: [{ id: 'rtb-021', subnets: ['subnet-021'], via: 'nat-0123456789abcdef1' }],
      endpoints: [{ id: 'vpce-0b000000000000001', service: 's3', tables: [] }],
    },
  ];
}

/**
 * VPC number `n` (1 to 9: `vpc-0a00000000000000n`) with two tables, `rtb-0n1` and `rtb-0n2`, each
 * with one subnet (`subnet-0n1`, `subnet-0n2`), whose default routes go to `via`'s two targets.
 */
export function numberedVpc(
  n: number,
  via: readonly [string, string],
  extra: Partial<VpcSpec> = {},
): VpcSpec {
  return {
    id: `vpc-0a00000000000000${n}`,
    tables: via.map((target, i) => ({
      id: `rtb-0${n}${i + 1}`,
      subnets: [`subnet-0${n}${i + 1}`],
      via: target,
    })),
    ...extra,
  };
}

let cidrCounter = 0;

/** A region's inventory with nothing in it yet but the given prefix lists. */
export function emptyInventory<P>(lists: P) {
  return {
    Vpcs: [] as object[],
    Subnets: [] as object[],
    RouteTables: [] as object[],
    VpcEndpoints: [] as object[],
    NatGateways: [] as object[],
    InternetGateways: [] as object[],
    PrefixLists: lists,
  };
}

/** One region's inventory from VPC specs. */
export function regionOf(region: string, vpcs: VpcSpec[]): SnapshotInput['regions'][string] {
  const out = emptyInventory(prefixLists(region));
  for (const vpc of vpcs) {
    out.Vpcs.push({
      VpcId: vpc.id,
      OwnerId: vpc.owner ?? ACCOUNT,
      CidrBlock: '10.0.0.0/16',
      Tags: vpc.tags ?? [],
    });
    vpc.tables.forEach((table, index) => {
      for (const subnetId of table.subnets) {
        cidrCounter = (cidrCounter + 1) % 250;
        out.Subnets.push({
          SubnetId: subnetId,
          VpcId: vpc.id,
          CidrBlock: `10.0.${cidrCounter}.0/24`,
          OwnerId: vpc.owner ?? ACCOUNT,
          Tags: table.subnetTags?.[subnetId] ?? [],
        });
      }
      const routes: Route[] = [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
      ];
      if (table.via) routes.push(defaultRoute(table.via));
      routes.push(...(table.extraRoutes ?? []));
      for (const endpoint of vpc.endpoints ?? []) {
        if (endpoint.tables.includes(table.id)) {
          routes.push({
            DestinationPrefixListId: prefixListId(region, endpoint.service),
            GatewayId: endpoint.id,
            State: 'active',
            Origin: 'CreateRoute',
          });
        }
      }
      out.RouteTables.push({
        RouteTableId: table.id,
        VpcId: vpc.id,
        OwnerId: vpc.owner ?? ACCOUNT,
        Associations: [
          ...(index === 0 ? [{ Main: true }] : []),
          ...table.subnets.map((subnetId) => ({ Main: false, SubnetId: subnetId })),
        ],
        Routes: routes,
        Tags: table.tags ?? [],
      });
    });
    for (const endpoint of vpc.endpoints ?? []) {
      const prefix = region.startsWith('cn-') ? 'cn.com.amazonaws' : 'com.amazonaws';
      out.VpcEndpoints.push({
        VpcEndpointId: endpoint.id,
        VpcEndpointType: 'Gateway',
        VpcId: vpc.id,
        ServiceName: `${prefix}.${region}.${endpoint.service}`,
        State: endpoint.state ?? 'available',
        RouteTableIds: endpoint.tables,
        OwnerId: vpc.owner ?? ACCOUNT,
        ...(endpoint.tags ? { Tags: endpoint.tags } : {}),
        ...(endpoint.policy !== undefined ? { PolicyDocument: endpoint.policy } : {}),
        ...(endpoint.ipAddressType !== undefined ? { IpAddressType: endpoint.ipAddressType } : {}),
      });
    }
  }
  return out as SnapshotInput['regions'][string];
}

/** A validated snapshot of one or more regions. */
export function estate(regions: Record<string, VpcSpec[]>, accountId = ACCOUNT): Snapshot {
  const input: SnapshotInput = { schemaVersion: 1, accountId, regions: {} };
  for (const [region, vpcs] of Object.entries(regions))
    input.regions[region] = regionOf(region, vpcs);
  return parseSnapshot(input, 'test estate');
}
