import { withRollup } from '../../../src/analysis/rollup';
import { applyCostEstimate } from '../../../src/cost/apply-estimate';
import { formatRemediation } from '../../../src/format/plan-format';
import { planRemediation } from '../../../src/remediation/plan';
import { snapshotSchemas, type SnapshotInput } from '../../../src/snapshot/schema';
import {
  costEstimateFor,
  defaultVpcOnlyEstate,
  namedEstate,
  reportOfSnapshot,
} from '../../helpers/report-estate';

/** The estate, its VPCs owned by the report's account (remediation confirms ownership). */
function owned(input: SnapshotInput): SnapshotInput {
  for (const region of Object.values(input.regions)) {
    for (const vpc of region.Vpcs ?? []) (vpc as { OwnerId?: string }).OwnerId = '111122223333';
  }
  return input;
}

describe('remediation choices and savings', () => {
  it('gives each action the dollars its findings carry, adding up to the plan saving', () => {
    // Prepare
    const input = owned(namedEstate(4, 3));
    const report = reportOfSnapshot(input);
    const priced = withRollup(
      applyCostEstimate(
        report,
        costEstimateFor(report, (i) => 10 + i),
      ),
    );

    // Act
    const plan = planRemediation(priced, snapshotSchemas().SnapshotSchema.parse(input));

    // Assess
    expect(plan.actions.length).toBeGreaterThan(0);
    for (const action of plan.actions) {
      expect(action.costStatus).toBeDefined();
      expect(action.estimatedMonthlyUsd !== undefined).toBe(action.costStatus === 'priced');
    }
    const cents = plan.actions.map((a) => Math.round((a.estimatedMonthlyUsd ?? 0) * 100));
    expect(cents.every((c) => c >= 0)).toBe(true);
    const total = cents.reduce((a, b) => a + b, 0);
    expect(Math.round((plan.summary.estimatedMonthlySavingsUsd ?? -1) * 100)).toBe(total);
    expect(total).toBe(Math.round((priced.summary.estimatedMonthlyUsd ?? 0) * 100));
    expect(formatRemediation(plan, 'table')).toMatch(/saves up to \$[\d,.]+\/month/);
    expect(formatRemediation(plan, 'markdown')).toContain('| Saving/month |');
  });

  it('leaves excluded paths and default VPCs alone, saying why', () => {
    // Prepare
    const named = owned(namedEstate(2, 2));
    const defaultVpc = owned(defaultVpcOnlyEstate());

    // Act
    const excluded = planRemediation(
      reportOfSnapshot(named),
      snapshotSchemas().SnapshotSchema.parse(named),
      {
        excludePaths: ['internet-gateway'],
      },
    );
    const skipped = planRemediation(
      reportOfSnapshot(defaultVpc),
      snapshotSchemas().SnapshotSchema.parse(defaultVpc),
      { skipDefaultVpcs: true },
    );
    const notSkipped = planRemediation(
      reportOfSnapshot(defaultVpc),
      snapshotSchemas().SnapshotSchema.parse(defaultVpc),
    );

    // Assess
    expect(excluded.actions.every((a) => !a.paths.includes('internet-gateway'))).toBe(true);
    expect(excluded.skipped.filter((s) => s.kind === 'path-excluded').map((s) => s.path)).toEqual(
      expect.arrayContaining(['internet-gateway']),
    );
    expect(excluded.scope.excludePaths).toEqual(['internet-gateway']);
    expect(skipped.actions).toEqual([]);
    expect(skipped.skipped.map((s) => s.kind)).toEqual(['default-vpc', 'default-vpc']);
    expect(notSkipped.actions.length).toBeGreaterThan(0);
  });
});
