/**
 * The quick path of snapshot validation against zod: on valid snapshots (every field of the schema
 * present or not, unknown fields, any key order) it gives exactly zod's result, and on corrupted
 * ones it gives nothing (so that zod runs and names the problem) unless zod accepts them too. Its
 * variant without a copy accepts exactly the same input.
 */
import fc from 'fast-check';
import { parseSnapshot } from '../../../src/snapshot/load';
import { checkedSnapshotAsRead, quickSnapshot } from '../../../src/snapshot/quick-parse';
import { snapshotSchemas } from '../../../src/snapshot/schema';
import { formatIssues } from '../../../src/validation';
import {
  containers,
  objectArbitrary as object,
  regionArbitrary as region,
  word,
  type Json,
} from '../../helpers/snapshot-arbitraries';

const accountId = fc.stringMatching(/^\d{12}$/);
const snapshotArb = object(
  {
    schemaVersion: fc.constant(1),
    accountId,
    regions: fc
      .uniqueArray(fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1'), { maxLength: 2 })
      .chain((names) =>
        fc
          .tuple(...names.map(() => region))
          .map((regions) => Object.fromEntries(names.map((name, i) => [name, regions[i]]))),
      ),
  },
  {
    collectedAt: word,
    errors: fc.array(
      object(
        {
          region: fc.constantFrom('eu-west-1', 'ap-south-2', 'us-gov-west-1'),
          operation: word,
          code: word,
          message: word,
        },
        { accountId },
      ),
      { maxLength: 2 },
    ),
  },
);

function first(region: Json, array: string): Json {
  return (region[array] as Json[])[0] as Json;
}

function routeOf(region: Json, route: Json): void {
  first(region, 'RouteTables').Routes = [route];
}

/** A snapshot of one region (`us-east-1`) holding these VPCs and nothing else. */
function snapshotOfVpcs(vpcs: unknown[]): Json {
  const region: Json = { Vpcs: vpcs };
  const others = ['Subnets', 'RouteTables', 'VpcEndpoints', 'NatGateways', 'InternetGateways'];
  for (const name of [...others, 'PrefixLists']) region[name] = [];
  return { schemaVersion: 1, accountId: '111122223333', regions: { 'us-east-1': region } };
}

const corruption = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(7),
  fc.constant(true),
  fc.constant('vpc'),
  fc.constant('10.0.0.0/33'),
  fc.constant('::1/129'),
  fc.constant('not-a-region'),
  fc.constant('11112222333'),
  fc.constant(111122223333),
  fc.constant([]),
  fc.constant({}),
  fc.constant('delete'),
);

