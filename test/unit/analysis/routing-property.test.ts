/**
 * The engine against a brute-force reader of the routing rules (docs/routing.md), on random route tables.
 *
 * The reader below is written from the rules, not from the engine: it takes single addresses, finds
 * the routes whose destination matches them by comparing the leading bits, keeps the longest prefix,
 * breaks ties static > prefix list > propagated, classifies the winner's target, and reduces the
 * paths of all addresses by the rule-6 order. The sampled addresses lie in a small universe (52.0.0.0/22) so
 * that random routes overlap often: both ends of every service CIDR and route destination, their
 * neighbours, and random addresses of the service ranges. Each segment the engine could cut starts
 * at one of those ends, so every path the rules give is among the samples.
 */
import fc from 'fast-check';
import type { Route, VpcEndpoint } from '../../../src/snapshot/schema';
import { parseSnapshot } from '../../../src/snapshot/load';
import { PATH_KINDS } from '../../../src/path-kinds';
import { PATH_ORDER, type Path, type ServiceName } from '../../../src/types';
import { analyze, estate, verdictOf } from '../../helpers/estate-builder';

// ---- the address universe -------------------------------------------------------------------

const UNIVERSE_START = 52 * 2 ** 24; // 52.0.0.0
const UNIVERSE_BITS = 10; // a /22: 1024 addresses
const UNIVERSE_SIZE = 2 ** UNIVERSE_BITS;

function ipText(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** The network of `address` at `length` bits, as text. */
function cidrText(address: number, length: number): string {
  const size = 2 ** (32 - length);
  return `${ipText(Math.floor(address / size) * size)}/${length}`;
}

function parseCidrText(text: string): { network: number; length: number } {
  const [ip, length] = text.split('/') as [string, string];
  const network = ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  return { network, length: Number(length) };
}

/** Plain bit comparison: the first `length` bits of both addresses are equal. */
function matchesBits(address: number, network: number, length: number): boolean {
  if (length === 0) return true;
  const shift = 32 - length;
  return address >>> shift === network >>> shift;
}

function matches(address: number, cidr: string): boolean {
  const { network, length } = parseCidrText(cidr);
  return matchesBits(address, network, length);
}

// ---- the random estate ----------------------------------------------------------------------

const ENDPOINTS: VpcEndpoint[] = [
  {
    VpcEndpointId: 'vpce-gw-s3',
    VpcEndpointType: 'Gateway',
    VpcId: 'vpc-1',
    ServiceName: 'com.amazonaws.us-east-1.s3',
  },
  {
    VpcEndpointId: 'vpce-gw-ddb',
    VpcEndpointType: 'Gateway',
    VpcId: 'vpc-1',
    ServiceName: 'com.amazonaws.us-east-1.dynamodb',
  },
  {
    VpcEndpointId: 'vpce-gwlb',
    VpcEndpointType: 'GatewayLoadBalancer',
    VpcId: 'vpc-1',
    ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
  },
];

type Target = Omit<Route, 'DestinationCidrBlock' | 'DestinationPrefixListId'>;

/** One of every target kind a route can name. */
const targetArb: fc.Arbitrary<Target> = fc.oneof(
  fc.constantFrom('nat-1', 'nat-2').map((id) => ({ NatGatewayId: id })),
  fc.constant({ InstanceId: 'i-1' }),
  fc.constant({ InstanceId: 'i-2', NetworkInterfaceId: 'eni-2' }),
  fc.constant({ NetworkInterfaceId: 'eni-3' }),
  fc.constant({ TransitGatewayId: 'tgw-1' }),
  fc.constant({ CoreNetworkArn: 'arn:aws:networkmanager::111122223333:core-network/core-1' }),
  fc.constant({ GatewayId: 'vgw-1' }),
  fc.constant({ GatewayId: 'igw-1' }),
  fc.constantFrom('vpce-gw-s3', 'vpce-gw-ddb', 'vpce-gwlb').map((id) => ({ GatewayId: id })),
  fc.constant({ VpcPeeringConnectionId: 'pcx-1' }),
  fc.constant({ GatewayId: 'local' }),
);

/** A route's target, sometimes a blackhole. */
const routeTargetArb: fc.Arbitrary<Target> = fc
  .tuple(targetArb, fc.integer({ min: 0, max: 7 }))
  .map(([target, die]) =>
    die === 0 && target.GatewayId !== 'local' ? { ...target, State: 'blackhole' } : target,
  );

/** A CIDR over the universe: shorter prefixes cover all of it, longer ones part of it. */
const cidrArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(0, 8, 16, 20, 21, 22, 23, 24, 24, 25, 25, 26, 26, 27, 28, 29, 30, 31, 32),
    fc.integer({ min: 0, max: UNIVERSE_SIZE - 1 }),
  )
  .map(([length, offset]) => cidrText(UNIVERSE_START + offset, length));

