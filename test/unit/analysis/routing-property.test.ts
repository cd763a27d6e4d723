/**
 * The engine against a brute-force reader of the routing rules (docs/routing.md), on random route tables.
 *
 * The random table serves three subnets: IPv4 (`subnet-1`), dual-stack (`subnet-2`) and IPv6-only
 * (`subnet-3`), the last two with DNS64 on or off at random, and holds random IPv6 routes beside
 * the IPv4 ones. The reader reads each address family the same way on its own addresses (rules of
 * "IPv6 and NAT64"): `ipv4` on the service's IPv4 list, `ipv6` on S3's IPv6 list (`unknown` when the
 * snapshot lacks it), `nat64` on `64:ff9b::/96`, each with its own target table; which families
 * apply comes from the subnet's stack, DNS64 and the S3 endpoint's DNS record type; the service's
 * path is the worst of its families.
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
import { PATH_ORDER, type Path, type Report, type ServiceName } from '../../../src/types';
import { analyze, estate, subnetOf, verdictOf } from '../../helpers/estate-builder';

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

/** The target kinds a route of either address family can name. */
const EITHER_FAMILY_TARGETS: fc.Arbitrary<Target>[] = [
  fc.constantFrom('nat-1', 'nat-2').map((id) => ({ NatGatewayId: id })),
  fc.constant({ NetworkInterfaceId: 'eni-3' }),
  fc.constant({ TransitGatewayId: 'tgw-1' }),
  fc.constant({ CoreNetworkArn: 'arn:aws:networkmanager::111122223333:core-network/core-1' }),
  fc.constant({ GatewayId: 'vgw-1' }),
  fc.constant({ GatewayId: 'igw-1' }),
  fc.constantFrom('vpce-gw-s3', 'vpce-gw-ddb', 'vpce-gwlb').map((id) => ({ GatewayId: id })),
  fc.constant({ VpcPeeringConnectionId: 'pcx-1' }),
  fc.constant({ GatewayId: 'local' }),
];

/** A target of `targets`, blackholed one time in eight (never the local route). */
function sometimesBlackholed(targets: fc.Arbitrary<Target>): fc.Arbitrary<Target> {
  return fc
    .tuple(targets, fc.integer({ min: 0, max: 7 }))
    .map(([target, die]) =>
      die === 0 && target.GatewayId !== 'local' ? { ...target, State: 'blackhole' } : target,
    );
}

/** One of every target kind an IPv4 route can name, sometimes a blackhole. */
const routeTargetArb: fc.Arbitrary<Target> = sometimesBlackholed(
  fc.oneof(
    ...EITHER_FAMILY_TARGETS,
    fc.constant({ InstanceId: 'i-1' }),
    fc.constant({ InstanceId: 'i-2', NetworkInterfaceId: 'eni-2' }),
  ),
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
  if (!prefixListId.startsWith('pl-customer')) return []; // an IPv6 list: no IPv4 destination
  return random.customerLists[Number(prefixListId.slice('pl-customer'.length))] ?? [];
}

// ---- the IPv6 address universes ------------------------------------------------------------------

const IPV6_BITS = 128n;
/** S3's IPv6 ranges and the IPv6 routes over them lie in 2600:1f00::/118 (1024 addresses). */
const S3V6_START = 0x2600_1f00n << 96n;
/** `64:ff9b::/96`, where DNS64 puts the A-only names; random routes cut its first 1024 addresses. */
const NAT64_START = 0x64_ff9bn << 96n;
const NAT64_PREFIX = '64:ff9b::/96';

/** Eight full groups, no `::` (the engine reads any valid text). */
function ip6Text(address: bigint): string {
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    groups.push(((address >> shift) & 0xffffn).toString(16));
  }
  return groups.join(':');
}

function cidr6Text(address: bigint, length: number): string {
  const size = 1n << (IPV6_BITS - BigInt(length));
  return `${ip6Text((address / size) * size)}/${length}`;
}

/** Reads IPv6 text, `::` included (the engine's leaking CIDRs are compressed). */
function parseCidr6(text: string): { network: bigint; length: number } {
  const [ip, length] = text.split('/') as [string, string];
  const [head, tail] = ip.includes('::') ? (ip.split('::') as [string, string]) : [ip, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? headGroups
      : [
          ...headGroups,
          ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
          ...tailGroups,
        ];
  const network = groups.reduce((value, group) => (value << 16n) | BigInt(`0x${group}`), 0n);
  return { network, length: Number(length) };
}

function matches6(address: bigint, network: bigint, length: number): boolean {
  const shift = IPV6_BITS - BigInt(length);
  return address >> shift === network >> shift;
}

/** A CIDR over one of the two universes, or one that covers both. */
const cidr6Arb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('::/0', NAT64_PREFIX, '64::/16', '2600::/16'),
  fc
    .tuple(
      fc.constantFrom(S3V6_START, NAT64_START),
      fc.constantFrom(100, 112, 118, 119, 120, 121, 122, 124, 126, 127, 128),
      fc.integer({ min: 0, max: UNIVERSE_SIZE - 1 }),
    )
    .map(([start, length, offset]) => cidr6Text(start + BigInt(offset), length)),
);

