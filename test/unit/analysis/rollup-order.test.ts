/**
 * The finding order of the VPC rollup: the ranked VPCs' findings one VPC after the other, then the
 * exempt ones by place; findings that share an id (never in an analysed report) still take the rank
 * of their id, as they always did.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { rollUpVpcs, vpcKey, withRollup } from '../../../src/analysis/rollup';
import { parseSnapshotText } from '../../../src/snapshot/load';
import type { Finding, Report } from '../../../src/types';

const SAMPLE = join(__dirname, '..', '..', '..', 'examples', 'sample-estate.json');

function sampleReport(): Report {
  return analyzeSnapshot(parseSnapshotText(readFileSync(SAMPLE, 'utf8'), SAMPLE), {
    generatedAt: '2026-11-27T03:00:00Z',
  });
}

const keyOf = (f: Finding) => vpcKey(f.accountId, f.region, f.vpcId);

describe('the finding order of withRollup', () => {
  it('lists the findings of each ranked VPC together, in the ranking, then the exempt ones', () => {
    // Prepare
    const report = sampleReport();
    const shuffled = { ...report, findings: [...report.findings].reverse() };

    // Act
    const rolled = withRollup(shuffled);

    // Assess
    const ranking = rollUpVpcs(rolled).map((vpc) => vpcKey(vpc.accountId, vpc.region, vpc.vpcId));
    const active = rolled.findings.filter((f) => !f.exempt);
    const order = [...new Set(active.map(keyOf))];
    expect(order).toEqual(ranking);
    expect(rolled.findings.map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
    const firstExempt = rolled.findings.findIndex((f) => f.exempt);
    if (firstExempt >= 0)
      expect(rolled.findings.slice(firstExempt).every((f) => f.exempt)).toBe(true);
  });

  it('orders findings that share an id by the rank of that id, keeping their report order', () => {
    // Prepare: a copy of the first finding (of the first VPC), under its id, in a VPC that ranks last.
    const report = sampleReport();
    const [first] = report.findings;
    if (!first) throw new Error('the sample estate has findings');
    const twin: Finding = {
      ...first,
      vpcId: 'vpc-zzzzzzzzzzzzzzzzz',
      severity: 'low',
      path: 'internet-gateway',
    };
    delete twin.estimatedMonthlyUsd;
    const input = { ...report, findings: [twin, ...report.findings] };

    // Act
    const rolled = withRollup(input);

    // Assess: the id was ranked last under the twin's VPC, so both findings stand there, the
    // twin first (it came first), though the original's VPC still leads the rollup.
    expect(rolled.vpcs?.[0]?.vpcId).toBe(first.vpcId);
    expect(rolled.vpcs?.at(-1)?.vpcId).toBe('vpc-zzzzzzzzzzzzzzzzz');
    const positions = rolled.findings
      .map((f, i) => (f.id === first.id ? i : -1))
      .filter((i) => i >= 0);
    expect(positions).toHaveLength(2);
    expect(rolled.findings[positions[0] as number]).toBe(twin);
    expect(positions[1]).toBe((positions[0] as number) + 1);
    expect(rolled.findings).toHaveLength(input.findings.length);
  });
});