/** A service or customer prefix list's entries, inside the universe. */
const listCidrsArb: fc.Arbitrary<string[]> = fc.uniqueArray(
  fc
    .tuple(fc.integer({ min: 22, max: 30 }), fc.integer({ min: 0, max: UNIVERSE_SIZE - 1 }))
    .map(([length, offset]) => cidrText(UNIVERSE_START + offset, length)),
  { minLength: 1, maxLength: 4 },
);

interface RandomEstate {
  s3Cidrs: string[];
  dynamodbCidrs: string[];
  customerLists: string[][];
  staticRoutes: { destination: string; target: Target }[];
  propagatedRoutes: { destination: string; vgw: string; blackhole: boolean }[];
  s3EndpointRoute: 'none' | 'gateway' | 'blackhole';
  dynamodbEndpointRoute: 'none' | 'gateway' | 'blackhole';
  customerRoutes: { list: number; target: Target }[];
  /** Offsets in the universe of random addresses to read. */
  samples: number[];
}

const estateArb: fc.Arbitrary<RandomEstate> = fc.record({
  s3Cidrs: listCidrsArb,
  dynamodbCidrs: listCidrsArb,
  customerLists: fc.array(listCidrsArb, { minLength: 0, maxLength: 2 }),
  // AWS refuses two routes to the same destination in a table.
  staticRoutes: fc.uniqueArray(fc.record({ destination: cidrArb, target: routeTargetArb }), {
    maxLength: 7,
    selector: (route) => route.destination,
  }),
  propagatedRoutes: fc.uniqueArray(
    fc.record({ destination: cidrArb, vgw: fc.constant('vgw-1'), blackhole: fc.boolean() }),
    { maxLength: 3, selector: (route) => route.destination },
  ),
  s3EndpointRoute: fc.constantFrom('none', 'gateway', 'gateway', 'blackhole'),
  dynamodbEndpointRoute: fc.constantFrom('none', 'gateway', 'gateway', 'blackhole'),
  customerRoutes: fc.uniqueArray(
    fc.record({ list: fc.integer({ min: 0, max: 1 }), target: routeTargetArb }),
    { maxLength: 2, selector: (route) => route.list },
  ),
  samples: fc.array(fc.integer({ min: 0, max: UNIVERSE_SIZE - 1 }), {
    minLength: 24,
    maxLength: 24,
  }),
});

