/**
 * One copy of each subnet in an organization report (pure). A subnet shared through AWS RAM is
 * seen by its owner and by each participant (EC2 gives the participant the owner's `OwnerId`), so
 * every account that sees it would report it; the organization counts it under its owner only.
 * Sharing is only possible inside one organization, so the owner's own report has it whenever the
 * owner was audited.
 */
import { summarize } from '../analysis/analyze';
import { withRollup } from '../analysis/rollup';
import type { Finding, Report } from '../types';

/** True when the report shows a subnet that another account owns (a participant's copy). */
function isParticipantCopy(subnet: { ownerId?: string; accountId?: string }, report: Report) {
  return subnet.ownerId !== undefined && subnet.ownerId !== (subnet.accountId ?? report.accountId);
}

/** The finding without the participant's copies among its subnets; undefined when none is left. */
function ownedFinding(finding: Finding, copies: ReadonlySet<string>): Finding | undefined {
  const own = (ids: readonly string[]) =>
    ids.filter((id) => !copies.has(`${finding.region}/${id}`));
  const subnetIds = own(finding.subnetIds);
  const exemptSubnetIds = finding.exemptSubnetIds ? own(finding.exemptSubnetIds) : undefined;
  if (subnetIds.length === 0 && (exemptSubnetIds?.length ?? 0) === 0) return undefined;
  if (
    subnetIds.length === finding.subnetIds.length &&
    exemptSubnetIds?.length === finding.exemptSubnetIds?.length
  )
    return finding;
  const owned: Finding = { ...finding, subnetIds };
  if (exemptSubnetIds === undefined || exemptSubnetIds.length === 0) delete owned.exemptSubnetIds;
  else owned.exemptSubnetIds = exemptSubnetIds;
  return owned;
}

/**
 * An account's report as the organization counts it: without the subnets another account owns
 * (`ownerId`), nor the findings that only they made; the subnet counts and the VPC rollup are
 * counted again. A report without such subnets is returned as it is.
 */
export function ownedSubnetsOnly(report: Report): Report {
  const copies = new Set(
    report.subnets
      .filter((subnet) => isParticipantCopy(subnet, report))
      .map((subnet) => `${subnet.region}/${subnet.subnetId}`),
  );
  if (copies.size === 0) return report;
  const subnets = report.subnets.filter(
    (subnet) => !copies.has(`${subnet.region}/${subnet.subnetId}`),
  );
  const findings = report.findings.flatMap((finding) => ownedFinding(finding, copies) ?? []);
  const counts = summarize(subnets);
  return withRollup({
    ...report,
    summary: { ...report.summary, ...counts },
    subnets,
    findings,
  });
}
