/**
 * The memo of table verdicts gives exactly what the engine gives without it. Random regions are
 * made of a few table shapes repeated over several VPCs with each VPC's own target ids (so that the
 * memo is hit), with routes the service ranges never meet, shared and repeated targets, ties,
 * blackholes, the simulated endpoint's own target text, gateway endpoints that exist or not, and
 * interface endpoints.
 */
import fc from 'fast-check';
import { buildRegionModel } from '../../../src/analysis/region-model';
import { candidateRoutes } from '../../../src/analysis/route-evaluation';
import { RoutedVerdictMemo } from '../../../src/analysis/routed-verdict-memo';
import { evaluateTableService, routedVerdict } from '../../../src/analysis/table-verdict';
import type { RegionSnapshot, Route, RouteTable, VpcEndpoint } from '../../../src/snapshot/schema';

const REGION = 'us-east-1';
const UNIVERSE_START = 52 * 2 ** 24; // 52.0.0.0, a /22 of it: random routes overlap often

function ipText(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

function cidrText(offset: number, length: number): string {
  const size = 2 ** (32 - length);
  return `${ipText(Math.floor((UNIVERSE_START + offset) / size) * size)}/${length}`;
}

const cidrArb = fc
  .tuple(
    fc.constantFrom(0, 16, 21, 22, 23, 24, 25, 26, 28, 30, 32),
    fc.integer({ min: 0, max: 1023 }),
  )
  .map(([length, offset]) => cidrText(offset, length));

const listArb = fc.uniqueArray(
  fc
    .tuple(fc.integer({ min: 22, max: 28 }), fc.integer({ min: 0, max: 1023 }))
    .map(([length, offset]) => cidrText(offset, length)),
  { minLength: 1, maxLength: 3 },
);

const TARGET_KINDS = [
  'nat',
  'igw',
  'tgw',
  'vgw',
  'eni',
  'instance',
  'pcx',
  'local',
  'vpce-s3',
  'vpce-ddb',
  'vpce-other',
  'vpce-new',
] as const;
type TargetKind = (typeof TARGET_KINDS)[number];

interface RouteTemplate {
  /**
   * A CIDR, or a prefix list: `pl-s3`, `pl-ddb`, `pl-c0`, or `pl-split`: one route to `pl-c0`, or
   * in a VPC that splits, two routes to the same target, to `pl-c1` (the first entry of `pl-c0`)
   * and `pl-c2` (the others): the same candidates from one route or from two.
   */
  destination: string;
  kind: TargetKind;
  /** Two routes of a table with the same kind and variant name the same target. */
  variant: number;
  propagated: boolean;
  blackhole: boolean;
}

const routeTemplateArb: fc.Arbitrary<RouteTemplate> = fc.record({
  destination: fc.oneof(
    { weight: 4, arbitrary: cidrArb },
    { weight: 2, arbitrary: fc.constantFrom('pl-s3', 'pl-ddb', 'pl-c0', 'pl-split') },
  ),
  kind: fc.constantFrom(...TARGET_KINDS),
  variant: fc.integer({ min: 0, max: 1 }),
  propagated: fc.boolean(),
  blackhole: fc.integer({ min: 0, max: 6 }).map((die) => die === 0),
});

interface VpcPlan {
  /** The shape of each of its tables. */
  shapes: number[];
  s3Gateway: boolean;
  dynamodbGateway: boolean;
  s3Interface: boolean;
  /** Adds a route no service range meets (the VPC's own CIDR, different in every VPC). */
  ownCidrRoute: boolean;
  /** Routes `pl-split` through two lists rather than one. */
  split: boolean;
  /** Both variants of a kind name one target (one NAT gateway where other VPCs have two). */
  oneTargetPerKind: boolean;
  /** The shapes' propagated routes are static ones here (the same targets, another rank). */
  noPropagation: boolean;
}

interface RandomRegion {
  s3: string[];
  dynamodb: string[];
  customer: string[];
  shapes: RouteTemplate[][];
  vpcs: VpcPlan[];
  /** An S3 gateway endpoint whose id is the simulated endpoint's target text. */
  endpointNamedNew: boolean;
}

const regionArb: fc.Arbitrary<RandomRegion> = fc.record({
  s3: listArb,
  dynamodb: listArb,
  customer: listArb,
  shapes: fc.array(fc.array(routeTemplateArb, { maxLength: 6 }), { minLength: 1, maxLength: 3 }),
  vpcs: fc.array(
    fc.record({
      shapes: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 4 }),
      s3Gateway: fc.boolean(),
      dynamodbGateway: fc.boolean(),
      s3Interface: fc.integer({ min: 0, max: 4 }).map((die) => die === 0),
      ownCidrRoute: fc.boolean(),
      split: fc.boolean(),
      oneTargetPerKind: fc.boolean(),
      noPropagation: fc.boolean(),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  endpointNamedNew: fc.integer({ min: 0, max: 4 }).map((die) => die === 0),
});

function targetOf(kind: TargetKind, vpc: number, variant: number): Omit<Route, 'State'> {
  // Ids whose order differs from VPC to VPC: a memo must sort each table's own targets.
  const id = `${(vpc * 7 + variant * 3) % 10}${vpc}${variant}`;
  switch (kind) {
    case 'nat':
      return { NatGatewayId: `nat-${id}` };
    case 'igw':
      return { GatewayId: `igw-${id}` };
    case 'tgw':
      return { TransitGatewayId: `tgw-${variant}` }; // shared by every VPC
    case 'vgw':
      return { GatewayId: `vgw-${id}` };
    case 'eni':
      return { NetworkInterfaceId: `eni-${id}` };
    case 'instance':
      return { InstanceId: `i-${id}`, NetworkInterfaceId: `eni-i${id}` };
    case 'pcx':
      return { VpcPeeringConnectionId: `pcx-${id}` };
    case 'local':
      return { GatewayId: 'local' };
    case 'vpce-s3':
      return { GatewayId: `vpce-s3-${vpc}` };
    case 'vpce-ddb':
      return { GatewayId: `vpce-ddb-${vpc}` };
    case 'vpce-other':
      return { GatewayId: `vpce-gwlb-${vpc}` };
    case 'vpce-new':
      return { GatewayId: 'vpce-(new)' };
  }
}

function routesOf(template: RouteTemplate, vpc: number, plan: VpcPlan): Route[] {
  const { split } = plan;
  const variant = plan.oneTargetPerKind ? 0 : template.variant;
  const lists =
    template.destination !== 'pl-split'
      ? [template.destination]
      : split
        ? ['pl-c1', 'pl-c2']
        : ['pl-c0'];
  return lists.map((destination) => ({
    ...(destination.startsWith('pl-')
      ? { DestinationPrefixListId: destination }
      : { DestinationCidrBlock: destination }),
    ...targetOf(template.kind, vpc, variant),
    ...(template.propagated && !plan.noPropagation ? { Origin: 'EnableVgwRoutePropagation' } : {}),
    ...(template.blackhole ? { State: 'blackhole' } : {}),
  }));
}

function regionOf(random: RandomRegion): RegionSnapshot {
  const endpoints: VpcEndpoint[] = [];
  const tables: RouteTable[] = [];
  random.vpcs.forEach((plan, v) => {
    const vpcId = `vpc-${v}`;
    const gateway = (id: string, service: string): VpcEndpoint => ({
      VpcEndpointId: id,
      VpcEndpointType: 'Gateway',
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${REGION}.${service}`,
    });
    if (plan.s3Gateway) endpoints.push(gateway(`vpce-s3-${v}`, 's3'));
    if (plan.dynamodbGateway) endpoints.push(gateway(`vpce-ddb-${v}`, 'dynamodb'));
    endpoints.push({
      VpcEndpointId: `vpce-gwlb-${v}`,
      VpcEndpointType: 'GatewayLoadBalancer',
      VpcId: vpcId,
      ServiceName: `com.amazonaws.vpce.${REGION}.vpce-svc-0123456789abcdef0`,
    });
    if (plan.s3Interface) {
      endpoints.push({
        VpcEndpointId: `vpce-if-${v}`,
        VpcEndpointType: 'Interface',
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${REGION}.s3`,
        PrivateDnsEnabled: true,
      });
    }
    plan.shapes.forEach((shape, t) => {
      const templates = random.shapes[shape % random.shapes.length] ?? [];
      const routes = templates.flatMap((template) => routesOf(template, v, plan));
      if (plan.ownCidrRoute) {
        routes.unshift({ DestinationCidrBlock: `10.${v}.0.0/16`, GatewayId: 'local' });
      }
      tables.push({
        RouteTableId: `rtb-${v}-${t}`,
        VpcId: vpcId,
        Associations: [],
        Routes: routes,
      });
    });
  });
  if (random.endpointNamedNew) {
    endpoints.push({
      VpcEndpointId: 'vpce-(new)',
      VpcEndpointType: 'Gateway',
      VpcId: 'vpc-0',
      ServiceName: `com.amazonaws.${REGION}.s3`,
    });
  }
  return {
    Vpcs: random.vpcs.map((_, v) => ({ VpcId: `vpc-${v}` })),
    Subnets: [],
    RouteTables: tables,
    VpcEndpoints: endpoints,
    NatGateways: [],
    InternetGateways: [],
    PrefixLists: [
      { PrefixListId: 'pl-s3', PrefixListName: `com.amazonaws.${REGION}.s3`, Cidrs: random.s3 },
      {
        PrefixListId: 'pl-ddb',
        PrefixListName: `com.amazonaws.${REGION}.dynamodb`,
        Cidrs: random.dynamodb,
      },
      { PrefixListId: 'pl-c0', PrefixListName: 'customer', Cidrs: random.customer },
      { PrefixListId: 'pl-c1', PrefixListName: 'first', Cidrs: random.customer.slice(0, 1) },
      { PrefixListId: 'pl-c2', PrefixListName: 'others', Cidrs: random.customer.slice(1) },
    ],
  };
}

describe('RoutedVerdictMemo', () => {
  it('gives every table the verdict, remediation and overriding routes of the unmemoised engine', () => {
    fc.assert(
      fc.property(regionArb, (random) => {
        // Prepare
        const region = regionOf(random);
        const model = buildRegionModel(REGION, region, ['s3', 'dynamodb']);
        const memo = new RoutedVerdictMemo(model);
        const routed = memo.routed.bind(memo);

        for (const table of region.RouteTables) {
          const candidates = candidateRoutes(table, model);
          for (const service of ['s3', 'dynamodb'] as const) {
            // Act
            const memoised = evaluateTableService(table, candidates, service, model, routed);
            const plain = evaluateTableService(table, candidates, service, model);

            // Assess: the same values, fields in the same order (the JSON report shows them).
            expect({ table: table.RouteTableId, service, verdict: memoised }).toEqual({
              table: table.RouteTableId,
              service,
              verdict: plain,
            });
            expect(JSON.stringify(memoised)).toBe(JSON.stringify(plain));
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('computes a shape once and gives each table its own targets', () => {
    // Prepare: three VPCs with the same two tables, bar their ids and their own CIDR.
    const shapes: RouteTemplate[][] = [
      [{ destination: '0.0.0.0/0', kind: 'nat', variant: 0, propagated: false, blackhole: false }],
      [{ destination: '0.0.0.0/0', kind: 'igw', variant: 0, propagated: false, blackhole: false }],
    ];
    const vpc = (own: boolean): VpcPlan => ({
      shapes: [0, 1],
      s3Gateway: false,
      dynamodbGateway: false,
      s3Interface: false,
      ownCidrRoute: own,
      split: false,
      oneTargetPerKind: false,
      noPropagation: false,
    });
    const random: RandomRegion = {
      s3: ['52.0.0.0/24'],
      dynamodb: ['52.0.1.0/24'],
      customer: ['52.0.2.0/24'],
      shapes,
      vpcs: [vpc(true), vpc(false), vpc(true)],
      endpointNamedNew: false,
    };
    const region = regionOf(random);
    const model = buildRegionModel(REGION, region, ['s3']);
    const memo = new RoutedVerdictMemo(model);

    // Act
    const targets = region.RouteTables.map(
      (table) => memo.routed(candidateRoutes(table, model), 's3').verdict.targets,
    );

    // Assess
    expect(targets).toEqual([
      ['nat-000'],
      ['igw-000'],
      ['nat-710'],
      ['igw-710'],
      ['nat-420'],
      ['igw-420'],
    ]);
    expect(memo.misses).toBe(2);
  });

  it('tells apart tables that differ only in their last route, however many routes come before', () => {
    // Prepare: 600 host routes into S3's range (a key longer than one String.fromCharCode call),
    // then one more that goes to a NAT gateway in one table and to an internet gateway in the other.
    const hosts: Route[] = Array.from({ length: 600 }, (_, host) => ({
      DestinationCidrBlock: `52.0.${Math.floor(host / 256)}.${host % 256}/32`,
      GatewayId: 'local',
    }));
    const table = (id: string, last: Omit<Route, 'DestinationCidrBlock'>): RouteTable => ({
      RouteTableId: id,
      VpcId: 'vpc-0',
      Associations: [],
      Routes: [...hosts, { DestinationCidrBlock: '52.0.3.0/24', ...last }],
    });
    const region = regionOf({
      s3: ['52.0.0.0/22'],
      dynamodb: ['52.1.0.0/24'],
      customer: ['52.2.0.0/24'],
      shapes: [],
      vpcs: [],
      endpointNamedNew: false,
    });
    region.Vpcs = [{ VpcId: 'vpc-0' }];
    region.RouteTables = [
      table('rtb-nat', { NatGatewayId: 'nat-1' }),
      table('rtb-igw', { GatewayId: 'igw-1' }),
    ];
    const model = buildRegionModel(REGION, region, ['s3']);
    const memo = new RoutedVerdictMemo(model);

    // Act
    const verdicts = region.RouteTables.map((routeTable) => {
      const candidates = candidateRoutes(routeTable, model);
      return [memo.routed(candidates, 's3'), routedVerdict(candidates, 's3', model)];
    });

    // Assess: each table its own verdict, the unmemoised engine's.
    for (const [memoised, plain] of verdicts) expect(memoised).toEqual(plain);
    expect(
      verdicts.map(([memoised]) => [memoised?.verdict.path, memoised?.verdict.targets]),
    ).toEqual([
      ['nat-gateway', ['nat-1']],
      ['internet-gateway', ['igw-1']],
    ]);
    expect(memo.misses).toBe(2);
  });
});
