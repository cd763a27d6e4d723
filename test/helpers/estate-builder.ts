/**
 * A builder of small snapshots for the routing-rule specifications:
 *
 * ```ts
 * const snapshot = estate()
 *   .vpc('vpc-1')
 *   .subnet('subnet-a', 'vpc-1')
 *   .table('rtb-main', 'vpc-1', { main: true })
 *   .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
 *   .build();
 * ```
 *
 * `route` and `prefixListRoute` add to the table declared last. Every region starts with the
 * AWS-managed S3 and DynamoDB prefix lists of {@link S3_CIDRS} and {@link DYNAMODB_CIDRS} (named in
 * the China form, `cn.com.amazonaws.…`, in `cn-` regions), so that a specification only spells out
 * what it is about. `vpcs(…)` lays out whole VPCs from their specs (see vpc-specs.ts), as the
 * remediation and code-format tests describe their estates. `build()` validates through
 * `parseSnapshot`, the same path a snapshot file takes.
 */
import { analyzeSnapshot } from '../../src/analysis/analyze';
import { parseSnapshot } from '../../src/snapshot/load';
import { layOutVpc, type VpcSpec } from './vpc-specs';
import type {
  PrefixList,
  RegionSnapshot,
  Route,
  RouteTable,
  RouteTableAssociation,
  Snapshot,
  SnapshotInput,
  Tag,
  VpcEndpoint,
} from '../../src/snapshot/schema';
import type {
  Family,
  FamilyVerdict,
  Report,
  ServiceName,
  ServiceVerdict,
  SubnetReport,
} from '../../src/types';

/** The account of the built estates. */
export const ACCOUNT = '111122223333';
/** The S3 prefix list id every built region has. */
export const S3_PL = 'pl-63a5400a';
/** The DynamoDB prefix list id every built region has. */
export const DYNAMODB_PL = 'pl-02cd2c6b';
/** The S3 ranges of the built regions. */
export const S3_CIDRS = ['52.216.0.0/15', '3.5.0.0/19'];
/** The DynamoDB ranges of the built regions. */
export const DYNAMODB_CIDRS = ['52.94.0.0/22', '3.218.180.0/22'];

/** The exemption tag with a value. */
export function exemptTag(value = 'true'): Tag[] {
  return [{ Key: 'vpce-auditor:exempt', Value: value }];
}

/** The owner of a resource: its `OwnerId` (absent: the snapshot says none). */
export interface Owned {
  owner?: string;
}

/** Options of {@link EstateBuilder.subnet}. */
export interface SubnetOptions extends Owned {
  /** IPv4 (default), dual-stack or IPv6-only. */
  stack?: 'ipv4' | 'dual-stack' | 'ipv6-only';
  /** DNS64 on (IPv6 subnets). */
  dns64?: boolean;
}

/** Options of {@link EstateBuilder.gatewayEndpoint}: what differs from an available endpoint. */
export interface EndpointOptions extends Owned {
  state?: string;
  tags?: Tag[];
  policy?: string;
  /** The endpoint's `IpAddressType` (absent: EC2's `ipv4`). */
  ipAddressType?: string;
}

/** Options of {@link EstateBuilder.table}. */
export interface TableOptions extends Owned {
  /** The VPC's main table. */
  main?: boolean;
  /** Subnets explicitly associated. */
  subnets?: string[];
  /** Further associations, as the API returns them (edge, disassociated…). */
  associations?: RouteTableAssociation[];
  tags?: Tag[];
}

type RouteTarget = Omit<Route, 'DestinationCidrBlock' | 'DestinationPrefixListId'>;

type MutableRegion = {
  [K in keyof RegionSnapshot]-?: NonNullable<RegionSnapshot[K]>[number][];
};

/** The prefix of AWS service names in the region: `cn.com.amazonaws` in China, else `com.amazonaws`. */
function servicePrefix(region: string): string {
  return region.startsWith('cn-') ? 'cn.com.amazonaws' : 'com.amazonaws';
}

function ownerOf(owned: Owned): { OwnerId?: string } {
  return owned.owner === undefined ? {} : { OwnerId: owned.owner };
}