function routesOf(random: RandomEstate): Route[] {
  const routes: Route[] = [
    { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable' },
  ];
  for (const { destination, target } of random.staticRoutes) {
    routes.push({ DestinationCidrBlock: destination, Origin: 'CreateRoute', ...target });
  }
  for (const { destination, vgw, blackhole } of random.propagatedRoutes) {
    routes.push({
      DestinationCidrBlock: destination,
      GatewayId: vgw,
      Origin: 'EnableVgwRoutePropagation',
      ...(blackhole ? { State: 'blackhole' } : {}),
    });
  }
  const endpointRoute = (list: string, endpoint: string, kind: RandomEstate['s3EndpointRoute']) => {
    if (kind === 'none') return;
    routes.push({
      DestinationPrefixListId: list,
      GatewayId: endpoint,
      Origin: 'CreateRoute',
      ...(kind === 'blackhole' ? { State: 'blackhole' } : {}),
    });
  };
  endpointRoute('pl-s3', 'vpce-gw-s3', random.s3EndpointRoute);
  endpointRoute('pl-ddb', 'vpce-gw-ddb', random.dynamodbEndpointRoute);
  for (const { list, target } of random.customerRoutes) {
    if (list < random.customerLists.length) {
      routes.push({
        DestinationPrefixListId: `pl-customer${list}`,
        Origin: 'CreateRoute',
        ...target,
      });
    }
  }
  return routes;
}

function listCidrs(random: RandomEstate, prefixListId: string): string[] {
  if (prefixListId === 'pl-s3') return random.s3Cidrs;
  if (prefixListId === 'pl-ddb') return random.dynamodbCidrs;
  return random.customerLists[Number(prefixListId.slice('pl-customer'.length))] ?? [];
}

// ---- the brute-force reader of the routing rules (docs/routing.md) ------------------------

type AddressPath = Path | 'local';

/** Rule 4, read from the contract. */
function classify(route: Route, service: ServiceName): { path: AddressPath; target: string } {
  const target =
    route.NatGatewayId ??
    route.InstanceId ??
    route.NetworkInterfaceId ??
    route.TransitGatewayId ??
    route.CoreNetworkArn ??
    route.GatewayId ??
    route.VpcPeeringConnectionId ??
    '?';
  if (route.State === 'blackhole') return { path: 'dropped', target };
  if (route.NatGatewayId) return { path: 'nat-gateway', target };
  if (route.InstanceId || route.NetworkInterfaceId) return { path: 'nat-instance', target };
  if (route.TransitGatewayId || route.CoreNetworkArn) return { path: 'transit-gateway', target };
  if (route.GatewayId === 'local') return { path: 'local', target };
  if (route.GatewayId?.startsWith('vgw-')) return { path: 'virtual-private-gateway', target };
  if (route.GatewayId?.startsWith('igw-')) return { path: 'internet-gateway', target };
  const endpoint = ENDPOINTS.find((candidate) => candidate.VpcEndpointId === route.GatewayId);
  if (
    endpoint &&
    endpoint.VpcEndpointType === 'Gateway' &&
    (endpoint.ServiceName ?? '').endsWith(`.${service}`)
  ) {
    return { path: 'gateway-endpoint', target };
  }
  return { path: 'other', target };
}

/** Rule 6: the leaking paths are those the path-kind registry declares leaking. */
function isLeakingPath(path: AddressPath): boolean {
  return path !== 'local' && PATH_KINDS[path].leaking;
}

const KIND_ORDER = (route: Route): number =>
  route.Origin === 'EnableVgwRoutePropagation' ? 2 : route.DestinationPrefixListId ? 1 : 0;

interface AddressVerdict {
  path: AddressPath;
  target?: string;
  ambiguous: boolean;
}

interface Destination {
  route: Route;
  network: number;
  length: number;
}

/** Rule 2: each route with the destinations it stands for (IPv4 only). */
function destinationsOf(routes: Route[], random: RandomEstate): Destination[] {
  return routes.flatMap((route) => {
    const cidrs = route.DestinationCidrBlock
      ? [route.DestinationCidrBlock]
      : listCidrs(random, route.DestinationPrefixListId ?? '');
    return cidrs.map((cidr) => ({ route, ...parseCidrText(cidr) }));
  });
}

/** Rules 3 and 4 for one address. */
function readAddress(
  address: number,
  destinations: Destination[],
  service: ServiceName,
): AddressVerdict {
  const matching = destinations.filter((d) => matchesBits(address, d.network, d.length));
  if (matching.length === 0) return { path: 'no-route', ambiguous: false };
  const longest = Math.max(...matching.map((m) => m.length));
  const atLongest = matching.filter((m) => m.length === longest);
  const bestKind = Math.min(...atLongest.map((m) => KIND_ORDER(m.route)));
  const winners = atLongest
    .filter((m) => KIND_ORDER(m.route) === bestKind)
    .map((m) => classify(m.route, service));
  const distinct = new Set(winners.map((w) => `${w.path} ${w.target}`));
  const worst = [...winners].sort(
    (a, b) =>
      (PATH_ORDER as readonly string[]).indexOf(a.path) -
      (PATH_ORDER as readonly string[]).indexOf(b.path),
  )[0] as { path: AddressPath; target: string };
  return { path: worst.path, target: worst.target, ambiguous: distinct.size > 1 };
}

/**
 * The addresses to read for a service: both ends of every service CIDR and of every route
 * destination, the neighbours of those ends, and random addresses; only those the service holds.
 */
function sampledAddresses(
  serviceCidrs: string[],
  destinations: Destination[],
  randomOffsets: number[],
): number[] {
  const candidates = new Set<number>(randomOffsets.map((offset) => UNIVERSE_START + offset));
  const blocks = [...serviceCidrs.map(parseCidrText), ...destinations];
  for (const { network, length } of blocks) {
    const end = network + 2 ** (32 - length) - 1;
    for (const address of [network - 1, network, end, end + 1]) candidates.add(address);
  }
  return [...candidates]
    .filter((address) => serviceCidrs.some((cidr) => matches(address, cidr)))
    .sort((a, b) => a - b);
}

/** True when the address is in one of the CIDRs. */
function covered(address: number, cidrs: string[]): boolean {
  return cidrs.some((cidr) => matches(address, cidr));
}

/**
 * True when no two CIDRs of an address-ordered list overlap or are the two halves of one bigger
 * block: with the exactness checked elsewhere, that makes the list the fewest CIDRs possible.
 */
function isMinimalOrderedCover(cidrs: string[]): boolean {
  const blocks = cidrs.map(parseCidrText);
  return blocks.every((block, i) => {
    const next = blocks[i + 1];
    if (!next) return true;
    const end = block.network + 2 ** (32 - block.length) - 1;
    if (next.network <= end) return false;
    const size = 2 ** (32 - block.length);
    const siblings =
      next.length === block.length && next.network === end + 1 && block.network % (2 * size) === 0;
    return !siblings;
  });
}

// ---- the property ---------------------------------------------------------------------------

describe('the routing engine against a brute-force reading of the routing rules', () => {
  it('gives each service the path, targets and leaking CIDRs that the rules give address by address', () => {
    fc.assert(
      fc.property(estateArb, (random) => {
        // Prepare
        const routes = routesOf(random);
        const builder = estate()
          .vpc('vpc-1')
          .subnet('subnet-1', 'vpc-1')
          .table('rtb-1', 'vpc-1', { main: true })
          .serviceRanges('s3', random.s3Cidrs)
          .serviceRanges('dynamodb', random.dynamodbCidrs);
        for (const endpoint of ENDPOINTS) builder.endpoint(endpoint);
        random.customerLists.forEach((cidrs, i) => builder.prefixList(`pl-customer${i}`, cidrs));
        const input = builder.input();
        const region = input.regions['us-east-1'];
        if (!region?.PrefixLists || !region.RouteTables?.[0]) throw new Error('builder changed');
        // The builder's lists get the ids the random routes name.
        for (const list of region.PrefixLists) {
          if (list.PrefixListName?.endsWith('.s3')) list.PrefixListId = 'pl-s3';
          if (list.PrefixListName?.endsWith('.dynamodb')) list.PrefixListId = 'pl-ddb';
        }
        region.RouteTables[0].Routes = routes;
        const snapshot = parseSnapshot(input);

        // Act
        const report = analyze(snapshot);

        // Assess
        const destinations = destinationsOf(routes, random);
        for (const service of ['s3', 'dynamodb'] as const) {
          const cidrs = service === 's3' ? random.s3Cidrs : random.dynamodbCidrs;
          const verdicts = sampledAddresses(cidrs, destinations, random.samples).map((address) => ({
            address,
            ...readAddress(address, destinations, service),
          }));
          const verdict = verdictOf(report, 'subnet-1', service);
          const ambiguous = verdicts.some((v) => v.ambiguous);
          expect({ service, ambiguous: verdict.ambiguous === true }).toEqual({
            service,
            ambiguous,
          });
          if (ambiguous) continue; // AWS picks at random: covered by its own specification.

          const counted = verdicts.filter((v) => v.path !== 'local');
          const path =
            PATH_ORDER.find((candidate) => counted.some((v) => v.path === candidate)) ?? 'no-route';
          const targets = [
            ...new Set(
              counted.filter((v) => v.path === path && v.target).map((v) => v.target as string),
            ),
          ].sort();
          const leaking = new Set(
            counted.filter((v) => isLeakingPath(v.path)).map((v) => v.address),
          );
          expect({ service, path: verdict.path, targets: verdict.targets }).toEqual({
            service,
            path,
            targets,
          });
          expect(verdict.leaking).toBe(isLeakingPath(path));
          const misplaced = verdicts
            .filter(
              ({ address }) => covered(address, verdict.leakingCidrs) !== leaking.has(address),
            )
            .map(({ address }) => ipText(address));
          expect({ service, misplaced }).toEqual({ service, misplaced: [] });
          expect(
            verdict.leakingCidrs.every((cidr) => covered(parseCidrText(cidr).network, cidrs)),
          ).toBe(true);
          expect({
            leakingCidrs: verdict.leakingCidrs,
            minimal: isMinimalOrderedCover(verdict.leakingCidrs),
          }).toEqual({
            leakingCidrs: verdict.leakingCidrs,
            minimal: true,
          });

          // A leak is fixable by an endpoint unless some address would still leak with the
          // service's gateway-endpoint route added (rule 3 decides); the VPC has the endpoint.
          const finding = report.findings.find(
            (f) => f.id === `111122223333/us-east-1/rtb-1/${service}`,
          );
          if (!verdict.leaking) {
            expect(finding).toBeUndefined();
            continue;
          }
          const withEndpoint = [
            ...destinations,
            ...destinationsOf(
              [
                {
                  DestinationPrefixListId: service === 's3' ? 'pl-s3' : 'pl-ddb',
                  GatewayId: `vpce-gw-${service === 's3' ? 's3' : 'ddb'}`,
                },
              ],
              random,
            ),
          ];
          const stillLeaking = verdicts.some(({ address }) =>
            isLeakingPath(readAddress(address, withEndpoint, service).path),
          );
          expect({ service, remediation: finding?.remediation }).toEqual({
            service,
            remediation: stillLeaking ? 'manual' : 'attach-to-existing-endpoint',
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
