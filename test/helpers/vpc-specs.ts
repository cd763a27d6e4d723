/**
 * VPCs described whole, as the remediation and code-format tests describe their estates: each route
 * table with its subnets and its default route's target, and the VPC's gateway endpoints. The
 * estate builder lays them out (`estate(region).vpcs([…]).build()`), so that a spec and a chain of
 * builder calls give the same snapshot.
 */
import type { Route, Tag } from '../../src/snapshot/schema';
import type { EstateBuilder } from './estate-builder';

/** The target of a default route, by the id's prefix: `nat-…`, `tgw-…`, `i-…`, `pcx-…`, else a gateway. */
function targetOf(id: string): Omit<Route, 'DestinationCidrBlock'> {
  if (id.startsWith('nat-')) return { NatGatewayId: id };
  if (id.startsWith('tgw-')) return { TransitGatewayId: id };
  if (id.startsWith('i-')) return { InstanceId: id };
  if (id.startsWith('pcx-')) return { VpcPeeringConnectionId: id };
  return { GatewayId: id };
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

/**
 * Lays out a VPC in the builder's current region: the VPC (10.0.0.0/16), then each table (the first
 * is the main table) with its subnets, default route, further routes and the routes of the endpoints
 * on it, then the endpoints. What has no `owner` belongs to `account`.
 */
export function layOutVpc(builder: EstateBuilder, spec: VpcSpec, account: string): void {
  const owned = { owner: spec.owner ?? account };
  builder.vpc(spec.id, spec.tags, { ...owned, cidr: '10.0.0.0/16' });
  spec.tables.forEach((table, index) => {
    for (const subnetId of table.subnets) {
      builder.subnet(subnetId, spec.id, table.subnetTags?.[subnetId], owned);
    }
    builder.table(table.id, spec.id, {
      ...owned,
      main: index === 0,
      subnets: table.subnets,
      ...(table.tags ? { tags: table.tags } : {}),
    });
    if (table.via !== undefined) builder.route('0.0.0.0/0', targetOf(table.via));
    for (const route of table.extraRoutes ?? []) builder.listedRoute(route);
  });
  for (const endpoint of spec.endpoints ?? []) {
    builder.gatewayEndpoint(endpoint.id, spec.id, endpoint.service, endpoint.tables, {
      ...owned,
      ...(endpoint.state === undefined ? {} : { state: endpoint.state }),
      ...(endpoint.tags ? { tags: endpoint.tags } : {}),
      ...(endpoint.policy === undefined ? {} : { policy: endpoint.policy }),
      ...(endpoint.ipAddressType === undefined ? {} : { ipAddressType: endpoint.ipAddressType }),
    });
  }
}