/** An IPv6 list's entries (S3's IPv6 list, a customer one) in 2600:1f00::/118. */
const list6CidrsArb: fc.Arbitrary<string[]> = fc.uniqueArray(
  fc
    .tuple(fc.integer({ min: 118, max: 126 }), fc.integer({ min: 0, max: UNIVERSE_SIZE - 1 }))
    .map(([length, offset]) => cidr6Text(S3V6_START + BigInt(offset), length)),
  { minLength: 1, maxLength: 3 },
);

/** Every target kind an IPv6 route can name (an IPv6 route has no NAT instance), sometimes a blackhole. */
const target6Arb: fc.Arbitrary<Target> = sometimesBlackholed(
  fc.oneof(...EITHER_FAMILY_TARGETS, fc.constant({ EgressOnlyInternetGatewayId: 'eigw-1' })),
);

interface RandomIpv6 {
  /** S3's IPv6 list, or none in the snapshot (the `ipv6` family is then `unknown`). */
  s3Ipv6Cidrs: string[] | null;
  s3Ipv6EndpointRoute: 'none' | 'gateway' | 'blackhole';
  customerList: string[];
  customerRoute: Target | null;
  routes: { destination: string; target: Target }[];
  dualStackDns64: boolean;
  ipv6OnlyDns64: boolean;
  /** The S3 gateway endpoint's DNS record type (dualstack/ipv6: S3 has AAAA records, no nat64). */
  s3DnsRecordIpType: 'ipv4' | 'dualstack' | 'ipv6' | 'service-defined' | null;
  samples: number[];
}

const ipv6Arb: fc.Arbitrary<RandomIpv6> = fc.record({
  s3Ipv6Cidrs: fc.option(list6CidrsArb, { freq: 5 }),
  s3Ipv6EndpointRoute: fc.constantFrom('none', 'gateway', 'gateway', 'blackhole'),
  customerList: list6CidrsArb,
  customerRoute: fc.option(target6Arb, { freq: 2 }),
  routes: fc.uniqueArray(fc.record({ destination: cidr6Arb, target: target6Arb }), {
    maxLength: 6,
    selector: (route) => route.destination,
  }),
  dualStackDns64: fc.boolean(),
  ipv6OnlyDns64: fc.boolean(),
  s3DnsRecordIpType: fc.constantFrom(null, 'ipv4', 'dualstack', 'ipv6', 'service-defined'),
  samples: fc.array(fc.integer({ min: 0, max: UNIVERSE_SIZE - 1 }), {
    minLength: 12,
    maxLength: 12,
  }),
});

