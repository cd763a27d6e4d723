/**
 * The live collection's mapping of the SDK's answers to the snapshot, held to the zod schema that
 * checks a snapshot file: on every answer the file format accepts it gives the schema's snapshot,
 * field for field and in the same order; it refuses only what the schema refuses, naming the same
 * field; and what it lets through that the schema would refuse is only what the analysis does not
 * read (id prefixes, the VPC's own CIDR, a subnet's IPv6 CIDRs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  InvalidAnswerFieldError,
  toRegionSnapshot,
  type RegionAnswers,
} from '../../../src/collect/to-region-snapshot';
import { snapshotSchemas } from '../../../src/snapshot/schema';
import { formatPath } from '../../../src/validation';
import { estate } from '../../helpers';
import { containers, regionArbitrary, type Json } from '../../helpers/snapshot-arbitraries';

/** A region's answers as the collection hands them over (the egress-only gateways may be missing). */
function answers(region: Json): RegionAnswers {
  return { EgressOnlyInternetGateways: undefined, ...region } as unknown as RegionAnswers;
}

/** The mapping's refusal, or undefined when it maps the answers. */
function refusal(region: Json): InvalidAnswerFieldError | undefined {
  try {
    toRegionSnapshot(answers(region));
    return undefined;
  } catch (error) {
    if (error instanceof InvalidAnswerFieldError) return error;
    throw error;
  }
}

/** What the schema checks and the live mapping leaves to it: fields the analysis does not read. */
function isLeftToTheFileFormat(issue: { path: PropertyKey[]; message: string }): boolean {
  const path = formatPath(issue.path);
  return (
    issue.message.startsWith('must start with') ||
    /^Vpcs\[\d+\]\.CidrBlock$/.test(path) ||
    /^Subnets\[\d+\]\.Ipv6CidrBlockAssociationSet\[\d+\]\.Ipv6CidrBlock$/.test(path)
  );
}

/** Malformed texts of the kinds a string field could hold. */
const malformed = fc.constantFrom('10.0.0.0/33', '::1/129', 'vpc', '');

const SCENARIO_DIRS = ['scenarios', 'scenarios-ipv6'].map((dir) =>
  join(__dirname, '..', '..', 'fixtures', dir),
);

