/** Findings: one per leaking route table and service, with severity, remediation and a reason. */
import { pathLabel, pathWhy, severityOf } from '../path-kinds';
import type { Finding, Path, RemediationKind, ServiceName, Severity } from '../types';
import { EXEMPT_TAG } from './exemption';
import { findingIdOf } from './finding-id';
import type { TableServiceVerdict } from './table-verdict';

const SERVICE_LABEL: Record<ServiceName, string> = { s3: 'S3', dynamodb: 'DynamoDB' };

/**
 * The severity of a finding's path. Findings are only built for leaking paths; a path that does
 * not leak (a hand-made report) reads as `low`.
 */
export function findingSeverity(path: Path): Severity {
  return severityOf(path) ?? 'low';
}

/** Human label of a service. */
export function serviceLabel(service: ServiceName): string {
  return SERVICE_LABEL[service];
}

/** The inputs of one finding. */
export interface FindingInput {
  /** The account that owns the audited route table (the snapshot's account). */
  accountId: string;
  region: string;
  vpcId: string;
  routeTableId: string;
  subnetIds: string[];
  service: ServiceName;
  evaluation: TableServiceVerdict;
  exempt: boolean;
  /** The route table's `Name` tag. */
  name?: string | undefined;
  /** The VPC's `Name` tag. */
  vpcName?: string | undefined;
  /**
   * The exempt subnets that share this (non-exempt) route table: attaching the table to an endpoint
   * would change their route too, so the finding is left to a person.
   */
  sharedWithExempt?: string[];
}

/** The remediation of a finding: `none` when exempt, `manual` when exempt subnets share the table. */
function remediationOf(input: FindingInput): RemediationKind {
  if (input.exempt) return 'none';
  if (input.sharedWithExempt !== undefined) return 'manual';
  return input.evaluation.remediation ?? 'create-endpoint';
}

function reasonOf(input: FindingInput): string {
  const { verdict, existingEndpointId, existingEndpointPolicy, overridingRoutes } =
    input.evaluation;
  const remediation = remediationOf(input);
  const count = input.subnetIds.length;
  const subject = `${SERVICE_LABEL[input.service]} traffic from ${count} subnet${count === 1 ? '' : 's'}`;
  const via = `${pathLabel(verdict.path)} ${verdict.targets.join(', ')}`.trim();
  const what = `${subject} leaves through ${via} (${pathWhy(verdict.path) ?? 'leak'})`;
  if (remediation === 'none') return `${what}; exempt (tagged ${EXEMPT_TAG}): not remediated`;
  if (input.sharedWithExempt !== undefined && input.evaluation.remediation !== 'manual') {
    return `${what}; the route table also serves exempt subnet ${input.sharedWithExempt.join(', ')}: a gateway endpoint on it would change their route too, so it is left to you (give them their own route table, or lift the exemption)`;
  }
  switch (remediation) {
    case 'attach-to-existing-endpoint':
      if (existingEndpointPolicy !== undefined) {
        return `${what}; the VPC's gateway endpoint ${existingEndpointId ?? ''} has a policy that is not full access (${existingEndpointPolicy}): attaching this route table would limit its subnets to that, so remediation leaves it to you (review the policy, or remediate with --allow-restrictive-policy)`;
      }
      return `${what}; attach this route table to the VPC's gateway endpoint ${existingEndpointId ?? ''}`.trim();
    case 'manual':
      return `${what}; a more specific route overrides any gateway endpoint: ${(overridingRoutes ?? []).join(', ')}`;
    default:
      return `${what}; create ${input.service === 's3' ? 'an' : 'a'} ${SERVICE_LABEL[input.service]} gateway endpoint for this route table`;
  }
}

/** Builds the finding of a leaking table verdict. */
export function buildFinding(input: FindingInput): Finding {
  const { verdict } = input.evaluation;
  // Optional fields assigned rather than spread in: one object per finding, no temporary ones.
  const finding: Finding = {
    id: findingIdOf(input),
    accountId: input.accountId,
    severity: findingSeverity(verdict.path),
    region: input.region,
    vpcId: input.vpcId,
    routeTableId: input.routeTableId,
    subnetIds: input.subnetIds,
    service: input.service,
    path: verdict.path,
    targets: verdict.targets,
    remediation: remediationOf(input),
    reason: reasonOf(input),
    exempt: input.exempt,
  };
  if (input.sharedWithExempt !== undefined) finding.exemptSubnetIds = input.sharedWithExempt;
  if (input.name !== undefined) finding.name = input.name;
  if (input.vpcName !== undefined) finding.vpcName = input.vpcName;
  return finding;
}
