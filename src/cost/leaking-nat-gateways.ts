/** Which NAT gateways the cost estimate prices: those that carry a non-exempt leak. */
import type { Finding, Report } from '../types';

const NAT_GATEWAY_ID = /^nat-[0-9a-zA-Z]+$/;

/** True when the finding's traffic leaks through a NAT gateway and the finding is not exempt. */
export function isPricedFinding(finding: Finding): boolean {
  return !finding.exempt && finding.path === 'nat-gateway';
}

/** The NAT gateway ids of a priced finding, distinct, in the finding's order. */
export function natGatewaysOf(finding: Finding): string[] {
  if (!isPricedFinding(finding)) return [];
  return [...new Set(finding.targets.filter((target) => NAT_GATEWAY_ID.test(target)))];
}

/**
 * Every NAT gateway that carries at least one non-exempt leaking route table (a finding whose path is
 * `nat-gateway`), grouped by region; regions sorted, ids sorted and distinct. Regions without such a
 * gateway are absent.
 */
export function leakingNatGateways(report: Report): Map<string, string[]> {
  const byRegion = new Map<string, Set<string>>();
  for (const finding of report.findings) {
    for (const id of natGatewaysOf(finding)) {
      let ids = byRegion.get(finding.region);
      if (!ids) byRegion.set(finding.region, (ids = new Set()));
      ids.add(id);
    }
  }
  return new Map(
    [...byRegion]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([region, ids]) => [region, [...ids].sort()]),
  );
}