function emptyRegion(region: string): MutableRegion {
  const prefix = servicePrefix(region);
  return {
    Vpcs: [],
    Subnets: [],
    RouteTables: [],
    VpcEndpoints: [],
    NatGateways: [],
    InternetGateways: [],
    EgressOnlyInternetGateways: [],
    PrefixLists: [
      { PrefixListId: S3_PL, PrefixListName: `${prefix}.${region}.s3`, Cidrs: [...S3_CIDRS] },
      {
        PrefixListId: DYNAMODB_PL,
        PrefixListName: `${prefix}.${region}.dynamodb`,
        Cidrs: [...DYNAMODB_CIDRS],
      },
    ],
  };
}

/** Chainable builder of a snapshot; see the module comment. */
export class EstateBuilder {
  private readonly regions = new Map<string, MutableRegion>();
  private current: MutableRegion;
  private lastTable: RouteTable | undefined;
  private subnetCount = 0;
  private accountId = ACCOUNT;

  public constructor(region: string) {
    this.current = emptyRegion(region);
    this.regions.set(region, this.current);
  }

  /** Switches to (and creates) another region. */
  public region(name: string): this {
    let region = this.regions.get(name);
    if (!region) {
      region = emptyRegion(name);
      this.regions.set(name, region);
    }
    this.current = region;
    this.lastTable = undefined;
    return this;
  }

  /** The snapshot's account (default {@link ACCOUNT}). */
  public account(accountId: string): this {
    this.accountId = accountId;
    return this;
  }

  /** Adds a VPC (with a `CidrBlock` when `cidr` is given). */
  public vpc(vpcId: string, tags?: Tag[], options: Owned & { cidr?: string } = {}): this {
    this.current.Vpcs.push({
      VpcId: vpcId,
      ...(options.cidr === undefined ? {} : { CidrBlock: options.cidr }),
      ...ownerOf(options),
      ...(tags ? { Tags: tags } : {}),
    });
    return this;
  }

  /** Lays out whole VPCs from their specs: each table with its subnets, routes and endpoints. */
  public vpcs(specs: readonly VpcSpec[]): this {
    for (const spec of specs) layOutVpc(this, spec, this.accountId);
    return this;
  }

  /**
   * Adds a subnet: IPv4 (a `CidrBlock`) unless `stack` says otherwise; `dual-stack` and `ipv6-only`
   * subnets get an associated IPv6 CIDR, and `dns64` turns DNS64 on.
   */
  public subnet(subnetId: string, vpcId: string, tags?: Tag[], stack: SubnetOptions = {}): this {
    this.subnetCount += 1;
    const n = this.subnetCount;
    const kind = stack.stack ?? 'ipv4';
    this.current.Subnets.push({
      SubnetId: subnetId,
      VpcId: vpcId,
      ...(kind === 'ipv6-only'
        ? { Ipv6Native: true }
        : { CidrBlock: `10.${Math.floor(n / 256) % 256}.${n % 256}.0/24` }),
      ...(kind === 'ipv4'
        ? {}
        : {
            Ipv6CidrBlockAssociationSet: [
              {
                Ipv6CidrBlock: `2600:1f18:4a3c:${(n % 65536).toString(16)}::/64`,
                Ipv6CidrBlockState: { State: 'associated' },
              },
            ],
            EnableDns64: stack.dns64 === true,
          }),
      ...ownerOf(stack),
      ...(tags ? { Tags: tags } : {}),
    });
    return this;
  }

