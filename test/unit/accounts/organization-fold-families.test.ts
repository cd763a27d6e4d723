/**
 * The organization fold counts the address families as the whole report would: the leaking subnets
 * per family (the `Family` metric) and `summary.byFamily`, summed over the accounts.
 */
import { summarize } from '../../../src/analysis/analyze';
import { OrganizationFold } from '../../../src/accounts/organization-fold';
import { leakingFamiliesOf } from '../../../src/leaking-families';
import { FAMILIES, type Report } from '../../../src/types';
import type { AccountLine } from '../../../src/history/report-lines';
import { GENERATED_AT, scenarioReport } from '../../helpers/reports';

function lineOf(report: Report, accountId: string): AccountLine {
  return {
    accountId,
    subnets: report.subnets.map((subnet) => ({ ...subnet, accountId })),
    findings: [],
    errors: [],
    vpcs: [],
    resolved: [],
    carried: [],
  };
}

describe('the organization fold and the address families', () => {
  it('sums the leaking subnets per family and byFamily over the accounts', () => {
    // Prepare: an IPv6-only estate (scenario 18), a dual-stack one (20), an IPv4 one (02)
    const reports = [scenarioReport('18'), scenarioReport('20'), scenarioReport('02')];
    const fold = new OrganizationFold();

    // Act
    reports.forEach((report, index) =>
      fold.add(lineOf(report, `11112222333${index}`), report.summary),
    );
    const result = fold.result({ accountId: '111122223333', generatedAt: GENERATED_AT });

    // Assess
    const subnets = reports.flatMap((report) => report.subnets);
    for (const family of FAMILIES) {
      const expected = subnets.filter(
        (subnet) => !subnet.exempt && leakingFamiliesOf(subnet).includes(family),
      ).length;
      expect(result.leakingFamilyCount(family)).toBe(expected);
    }
    expect(result.leakingFamilyCount('nat64')).toBe(2);
    expect(result.digest.summary.byFamily).toEqual(summarize(subnets).byFamily);
  });
});
