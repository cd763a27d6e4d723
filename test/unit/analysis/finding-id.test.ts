/** The finding id: `<accountId>/<region>/<routeTableId>/<service>`, whatever else changes. */
import fc from 'fast-check';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { findingIdOf } from '../../../src/analysis/finding-id';
import type { Snapshot } from '../../../src/snapshot/schema';
import { estate } from '../../helpers/estate-builder';

function leakingEstate(
  target: { NatGatewayId: string } | { GatewayId: string },
  subnets: string[],
) {
  const builder = estate('eu-west-1').vpc('vpc-1');
  for (const subnet of subnets) builder.subnet(subnet, 'vpc-1');
  return builder.table('rtb-main', 'vpc-1', { main: true }).route('0.0.0.0/0', target).build();
}

function shuffled<T>(items: readonly T[], order: readonly number[]): T[] {
  return items
    .map((item, index) => ({ item, key: order[index % order.length] ?? 0 }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}

function reordered(snapshot: Snapshot, order: readonly number[]): Snapshot {
  const copy = structuredClone(snapshot);
  for (const region of Object.values(copy.regions)) {
    region.Subnets = shuffled(region.Subnets, order);
    region.RouteTables = shuffled(region.RouteTables, order);
    for (const table of region.RouteTables) table.Routes = shuffled(table.Routes ?? [], order);
  }
  return copy;
}

describe('finding id', () => {
  it('is the account, region, route table and service joined by slashes', () => {
    // Prepare
    const snapshot = leakingEstate({ NatGatewayId: 'nat-1' }, ['subnet-a']);

    // Act
    const report = analyzeSnapshot(snapshot, { generatedAt: '2026-11-27T03:00:00.000Z' });

    // Assess
    expect(report.findings.map((f) => [f.id, f.accountId])).toEqual([
      ['111122223333/eu-west-1/rtb-main/dynamodb', '111122223333'],
      ['111122223333/eu-west-1/rtb-main/s3', '111122223333'],
    ]);
    expect(
      findingIdOf({
        accountId: '444455556666',
        region: 'cn-north-1',
        routeTableId: 'rtb-0abc',
        service: 's3',
      }),
    ).toBe('444455556666/cn-north-1/rtb-0abc/s3');
  });

  it('does not depend on the path, the targets, the subnets or the order of anything', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<{ NatGatewayId: string } | { GatewayId: string }>(
          { NatGatewayId: 'nat-1' },
          { NatGatewayId: 'nat-2' },
          { GatewayId: 'igw-1' },
          { GatewayId: 'vgw-1' },
        ),
        fc.uniqueArray(fc.constantFrom('subnet-a', 'subnet-b', 'subnet-c', 'subnet-d'), {
          minLength: 1,
        }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        (target, subnets, order) => {
          // Prepare
          const snapshot = reordered(leakingEstate(target, subnets), order);

          // Act
          const report = analyzeSnapshot(snapshot, { generatedAt: '2026-11-27T03:00:00.000Z' });

          // Assess
          expect(report.findings.map((f) => f.id).sort()).toEqual([
            '111122223333/eu-west-1/rtb-main/dynamodb',
            '111122223333/eu-west-1/rtb-main/s3',
          ]);
        },
      ),
    );
  });
});
