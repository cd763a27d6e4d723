/**
 * Rule 1, findings grouping, exemptions and the summary on random estates, against a direct reading
 * of the contract: several VPCs, subnets, tables with explicit, main, edge and disassociated
 * associations, each table with one default route of a random kind, exemption tags anywhere.
 */
import fc from 'fast-check';
import { analyzeRegion } from '../../../src/analysis/analyze';
import type { RouteTableAssociation, Snapshot, Tag } from '../../../src/snapshot/schema';
import { compareText } from '../../../src/text-order';
import { FAMILIES, SERVICES } from '../../../src/types';
import { LEAKING_PATHS, type Path } from '../../../src/types';
import { analyze, estate, exemptTag } from '../../helpers/estate-builder';

const DEFAULT_ROUTES = [
  { target: { NatGatewayId: 'nat-1' }, path: 'nat-gateway', severity: 'high' },
  { target: { InstanceId: 'i-1' }, path: 'nat-instance', severity: 'high' },
  { target: { TransitGatewayId: 'tgw-1' }, path: 'transit-gateway', severity: 'high' },
  { target: { GatewayId: 'vgw-1' }, path: 'virtual-private-gateway', severity: 'medium' },
  { target: { VpcPeeringConnectionId: 'pcx-1' }, path: 'other', severity: 'medium' },
  { target: { GatewayId: 'igw-1' }, path: 'internet-gateway', severity: 'low' },
  { target: { GatewayId: 'igw-1', State: 'blackhole' }, path: 'dropped', severity: undefined },
  { target: undefined, path: 'no-route', severity: undefined },
] as const;

const LEAKING = new Set<Path>(LEAKING_PATHS);

type Association = 'explicit' | 'edge' | 'disassociated';

interface RandomTable {
  vpc: number;
  main: boolean;
  route: number;
  exempt: 'none' | 'true' | 'false';
  /** For each subnet index: how this table is associated with it, if at all. */
  associations: { subnet: number; kind: Association }[];
}

interface RandomEstate {
  vpcs: { exempt: 'none' | 'true' | 'false' }[];
  subnets: { vpc: number; exempt: 'none' | 'true' | 'false' }[];
  tables: RandomTable[];
}

const exemptArb = fc.constantFrom('none', 'none', 'true', 'false') as fc.Arbitrary<
  'none' | 'true' | 'false'
>;