  /** Adds a route table; `route` calls that follow add to it. */
  public table(routeTableId: string, vpcId: string, options: TableOptions = {}): this {
    const associations: RouteTableAssociation[] = [];
    if (options.main) associations.push({ Main: true, AssociationState: { State: 'associated' } });
    for (const subnetId of options.subnets ?? []) {
      associations.push({
        Main: false,
        SubnetId: subnetId,
        AssociationState: { State: 'associated' },
      });
    }
    associations.push(...(options.associations ?? []));
    const table: RouteTable = {
      RouteTableId: routeTableId,
      VpcId: vpcId,
      ...ownerOf(options),
      Associations: associations,
      Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }],
      ...(options.tags ? { Tags: options.tags } : {}),
    };
    this.current.RouteTables.push(table);
    this.lastTable = table;
    return this;
  }

  /** Adds a route, as the API lists it, to the last table (`Origin` and `State` as given, else static and active). */
  public listedRoute(route: Route): this {
    if (!this.lastTable) throw new Error('declare a table before its routes');
    this.lastTable.Routes.push({ State: 'active', Origin: 'CreateRoute', ...route });
    return this;
  }

  /** Adds a static IPv4 route to the last table (`Origin` and `State` may be overridden). */
  public route(destination: string, target: RouteTarget): this {
    return this.listedRoute({ DestinationCidrBlock: destination, ...target });
  }

  /** Adds an IPv6 route to the last table. */
  public ipv6Route(destination: string, target: RouteTarget): this {
    return this.listedRoute({ DestinationIpv6CidrBlock: destination, ...target });
  }

  /** Adds a route propagated from a virtual private gateway to the last table. */
  public propagatedRoute(destination: string, vgwId: string): this {
    return this.listedRoute({
      DestinationCidrBlock: destination,
      GatewayId: vgwId,
      Origin: 'EnableVgwRoutePropagation',
    });
  }

  /** Adds a prefix-list route to the last table. */
  public prefixListRoute(prefixListId: string, target: RouteTarget): this {
    return this.listedRoute({ DestinationPrefixListId: prefixListId, ...target });
  }

  /**
   * Adds a gateway endpoint for the service and its prefix-list route to each of `routeTableIds`
   * already declared (declare the tables first).
   */
  public gatewayEndpoint(
    endpointId: string,
    vpcId: string,
    service: ServiceName,
    routeTableIds: string[] = [],
    options: EndpointOptions = {},
  ): this {
    const region = this.regionName();
    this.endpoint({
      VpcEndpointId: endpointId,
      VpcEndpointType: 'Gateway',
      VpcId: vpcId,
      ServiceName: `${servicePrefix(region)}.${region}.${service}`,
      State: options.state ?? 'available',
      RouteTableIds: routeTableIds,
      ...ownerOf(options),
      ...(options.tags ? { Tags: options.tags } : {}),
      ...(options.policy === undefined ? {} : { PolicyDocument: options.policy }),
      ...(options.ipAddressType === undefined ? {} : { IpAddressType: options.ipAddressType }),
    });
    const prefixListId = service === 's3' ? S3_PL : DYNAMODB_PL;
    for (const table of this.current.RouteTables) {
      if (routeTableIds.includes(table.RouteTableId)) {
        table.Routes.push({
          DestinationPrefixListId: prefixListId,
          GatewayId: endpointId,
          Origin: 'CreateRoute',
          State: 'active',
        });
      }
    }
    return this;
  }

  /** Adds an available NAT gateway in the VPC. */
  public natGateway(natGatewayId: string, vpcId: string): this {
    this.current.NatGateways.push({ NatGatewayId: natGatewayId, VpcId: vpcId, State: 'available' });
    return this;
  }

  /** Adds an internet gateway attached to the VPC. */
  public internetGateway(internetGatewayId: string, vpcId: string): this {
    this.current.InternetGateways.push({
      InternetGatewayId: internetGatewayId,
      Attachments: [{ VpcId: vpcId }],
    });
    return this;
  }

  /** Adds any VPC endpoint as the API returns it. */
  public endpoint(endpoint: VpcEndpoint): this {
    this.current.VpcEndpoints.push(endpoint);
    return this;
  }

  /** Adds a (customer-managed) prefix list. */
  public prefixList(prefixListId: string, cidrs: string[], name?: string): this {
    const list: PrefixList = { PrefixListId: prefixListId, Cidrs: cidrs };
    if (name !== undefined) list.PrefixListName = name;
    this.current.PrefixLists.push(list);
    return this;
  }

  /** Replaces the CIDRs of the region's AWS-managed list of a service. */
  public serviceRanges(service: ServiceName, cidrs: string[]): this {
    const id = service === 's3' ? S3_PL : DYNAMODB_PL;
    const list = this.current.PrefixLists.find((candidate) => candidate.PrefixListId === id);
    if (list) list.Cidrs = cidrs;
    return this;
  }

  /** Adds the region's AWS-managed IPv6 list of S3 (`pl-s3-ipv6`) with these CIDRs. */
  public s3Ipv6Ranges(cidrs: string[]): this {
    this.current.PrefixLists.push({
      PrefixListId: 'pl-s3-ipv6',
      PrefixListName: `${servicePrefix(this.regionName())}.${this.regionName()}.ipv6.s3`,
      AddressFamily: 'IPv6',
      OwnerId: 'AWS',
      Cidrs: cidrs,
    });
    return this;
  }

  /** Removes the region's AWS-managed list of a service. */
  public withoutPrefixList(service: ServiceName): this {
    const id = service === 's3' ? S3_PL : DYNAMODB_PL;
    this.current.PrefixLists = this.current.PrefixLists.filter((l) => l.PrefixListId !== id);
    return this;
  }

  private regionName(): string {
    for (const [name, region] of this.regions) if (region === this.current) return name;
    return 'us-east-1';
  }

  /** The snapshot as it would be written to a file. */
  public input(): SnapshotInput {
    return {
      schemaVersion: 1,
      accountId: this.accountId,
      collectedAt: '2026-11-27T03:00:00Z',
      regions: Object.fromEntries(
        [...this.regions].map(([name, region]) => [name, structuredClone(region)]),
      ),
    };
  }

  /** The validated snapshot. */
  public build(): Snapshot {
    return parseSnapshot(this.input(), 'built estate');
  }
}