/** The table's IPv6 routes: the random ones, S3's IPv6 endpoint route, the customer list's. */
function ipv6RoutesOf(random: RandomIpv6): Route[] {
  const routes: Route[] = random.routes.map(({ destination, target }) => ({
    DestinationIpv6CidrBlock: destination,
    Origin: 'CreateRoute',
    ...target,
  }));
  if (random.s3Ipv6Cidrs !== null && random.s3Ipv6EndpointRoute !== 'none') {
    routes.push({
      DestinationPrefixListId: 'pl-s3v6',
      GatewayId: 'vpce-gw-s3',
      Origin: 'CreateRoute',
      ...(random.s3Ipv6EndpointRoute === 'blackhole' ? { State: 'blackhole' } : {}),
    });
  }
  if (random.customerRoute !== null) {
    routes.push({
      DestinationPrefixListId: 'pl-c6',
      Origin: 'CreateRoute',
      ...random.customerRoute,
    });
  }
  return routes;
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

/** One destination a route stands for: an IPv4 (`number`) or IPv6 (`bigint`) block. */
interface Destination<N extends number | bigint = number> {
  route: Route;
  network: N;
  length: number;
}

/**
 * Rules 3 and 4 among the destinations that match one address: the longest prefix, then the best
 * kind of route (static, prefix list, propagated); the worst path of those left, ambiguous when
 * they do not all agree.
 */
function chooseAmong(
  matching: Destination<number | bigint>[],
  classifyRoute: (route: Route) => { path: AddressPath; target: string },
): AddressVerdict {
  if (matching.length === 0) return { path: 'no-route', ambiguous: false };
  const longest = Math.max(...matching.map((m) => m.length));
  const atLongest = matching.filter((m) => m.length === longest);
  const bestKind = Math.min(...atLongest.map((m) => KIND_ORDER(m.route)));
  const winners = atLongest
    .filter((m) => KIND_ORDER(m.route) === bestKind)
    .map((m) => classifyRoute(m.route));
  const distinct = new Set(winners.map((w) => `${w.path} ${w.target}`));
  const worst = [...winners].sort(
    (a, b) =>
      (PATH_ORDER as readonly string[]).indexOf(a.path) -
      (PATH_ORDER as readonly string[]).indexOf(b.path),
  )[0] as { path: AddressPath; target: string };
  return { path: worst.path, target: worst.target, ambiguous: distinct.size > 1 };
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
  return chooseAmong(matching, (route) => classify(route, service));
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

// ---- the brute-force reader of the IPv6 and NAT64 families ---------------------------------------

type Family6 = 'ipv6' | 'nat64';

/** Rule 4 of the IPv6 families, read from the contract's tables. */
function classify6(
  route: Route,
  service: ServiceName,
  family: Family6,
): { path: AddressPath; target: string } {
  const target =
    route.NatGatewayId ??
    route.NetworkInterfaceId ??
    route.TransitGatewayId ??
    route.CoreNetworkArn ??
    route.GatewayId ??
    route.VpcPeeringConnectionId ??
    route.EgressOnlyInternetGatewayId ??
    '?';
  if (route.State === 'blackhole') return { path: 'dropped', target };
  if (route.GatewayId === 'local') return { path: 'local', target };
  const endpoint = ENDPOINTS.find((candidate) => candidate.VpcEndpointId === route.GatewayId);
  if (
    endpoint?.VpcEndpointType === 'Gateway' &&
    (endpoint.ServiceName ?? '').endsWith(`.${service}`)
  ) {
    return { path: 'gateway-endpoint', target };
  }
  // 64:ff9b::/96 is not routable on the internet: NAT64 traffic sent to either gateway is lost.
  if (route.EgressOnlyInternetGatewayId) {
    return { path: family === 'nat64' ? 'dropped' : 'egress-only-internet-gateway', target };
  }
  if (route.GatewayId?.startsWith('igw-')) {
    return { path: family === 'nat64' ? 'dropped' : 'internet-gateway', target };
  }
  if (route.TransitGatewayId || route.CoreNetworkArn) return { path: 'transit-gateway', target };
  if (route.NatGatewayId) return { path: 'nat-gateway', target };
  return { path: 'other', target };
}

/** Rule 2 for IPv6: IPv6 CIDR routes, and prefix-list routes for their IPv6 lists' entries. */
function destinations6Of(routes: Route[], random: RandomIpv6): Destination<bigint>[] {
  return routes.flatMap((route) => {
    let cidrs: string[] = [];
    if (route.DestinationIpv6CidrBlock) cidrs = [route.DestinationIpv6CidrBlock];
    else if (route.DestinationPrefixListId === 'pl-s3v6') cidrs = random.s3Ipv6Cidrs ?? [];
    else if (route.DestinationPrefixListId === 'pl-c6') cidrs = random.customerList;
    return cidrs.map((cidr) => ({ route, ...parseCidr6(cidr) }));
  });
}

/** Rules 3 and 4 for one IPv6 address. */
function readAddress6(
  address: bigint,
  destinations: Destination<bigint>[],
  service: ServiceName,
  family: Family6,
): AddressVerdict {
  const matching = destinations.filter((d) => matches6(address, d.network, d.length));
  return chooseAmong(matching, (route) => classify6(route, service, family));
}

/** Both ends of every range and destination, their neighbours and random addresses, in `ranges`. */
function sampled6(
  ranges: string[],
  destinations: Destination<bigint>[],
  offsets: number[],
): bigint[] {
  const blocks = [...ranges.map(parseCidr6), ...destinations];
  const candidates = new Set<bigint>();
  for (const range of ranges.map(parseCidr6)) {
    for (const offset of offsets) candidates.add(range.network + BigInt(offset));
  }
  for (const { network, length } of blocks) {
    const end = network + (1n << (IPV6_BITS - BigInt(length))) - 1n;
    for (const address of [network - 1n, network, end, end + 1n]) candidates.add(address);
  }
  return [...candidates]
    .filter((address) =>
      ranges.some((range) => {
        const { network, length } = parseCidr6(range);
        return matches6(address, network, length);
      }),
    )
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

interface FamilyReading {
  path: Path;
  targets: string[];
  ambiguous: boolean;
  /** Each sampled address and whether the rules make it leak. */
  addresses: { address: bigint; leaking: boolean }[];
}

/** The `ipv6` or `nat64` family of a service, read address by address. */
function readFamily6(
  random: RandomIpv6,
  destinations: Destination<bigint>[],
  service: ServiceName,
  family: Family6,
): FamilyReading {
  const ranges = family === 'nat64' ? [NAT64_PREFIX] : (random.s3Ipv6Cidrs ?? []);
  const verdicts = sampled6(ranges, destinations, random.samples).map((address) => ({
    address,
    ...readAddress6(address, destinations, service, family),
  }));
  const counted = verdicts.filter((v) => v.path !== 'local');
  const path =
    PATH_ORDER.find((candidate) => counted.some((v) => v.path === candidate)) ?? 'no-route';
  const targets = [
    ...new Set(counted.filter((v) => v.path === path && v.target).map((v) => v.target as string)),
  ].sort();
  return {
    path,
    targets,
    ambiguous: verdicts.some((v) => v.ambiguous),
    addresses: verdicts.map((v) => ({ address: v.address, leaking: isLeakingPath(v.path) })),
  };
}

/** Which families apply (rule 1), from the subnet's stack and DNS64 and the S3 endpoint. */
function familiesThatApply(
  stack: 'ipv4' | 'dual-stack' | 'ipv6-only',
  dns64: boolean,
  service: ServiceName,
  random: RandomIpv6,
): ('ipv4' | Family6)[] {
  const families: ('ipv4' | Family6)[] = [];
  if (stack !== 'ipv6-only') families.push('ipv4');
  if (stack === 'ipv4') return families;
  if (service === 's3') families.push('ipv6');
  const s3HasAaaa = random.s3DnsRecordIpType === 'dualstack' || random.s3DnsRecordIpType === 'ipv6';
  if (dns64 && !(service === 's3' && s3HasAaaa)) families.push('nat64');
  return families;
}

const SUBNETS = [
  { subnetId: 'subnet-1', stack: 'ipv4', dns64: () => false },
  { subnetId: 'subnet-2', stack: 'dual-stack', dns64: (r: RandomIpv6) => r.dualStackDns64 },
  { subnetId: 'subnet-3', stack: 'ipv6-only', dns64: (r: RandomIpv6) => r.ipv6OnlyDns64 },
] as const;

/**
 * The families of the three subnets against the reader: which apply, each `ipv6`/`nat64` family's
 * path, targets and leaking addresses, the `ipv4` family (the IPv4 subnet's, read above), the
 * service's path (the worst of its families) and the findings of the `ipv6`/`nat64` leaks.
 */
function assessFamilies(
  report: Report,
  random: RandomIpv6,
  destinations: Destination<bigint>[],
): void {
  for (const service of ['s3', 'dynamodb'] as const) {
    const ipv4Family = subnetOf(report, 'subnet-1').services[service]?.families?.ipv4;
    const readings = new Map<Family6, FamilyReading>();
    for (const family of ['ipv6', 'nat64'] as const) {
      readings.set(family, readFamily6(random, destinations, service, family));
    }
    for (const { subnetId, stack, dns64 } of SUBNETS) {
      const verdict = subnetOf(report, subnetId).services[service];
      const applying = familiesThatApply(stack, dns64(random), service, random);
      expect({ subnetId, service, families: Object.keys(verdict?.families ?? {}) }).toEqual({
        subnetId,
        service,
        families: applying,
      });
      const paths: Path[] = [];
      for (const family of applying) {
        const got = verdict?.families?.[family];
        if (family === 'ipv4') {
          expect(got).toEqual(ipv4Family);
          paths.push(got?.path ?? 'no-route');
          continue;
        }
        if (family === 'ipv6' && random.s3Ipv6Cidrs === null) {
          expect({ path: got?.path, reason: got?.reason }).toEqual({
            path: 'unknown',
            reason:
              'S3 IPv6 ranges unknown in us-east-1: no AWS-managed IPv6 prefix list for S3 in the snapshot',
          });
          paths.push('unknown');
          continue;
        }
        const reading = readings.get(family) as FamilyReading;
        expect({ family, ambiguous: got?.ambiguous === true }).toEqual({
          family,
          ambiguous: reading.ambiguous,
        });
        paths.push(got?.path ?? 'no-route');
        if (reading.ambiguous) continue;
        expect({ family, path: got?.path, targets: got?.targets }).toEqual({
          family,
          path: reading.path,
          targets: reading.targets,
        });
        expect(got?.leaking).toBe(isLeakingPath(reading.path));
        const leakingBlocks = (got?.leakingCidrs ?? []).map(parseCidr6);
        const misplaced = reading.addresses
          .filter(
            ({ address, leaking }) =>
              leakingBlocks.some((b) => matches6(address, b.network, b.length)) !== leaking,
          )
          .map(({ address }) => ip6Text(address));
        expect({ family, misplaced }).toEqual({ family, misplaced: [] });
      }
      // Rule 6: the service's path is the worst of its families; none applies: no route.
      const worst = PATH_ORDER.find((path) => paths.includes(path)) ?? 'no-route';
      expect({ subnetId, service, path: verdict?.path }).toEqual({
        subnetId,
        service,
        path: worst,
      });
    }
    // Rule 8: an ipv6 or nat64 leak is a finding of its own, left to a person, about the subnets
    // to which the family applies.
    for (const family of ['ipv6', 'nat64'] as const) {
      const subnets = SUBNETS.filter(({ stack, dns64 }) =>
        familiesThatApply(stack, dns64(random), service, random).includes(family),
      ).map(({ subnetId }) => subnetId);
      const leaking = subnets.some(
        (id) => subnetOf(report, id).services[service]?.families?.[family]?.leaking === true,
      );
      const finding = report.findings.find(
        (f) => f.id === `111122223333/us-east-1/rtb-1/${service}/${family}`,
      );
      expect({ family, found: finding !== undefined }).toEqual({ family, found: leaking });
      if (finding) {
        expect([finding.family, finding.remediation, finding.subnetIds]).toEqual([
          family,
          'manual',
          subnets,
        ]);
      }
    }
  }
}

// ---- the property ---------------------------------------------------------------------------

describe('the routing engine against a brute-force reading of the routing rules', () => {
  it('gives each service the path, targets and leaking CIDRs that the rules give address by address', () => {
    fc.assert(
      fc.property(estateArb, ipv6Arb, (random, random6) => {
        // Prepare
        const routes = routesOf(random);
        const builder = estate()
          .vpc('vpc-1')
          .subnet('subnet-1', 'vpc-1')
          .subnet('subnet-2', 'vpc-1', undefined, {
            stack: 'dual-stack',
            dns64: random6.dualStackDns64,
          })
          .subnet('subnet-3', 'vpc-1', undefined, {
            stack: 'ipv6-only',
            dns64: random6.ipv6OnlyDns64,
          })
          .table('rtb-1', 'vpc-1', { main: true })
          .serviceRanges('s3', random.s3Cidrs)
          .serviceRanges('dynamodb', random.dynamodbCidrs);
        const recordType = random6.s3DnsRecordIpType;
        for (const endpoint of ENDPOINTS) {
          builder.endpoint(
            endpoint.VpcEndpointId === 'vpce-gw-s3' && recordType !== null
              ? { ...endpoint, DnsOptions: { DnsRecordIpType: recordType } }
              : endpoint,
          );
        }
        random.customerLists.forEach((cidrs, i) => builder.prefixList(`pl-customer${i}`, cidrs));
        const input = builder.input();
        const region = input.regions['us-east-1'];
        if (!region?.PrefixLists || !region.RouteTables?.[0]) throw new Error('builder changed');
        // The builder's lists get the ids the random routes name.
        for (const list of region.PrefixLists) {
          if (list.PrefixListName?.endsWith('.s3')) list.PrefixListId = 'pl-s3';
          if (list.PrefixListName?.endsWith('.dynamodb')) list.PrefixListId = 'pl-ddb';
        }
        if (random6.s3Ipv6Cidrs !== null) {
          region.PrefixLists.push({
            PrefixListId: 'pl-s3v6',
            PrefixListName: 'com.amazonaws.us-east-1.ipv6.s3',
            AddressFamily: 'IPv6',
            OwnerId: 'AWS',
            Cidrs: random6.s3Ipv6Cidrs,
          });
        }
        region.PrefixLists.push({
          PrefixListId: 'pl-c6',
          PrefixListName: 'customer-ipv6',
          AddressFamily: 'IPv6',
          Cidrs: random6.customerList,
        });
        const routes6 = ipv6RoutesOf(random6);
        region.RouteTables[0].Routes = [...routes, ...routes6];
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

        assessFamilies(report, random6, destinations6Of(routes6, random6));
      }),
      { numRuns: 300 },
    );
  });
});