describe('toRegionSnapshot', () => {
  it("gives the schema's snapshot, field for field and in its order, for every answer a snapshot file may hold", () => {
    fc.assert(
      fc.property(regionArbitrary, (region) => {
        // Act
        const mapped = toRegionSnapshot(answers(region));

        // Assess
        const parsed = snapshotSchemas().RegionSnapshotSchema.parse(region);
        expect(mapped).toEqual(parsed);
        expect(JSON.stringify(mapped)).toBe(JSON.stringify(parsed));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the scenarios' EC2 answers (real fields the snapshot drops among them) as the schema keeps them", () => {
    // Prepare
    const regions = SCENARIO_DIRS.flatMap((dir) =>
      readdirSync(dir).flatMap((file) => {
        const scenario = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
          snapshot: { regions: Record<string, Json> };
        };
        return Object.values(scenario.snapshot.regions);
      }),
    );

    // Act
    const mapped = regions.map((region) => JSON.stringify(toRegionSnapshot(answers(region))));

    // Assess
    expect(regions.length).toBeGreaterThan(20);
    expect(mapped).toEqual(
      regions.map((region) => JSON.stringify(snapshotSchemas().RegionSnapshotSchema.parse(region))),
    );
  });

  it('refuses only what the schema refuses and names the same field; lets through only what the analysis does not read', () => {
    fc.assert(
      fc.property(
        regionArbitrary,
        fc.nat(),
        fc.nat(),
        fc.option(malformed, { nil: undefined }),
        (generated, where, which, text) => {
          // Prepare: within the SDK's types, one field of one EC2 object removed, or one of its texts
          // made malformed (the prefix lists are the collection's own objects).
          const region = structuredClone(generated);
          const objects = containers(region).filter(
            (value): value is Json =>
              !Array.isArray(value) &&
              value !== region &&
              !(region.PrefixLists as Json[]).includes(value),
          );
          if (objects.length === 0) return;
          const target = objects[where % objects.length] as Json;
          const keys = Object.keys(target);
          if (keys.length === 0) return;
          const key = keys[which % keys.length] as string;
          if (typeof target[key] === 'string' && text !== undefined) target[key] = text;
          else delete target[key];

          // Act
          const refused = refusal(region);

          // Assess
          const zod = snapshotSchemas().RegionSnapshotSchema.safeParse(region);
          if (refused) {
            expect(zod.success).toBe(false);
            expect(zod.error?.issues.map((issue) => formatPath(issue.path))).toContain(
              refused.path,
            );
          } else if (zod.success) {
            expect(JSON.stringify(toRegionSnapshot(answers(region)))).toBe(
              JSON.stringify(zod.data),
            );
          } else {
            expect(zod.error.issues.filter((issue) => !isLeftToTheFileFormat(issue))).toEqual([]);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  /** One region with one object of each kind that the analysis reads, and the services' lists. */
  function region(): Json {
    const input = estate()
      .vpc('vpc-1', [{ Key: 'Name', Value: 'prod' }])
      .subnet('subnet-1', 'vpc-1')
      .table('rtb-1', 'vpc-1', { main: true })
      .endpoint({ VpcEndpointId: 'vpce-1', VpcEndpointType: 'Gateway', VpcId: 'vpc-1' })
      .input();
    return input.regions['us-east-1'] as unknown as Json;
  }
  const at = (value: Json, array: string): Json => (value[array] as Json[])[0] as Json;
  const routeOf = (value: Json): Json => at(at(value, 'RouteTables'), 'Routes');

  it.each<[string, (value: Json) => void, string]>([
    [
      'a subnet without its id',
      (value) => delete at(value, 'Subnets').SubnetId,
      'Subnets[0].SubnetId: is required',
    ],
    [
      'a subnet whose IPv4 CIDR is malformed',
      (value) => (at(value, 'Subnets').CidrBlock = '10.0.1.0/33'),
      'Subnets[0].CidrBlock: "10.0.1.0/33" is not an IPv4 CIDR',
    ],
    [
      'a subnet without an IPv4 CIDR that is not IPv6-only',
      (value) => delete at(value, 'Subnets').CidrBlock,
      'Subnets[0].CidrBlock: is required unless the subnet is IPv6-only (Ipv6Native: true)',
    ],
    [
      'an IPv6-only subnet with an IPv4 CIDR',
      (value) => (at(value, 'Subnets').Ipv6Native = true),
      'Subnets[0].Ipv6Native: is true, but the subnet has CidrBlock "10.0.1.0/24": an IPv6-only subnet has no IPv4 CIDR',
    ],
    [
      'a route table without its routes',
      (value) => delete at(value, 'RouteTables').Routes,
      'RouteTables[0].Routes: is required',
    ],
    [
      'a route table without its associations',
      (value) => delete at(value, 'RouteTables').Associations,
      'RouteTables[0].Associations: is required',
    ],
    [
      'a route without a destination',
      (value) => delete routeOf(value).DestinationCidrBlock,
      'RouteTables[0].Routes[0]: has no destination',
    ],
    [
      'a route to a malformed IPv6 destination',
      (value) => (routeOf(value).DestinationIpv6CidrBlock = '::/129'),
      'RouteTables[0].Routes[0].DestinationIpv6CidrBlock: "::/129" is not an IPv6 CIDR',
    ],
    [
      'an endpoint without its type',
      (value) => delete at(value, 'VpcEndpoints').VpcEndpointType,
      'VpcEndpoints[0].VpcEndpointType: is required',
    ],
    [
      'a tag without its key',
      (value) => delete at(at(value, 'Vpcs'), 'Tags').Key,
      'Vpcs[0].Tags[0].Key: is required',
    ],
    [
      'an IPv6 entry in an IPv4 prefix list',
      (value) => (at(value, 'PrefixLists').Cidrs = ['52.216.0.0/15', '2600:1f18::/32']),
      'PrefixLists[0].Cidrs[1]: "2600:1f18::/32" is not an IPv4 CIDR',
    ],
  ])('refuses %s, naming the field and its value', (_, change, message) => {
    // Prepare
    const value = region();
    change(value);

    // Act
    const refused = refusal(value);

    // Assess
    expect(refused?.message).toContain(message);
  });

  it('leaves out what the snapshot does not keep, and keeps absent fields and arrays absent', () => {
    // Prepare
    const value = region();
    Object.assign(at(value, 'Subnets'), {
      AvailableIpAddressCount: 251,
      MapPublicIpOnLaunch: false,
    });
    at(value, 'VpcEndpoints').CreationTimestamp = new Date('2026-01-02T03:04:05Z');
    delete value.EgressOnlyInternetGateways; // the call failed: no verdict depends on it

    // Act
    const mapped = toRegionSnapshot(answers(value));

    // Assess
    expect(JSON.parse(JSON.stringify(mapped.Subnets))).toEqual([
      { SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' },
    ]);
    expect(JSON.parse(JSON.stringify(mapped.VpcEndpoints))).toEqual([
      { VpcEndpointId: 'vpce-1', VpcEndpointType: 'Gateway', VpcId: 'vpc-1' },
    ]);
    expect(mapped.EgressOnlyInternetGateways).toBeUndefined();
  });
});
