/**
 * The fixes a report shows as code (the HTML and markdown reports' Terraform and CloudFormation
 * snippets): the report's fixable findings grouped as the planner groups them, one change per
 * account, region, VPC and service. A report does not carry tags, so its snippets know no owner and
 * adopt no endpoint: `remediate --format terraform|cloudformation` writes the plan with both. Pure.
 */
import { endpointServiceName } from '../net/aws-names';
import type { Finding, Report } from '../types';
import type { CodeAction } from './iac-action';
import { cloudFormationSnippet } from './plan-cloudformation';
import { terraformBlocks } from './plan-terraform';

/** One fix of a report, as code. */
export interface ReportFix {
  /** `<account>/<region>/<vpc>/<service>`: an anchor for the findings it fixes. */
  key: string;
  accountId: string;
  action: CodeAction;
  /** The Terraform of the change (resource blocks, no provider). */
  terraform: string;
  /** The CloudFormation of the change (a resource, or a comment saying where to make it). */
  cloudFormation: string;
}

/** True when a finding is fixed by a gateway endpoint route (the planner's own test, tags aside). */
function fixable(finding: Finding): boolean {
  return (
    !finding.exempt &&
    (finding.family ?? 'ipv4') === 'ipv4' &&
    (finding.remediation === 'create-endpoint' ||
      (finding.remediation === 'attach-to-existing-endpoint' && finding.endpointId !== undefined))
  );
}

/** The key of the fix a finding belongs to, or undefined when no snippet fixes it. */
export function fixKeyOf(finding: Finding): string | undefined {
  return fixable(finding)
    ? `${finding.accountId}/${finding.region}/${finding.vpcId}/${finding.service}`
    : undefined;
}

/** The report's fixes, in the order of their first finding. */
export function reportFixes(report: Report): ReportFix[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const key = fixKeyOf(finding);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(finding);
    else groups.set(key, [finding]);
  }
  return [...groups].map(([key, findings]) => {
    const [first] = findings as [Finding, ...Finding[]];
    const attachTo = findings.find((f) => f.endpointId !== undefined)?.endpointId;
    const base = {
      id: `${first.region}/${first.vpcId}/${first.service}`,
      region: first.region,
      vpcId: first.vpcId,
      service: first.service,
      routeTableIds: [...new Set(findings.map((f) => f.routeTableId))].sort(),
      findingIds: findings.map((f) => f.id).sort(),
    };
    const action: CodeAction =
      attachTo !== undefined
        ? { ...base, kind: 'attach', endpointId: attachTo }
        : {
            ...base,
            kind: 'create-endpoint',
            serviceName: endpointServiceName(first.region, first.service),
          };
    return {
      key,
      accountId: first.accountId,
      action,
      terraform: `${terraformBlocks(action).join('\n')}\n`,
      cloudFormation: `${cloudFormationSnippet(action).join('\n')}\n`,
    };
  });
}