describe('quickSnapshot', () => {
  it('gives exactly what zod gives on valid snapshots', () => {
    fc.assert(
      fc.property(snapshotArb, (data) => {
        // Act
        const quick = quickSnapshot(data);
        const zod = snapshotSchemas().SnapshotSchema.parse(data);

        // Assess: the same fields, in the same order.
        expect(quick).toStrictEqual(zod);
        expect(JSON.stringify(quick)).toBe(JSON.stringify(zod));
      }),
      { numRuns: 300 },
    );
  });

  it('gives nothing where zod fails, and zod’s own result where it passes, on corrupted snapshots', () => {
    fc.assert(
      fc.property(snapshotArb, fc.nat(), fc.nat(), corruption, (generated, where, which, value) => {
        // Prepare: one entry of one object or array changed (or removed); a region key renamed.
        const data = structuredClone(generated);
        const all = containers(data);
        const target = all[where % all.length] as Json;
        const keys = Object.keys(target);
        if (keys.length === 0) return;
        const key = keys[which % keys.length] as string;
        if (value === 'delete') delete target[key];
        else if (value === 'not-a-region' && target === data.regions) {
          target['Not A Region'] = target[key];
          delete target[key];
        } else target[key] = value;

        // Act
        const quick = quickSnapshot(data);
        const zod = snapshotSchemas().SnapshotSchema.safeParse(data, { reportInput: true });

        // Assess
        if (!zod.success) {
          expect(quick).toBeUndefined();
          // So the message is zod's, field and value named, as it always was.
          expect(() => parseSnapshot(data)).toThrow(formatIssues(zod.error, data)[0] ?? '?');
        } else if (quick !== undefined) {
          expect(quick).toStrictEqual(zod.data);
          expect(JSON.stringify(quick)).toBe(JSON.stringify(zod.data));
        }
      }),
      { numRuns: 600 },
    );
  });

  /** One valid region with one object of each kind. */
  function baseRegion(): Json {
    return {
      Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }],
      Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' }],
      RouteTables: [
        {
          RouteTableId: 'rtb-1',
          VpcId: 'vpc-1',
          Associations: [{ Main: true }],
          Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' }],
        },
      ],
      VpcEndpoints: [{ VpcEndpointId: 'vpce-1', VpcEndpointType: 'Gateway', VpcId: 'vpc-1' }],
      NatGateways: [{ NatGatewayId: 'nat-1' }],
      InternetGateways: [{ InternetGatewayId: 'igw-1' }],
      PrefixLists: [{ PrefixListId: 'pl-1', Cidrs: ['52.216.0.0/15', '2600:1f18::/32'] }],
    };
  }

  it.each<[string, (region: Json, data: { regions: Json }) => void]>([
    ['a route with no destination', (r) => routeOf(r, { GatewayId: 'igw-1' })],
    ['a route to an IPv6 CIDR as IPv4', (r) => routeOf(r, { DestinationCidrBlock: '::/0' })],
    ['an IPv4 CIDR of 33 bits', (r) => routeOf(r, { DestinationCidrBlock: '10.0.0.0/33' })],
    ['an IPv6 CIDR of 129 bits', (r) => routeOf(r, { DestinationIpv6CidrBlock: '::/129' })],
    ['a prefix-list id without pl-', (r) => routeOf(r, { DestinationPrefixListId: 'x-1' })],
    ['a subnet id without subnet-', (r) => (first(r, 'Subnets').SubnetId = 'sub-1')],
    ['a list CIDR that is no CIDR', (r) => (first(r, 'PrefixLists').Cidrs = ['52.216.0.0'])],
    ['a boolean as text', (r) => (first(r, 'Vpcs').IsDefault = 'false')],
    ['a region name that is none', (r, data) => (data.regions = { 'US East': r })],
  ])('leaves %s to zod, whose message names it', (_, corrupt) => {
    // Prepare
    const region = baseRegion();
    const data = { schemaVersion: 1, regions: { 'us-east-1': region } as Json };
    corrupt(region, data);
    const zod = snapshotSchemas().SnapshotSchema.safeParse(data, { reportInput: true });

    // Act
    const quick = quickSnapshot(data);

    // Assess
    expect(zod.success).toBe(false);
    expect(quick).toBeUndefined();
    if (!zod.success) {
      expect(() => parseSnapshot(data)).toThrow(formatIssues(zod.error, data)[0] ?? '?');
    }
  });

  it('leaves to zod an optional field given as undefined and an array with a hole', () => {
    // Prepare
    const withUndefinedField = snapshotOfVpcs([{ VpcId: 'vpc-1', CidrBlock: undefined }]);
    const vpcs: unknown[] = [{ VpcId: 'vpc-1' }];
    vpcs[2] = { VpcId: 'vpc-2' }; // index 1 is a hole

    // Act
    const withUndefined = quickSnapshot(withUndefinedField);
    const withHole = quickSnapshot(snapshotOfVpcs(vpcs));

    // Assess
    expect(withUndefined).toBeUndefined();
    expect(withHole).toBeUndefined();
    expect(
      snapshotSchemas().SnapshotSchema.parse(withUndefinedField).regions['us-east-1']?.Vpcs[0],
    ).toHaveProperty('CidrBlock', undefined);
  });
});

describe('checkedSnapshotAsRead', () => {
  it('accepts what quickSnapshot does and only what zod does, and gives the input’s own objects', () => {
    fc.assert(
      fc.property(
        snapshotArb,
        fc.nat(),
        fc.nat(),
        corruption,
        fc.boolean(),
        (generated, where, which, value, corrupt) => {
          // Prepare: a valid snapshot, or one with one entry changed.
          const data = structuredClone(generated);
          if (corrupt) {
            const all = containers(data);
            const target = all[where % all.length] as Json;
            const keys = Object.keys(target);
            const key = keys[which % Math.max(1, keys.length)];
            if (key !== undefined) {
              if (value === 'delete') delete target[key];
              else target[key] = value;
            }
          }

          // Act
          const asRead = checkedSnapshotAsRead(data);
          const copied = quickSnapshot(data);

          // Assess: an optional field given as undefined is the one thing only the copy refuses.
          if (copied !== undefined) expect(asRead).toBeDefined();
          if (asRead === undefined) return;
          expect(snapshotSchemas().SnapshotSchema.safeParse(data).success).toBe(true);
          const regions = (data as { regions: Record<string, unknown> }).regions;
          for (const [name, region] of Object.entries(asRead.regions)) {
            expect(region).toBe(regions[name]);
          }
          expect(asRead.accountId).toBe(copied?.accountId);
          expect(Object.keys(asRead)).toEqual(Object.keys(copied ?? {}));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps an optional field given as undefined where it is, as zod does', () => {
    // Prepare
    const vpc = { VpcId: 'vpc-1', CidrBlock: undefined };
    const data = snapshotOfVpcs([vpc]);

    // Act
    const asRead = checkedSnapshotAsRead(data);

    // Assess
    expect(asRead?.regions['us-east-1']?.Vpcs[0]).toBe(vpc);
    expect(asRead?.regions['us-east-1']?.Vpcs[0]).toHaveProperty('CidrBlock', undefined);
    expect(snapshotSchemas().SnapshotSchema.parse(data).regions['us-east-1']?.Vpcs[0]).toEqual(vpc);
  });
});