const estateArb: fc.Arbitrary<RandomEstate> = fc
  .record({
    vpcs: fc.array(fc.record({ exempt: exemptArb }), { minLength: 1, maxLength: 3 }),
    subnets: fc.array(fc.record({ vpc: fc.nat(2), exempt: exemptArb }), { maxLength: 8 }),
    tables: fc.array(
      fc.record({
        vpc: fc.nat(2),
        main: fc.boolean(),
        route: fc.nat(DEFAULT_ROUTES.length - 1),
        exempt: exemptArb,
        associations: fc.array(
          fc.record({
            subnet: fc.nat(7),
            kind: fc.constantFrom<Association>('explicit', 'explicit', 'edge', 'disassociated'),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 6 },
    ),
  })
  .map((random) => {
    // Keep the estate consistent as AWS does: indexes in range, one main table per VPC, and an
    // explicit association of a subnet to at most one table of its own VPC.
    const vpcCount = random.vpcs.length;
    const subnets = random.subnets.map((s) => ({ ...s, vpc: s.vpc % vpcCount }));
    const mainSeen = new Set<number>();
    const associated = new Set<number>();
    const tables = random.tables.map((t) => {
      const vpc = t.vpc % vpcCount;
      const main = t.main && !mainSeen.has(vpc);
      if (main) mainSeen.add(vpc);
      const associations = t.associations.filter((a) => {
        const subnet = subnets[a.subnet];
        if (a.kind === 'edge') return true;
        if (!subnet || subnet.vpc !== vpc) return false;
        if (a.kind === 'disassociated') return true;
        if (associated.has(a.subnet)) return false;
        associated.add(a.subnet);
        return true;
      });
      return { ...t, vpc, main, associations };
    });
    return { vpcs: random.vpcs, subnets, tables };
  });

function tags(exempt: 'none' | 'true' | 'false'): Tag[] | undefined {
  return exempt === 'none' ? undefined : exemptTag(exempt);
}

/** The snapshot of a random estate: VPC `vpc-i`, subnet `subnet-i`, table `rtb-i`. */
function snapshotOf(random: RandomEstate): Snapshot {
  const builder = estate();
  random.vpcs.forEach((v, i) => builder.vpc(`vpc-${i}`, tags(v.exempt)));
  random.subnets.forEach((s, i) => builder.subnet(`subnet-${i}`, `vpc-${s.vpc}`, tags(s.exempt)));
  random.tables.forEach((t, i) => {
    const associations: RouteTableAssociation[] = t.associations.map((a) =>
      a.kind === 'edge'
        ? { Main: false, GatewayId: 'igw-1', AssociationState: { State: 'associated' } }
        : {
            Main: false,
            SubnetId: `subnet-${a.subnet}`,
            AssociationState: {
              State: a.kind === 'explicit' ? 'associated' : 'disassociated',
            },
          },
    );
    const tableTags = tags(t.exempt);
    builder.table(`rtb-${i}`, `vpc-${t.vpc}`, {
      main: t.main,
      associations,
      ...(tableTags ? { tags: tableTags } : {}),
    });
    const route = DEFAULT_ROUTES[t.route]?.target;
    if (route) builder.route('0.0.0.0/0', route);
  });
  return builder.build();
}

describe('the report on random estates', () => {
  it('resolves tables, groups findings, applies exemptions and counts as the contract reads', () => {
    fc.assert(
      fc.property(estateArb, (random) => {
        // Prepare
        const snapshot = snapshotOf(random);

        // Act
        const report = analyze(snapshot, { services: ['s3'] });

        // Assess: rule 1, read directly.
        const tableOf = (subnet: number): number | undefined => {
          const explicit = random.tables.findIndex((t) =>
            t.associations.some((a) => a.subnet === subnet && a.kind === 'explicit'),
          );
          if (explicit >= 0) return explicit;
          const main = random.tables.findIndex(
            (t) => t.main && t.vpc === random.subnets[subnet]?.vpc,
          );
          return main >= 0 ? main : undefined;
        };
        const exempt = (value: 'none' | 'true' | 'false' | undefined) => value === 'true';
        const expected = random.subnets.map((s, i) => {
          const table = tableOf(i);
          const path: Path =
            table === undefined
              ? 'no-route'
              : (DEFAULT_ROUTES[random.tables[table]?.route ?? 0]?.path ?? 'no-route');
          return {
            subnetId: `subnet-${i}`,
            routeTableId: table === undefined ? null : `rtb-${table}`,
            path,
            exempt:
              exempt(s.exempt) ||
              exempt(random.vpcs[s.vpc]?.exempt) ||
              (table !== undefined && exempt(random.tables[table]?.exempt)),
          };
        });
        const actual = report.subnets.map((s) => ({
          subnetId: s.subnetId,
          routeTableId: s.routeTableId,
          path: s.services.s3?.path,
          exempt: s.exempt,
        }));
        const byId = (a: { subnetId: string }, b: { subnetId: string }) =>
          a.subnetId < b.subnetId ? -1 : a.subnetId > b.subnetId ? 1 : 0;
        expect(actual.sort(byId)).toEqual([...expected].sort(byId));

        // Findings: one per leaking table that subnets use, with exactly those subnets.
        const expectedFindings = random.tables
          .map((t, i) => {
            const users = expected.filter((s) => s.routeTableId === `rtb-${i}`);
            const route = DEFAULT_ROUTES[t.route];
            if (users.length === 0 || !route || !LEAKING.has(route.path)) return undefined;
            const subnetExempt = (s: { subnetId: string }) =>
              exempt(random.subnets[Number(s.subnetId.slice(7))]?.exempt);
            const findingExempt =
              exempt(t.exempt) || exempt(random.vpcs[t.vpc]?.exempt) || users.every(subnetExempt);
            // A finding counts its non-exempt subnets; an exempt finding, all of them.
            const counted = findingExempt ? users : users.filter((s) => !subnetExempt(s));
            return {
              routeTableId: `rtb-${i}`,
              vpcId: `vpc-${t.vpc}`,
              severity: route.severity,
              subnetIds: counted.map((s) => s.subnetId).sort(),
              exempt: findingExempt,
              remediation: findingExempt
                ? 'none'
                : counted.length < users.length
                  ? 'manual'
                  : 'create-endpoint',
            };
          })
          .filter((f) => f !== undefined)
          .sort((a, b) => (a.routeTableId < b.routeTableId ? -1 : 1));
        expect(
          report.findings
            .map((f) => ({
              routeTableId: f.routeTableId,
              vpcId: f.vpcId,
              severity: f.severity,
              subnetIds: f.subnetIds,
              exempt: f.exempt,
              remediation: f.remediation,
            }))
            .sort((a, b) => (a.routeTableId < b.routeTableId ? -1 : 1)),
        ).toEqual(expectedFindings);

        // Summary.
        const byPath: Partial<Record<Path, number>> = {};
        for (const s of expected) byPath[s.path] = (byPath[s.path] ?? 0) + 1;
        const leaking = expected.filter((s) => LEAKING.has(s.path) && !s.exempt);
        const byWorstPath: Partial<Record<Path, number>> = {};
        for (const s of leaking) byWorstPath[s.path] = (byWorstPath[s.path] ?? 0) + 1;
        expect(report.summary).toEqual({
          subnets: expected.length,
          leakingSubnets: leaking.length,
          byPath,
          // IPv4 subnets only: one family, whose verdicts are the services'.
          byFamily: Object.keys(byPath).length > 0 ? { ipv4: byPath } : {},
          leakingSubnetsByWorstPath: byWorstPath,
          regionsAudited: 1,
          regionsFailed: 0,
        });
      }),
      { numRuns: 200 },
    );
  });

  it("lists a region's subnets by VPC and id, and its findings by VPC, table, service and family", () => {
    fc.assert(
      fc.property(estateArb, (random) => {
        // Prepare: the subnets of the VPCs interleave, as the generator draws them, and the
        // subnets and tables are listed against the order of their ids
        const snapshot = snapshotOf(random);
        const region = snapshot.regions['us-east-1'];
        if (region === undefined) throw new Error('the estate has no us-east-1');
        region.Subnets.reverse();
        region.RouteTables.reverse();

        // Act
        const analysis = analyzeRegion('us-east-1', region, SERVICES, snapshot.accountId);

        // Assess: each list equals itself sorted by its keys
        const subnetKeys = analysis.subnets.map((s) => [s.vpcId, s.subnetId]);
        const byKeys = (a: (string | number)[], b: (string | number)[]): number => {
          for (let i = 0; i < a.length; i += 1) {
            const x = a[i] as string | number;
            const y = b[i] as string | number;
            const order = typeof x === 'number' ? x - (y as number) : compareText(x, y as string);
            if (order !== 0) return order;
          }
          return 0;
        };
        expect(subnetKeys).toEqual([...subnetKeys].sort(byKeys));
        expect(analysis.subnets).toHaveLength(random.subnets.length);
        const findingKeys = analysis.findings.map((f) => [
          f.vpcId,
          f.routeTableId,
          f.service,
          FAMILIES.indexOf(f.family ?? 'ipv4'),
        ]);
        expect(findingKeys).toEqual([...findingKeys].sort(byKeys));
      }),
    );
  });
});