/** Starts an estate in a region (default `us-east-1`). */
export function estate(region = 'us-east-1'): EstateBuilder {
  return new EstateBuilder(region);
}

/**
 * The smallest estate: `vpc-1` with one subnet, `subnet-a`, on its main table `rtb-main`, which has
 * no route yet (chain `.route(…)` to give it one).
 */
export function oneSubnetEstate(region = 'us-east-1'): EstateBuilder {
  return estate(region).vpc('vpc-1').subnet('subnet-a', 'vpc-1').table('rtb-main', 'vpc-1', {
    main: true,
  });
}

/**
 * One VPC in us-east-1 as a night of history sees it: each named table carries one subnet of its
 * name and leaves through a NAT gateway, unless it has an S3 gateway endpoint; `rtb-main` is the
 * main table.
 */
export function nightEstate(tables: Record<string, 'nat' | 'endpoint'>): EstateBuilder {
  const builder = estate('us-east-1').vpc('vpc-1');
  for (const [table, state] of Object.entries(tables)) {
    builder
      .subnet(`subnet-${table}`, 'vpc-1')
      .table(table, 'vpc-1', { subnets: [`subnet-${table}`] })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' });
    if (state === 'endpoint') builder.gatewayEndpoint(`vpce-${table}`, 'vpc-1', 's3', [table]);
  }
  return builder.table('rtb-main', 'vpc-1', { main: true });
}

/** Analyses a built snapshot with a fixed clock. */
export function analyze(
  snapshot: Snapshot,
  options: { services?: ServiceName[]; regions?: string[] } = {},
): Report {
  return analyzeSnapshot(snapshot, { ...options, generatedAt: '2026-11-27T03:00:00Z' });
}

/** The subnet's report; fails the test when absent. */
export function subnetOf(report: Report, subnetId: string): SubnetReport {
  const subnet = report.subnets.find((candidate) => candidate.subnetId === subnetId);
  if (!subnet) throw new Error(`subnet ${subnetId} is not in the report`);
  return subnet;
}

/** The subnet's verdict for a service; fails the test when absent. */
export function verdictOf(report: Report, subnetId: string, service: ServiceName): ServiceVerdict {
  const verdict = subnetOf(report, subnetId).services[service];
  if (!verdict) throw new Error(`subnet ${subnetId} has no ${service} verdict`);
  // The service's own fields: the families are read with familyVerdictOf.
  const own: ServiceVerdict = { ...verdict };
  delete own.families;
  return own;
}

/** One address family's verdict of a subnet's service (throws when the family does not apply). */
export function familyVerdictOf(
  report: Report,
  subnetId: string,
  service: ServiceName,
  family: Family,
): FamilyVerdict {
  const verdict = subnetOf(report, subnetId).services[service]?.families?.[family];
  if (!verdict) throw new Error(`subnet ${subnetId} has no ${service} ${family} family`);
  return verdict;
}
