import { withRollup } from '../../../src/analysis/rollup';
import { applyCostEstimate } from '../../../src/cost/apply-estimate';
import type { CostEstimate } from '../../../src/cost/estimate';
import { findingCostText } from '../../../src/format/report-text';
import { formatRemediation } from '../../../src/format/plan-format';
import { savingText } from '../../../src/format/plan-labels';
import { planRemediation } from '../../../src/remediation/plan';
import type { RemediationPlan } from '../../../src/remediation/plan-types';
import { snapshotSchemas, type SnapshotInput } from '../../../src/snapshot/schema';
import type { Report } from '../../../src/types';
import { costEstimateFor, namedEstate, reportOfSnapshot } from '../../helpers/report-estate';

/** The estate, its VPCs owned by the report's account (remediation confirms ownership). */
function owned(input: SnapshotInput): SnapshotInput {
  for (const region of Object.values(input.regions)) {
    for (const vpc of region.Vpcs ?? []) (vpc as { OwnerId?: string }).OwnerId = '111122223333';
  }
  return input;
}

function planOf(
  input: SnapshotInput,
  estimate: (report: Report) => CostEstimate,
): { report: Report; plan: RemediationPlan } {
  const audited = reportOfSnapshot(input);
  const report = withRollup(applyCostEstimate(audited, estimate(audited)));
  return { report, plan: planRemediation(report, snapshotSchemas().SnapshotSchema.parse(input)) };
}

/** Every action's saving as the plan shows it, beside what the audit says of its findings. */
function sayings(report: Report, plan: RemediationPlan) {
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  return plan.actions.map((action) => ({
    saving: savingText(action),
    audit: action.findingIds.map((id) => {
      const f = byId.get(id);
      return f ? findingCostText(f) : '?';
    }),
  }));
}

describe('the saving of an action says what the audit says of its findings', () => {
  it('is "shared", never $0.00, when another action carries the NAT gateway', () => {
    // Act
    const { report, plan } = planOf(owned(namedEstate(3, 2)), (r) => costEstimateFor(r, () => 10));

    // Assess
    const shared = sayings(report, plan).filter(
      (s) => s.audit.includes('shared') && !s.audit.some((t) => t.startsWith('$')),
    );
    expect(shared.length).toBeGreaterThan(0);
    for (const s of shared) expect(s.saving).toBe('shared');
    expect(plan.actions.filter((a) => a.costStatus === 'shared')).toHaveLength(shared.length);
  });

  it('is "no data" when its gateways had no data points', () => {
    // Act
    const { report, plan } = planOf(owned(namedEstate(3, 2)), (r) => costEstimateFor(r, () => 0));

    // Assess
    const all = sayings(report, plan);
    expect(all.some((s) => s.saving === 'no data')).toBe(true);
    for (const s of all) expect(s.saving).not.toMatch(/\$/);
    expect(formatRemediation(plan, 'table')).not.toContain('$0.00');
    expect(formatRemediation(plan, 'markdown')).not.toContain('$0.00');
    expect(plan.summary.estimatedMonthlySavingsUsd).toBeUndefined();
    expect(formatRemediation(plan, 'table')).toContain('saving not known (no data)');
  });

  it('is "unknown" when the metrics were not read', () => {
    // Act
    const { report, plan } = planOf(owned(namedEstate(2, 2)), (r) => {
      const estimate = costEstimateFor(r, () => 10);
      return {
        ...estimate,
        regions: estimate.regions.map((region) => ({ ...region, status: 'unknown' as const })),
        gateways: [],
        totalMonthlyUsd: 0,
        partial: true,
      };
    });

    // Assess
    const all = sayings(report, plan);
    expect(all.some((s) => s.saving === 'unknown')).toBe(true);
    expect(formatRemediation(plan, 'table')).not.toContain('$0.00');
  });

  it('shows dollars exactly when a finding of the action carries some, for any mix of gateways', () => {
    for (let seed = 0; seed < 12; seed += 1) {
      // Act
      const { report, plan } = planOf(owned(namedEstate(4, 2)), (r) =>
        costEstimateFor(r, (i) => ((i + seed) % 3 === 0 ? 0 : ((i * 7 + seed) % 5) + 0.5)),
      );

      // Assess
      for (const s of sayings(report, plan)) {
        const dollars = s.audit.some((t) => t.startsWith('$'));
        expect(s.saving.startsWith('$')).toBe(dollars);
        if (!dollars && s.audit.includes('no data') && !s.audit.includes('shared'))
          expect(s.saving).toBe('no data');
      }
    }
  });
});
