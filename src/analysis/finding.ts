/** Findings: one per leaking route table and service, with severity, remediation and a reason. */
import { pathLabel, pathWhy, severityOf } from '../path-kinds';
import type { Finding, Path, RemediationKind, ServiceName, Severity, SubnetStack } from '../types';
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

/** The inputs of one finding: where it is (as the finding says it; `family` defaults to `ipv4`) and its verdict. */
export interface FindingInput extends Pick<
  Finding,
  'accountId' | 'region' | 'vpcId' | 'routeTableId' | 'subnetIds' | 'service' | 'family'
> {
  /** The stacks of the finding's subnets (for the wording of an `ipv6` finding's fix). */
  stacks?: readonly SubnetStack[];
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

/**
 * What fixes an `ipv6` or `nat64` leak: no gateway endpoint route on the table does, so it is
 * left to a person with these words.
 */
function familyFix(input: FindingInput): string {
  const stacks = input.stacks ?? [];
  if (input.family === 'ipv6') {
    if (stacks.length > 0 && stacks.every((stack) => stack === 'ipv6-only')) {
      return 'add an S3 gateway endpoint of IpAddressType ipv6 on this route table (it adds the IPv6 prefix-list route)';
    }
    return "set the S3 gateway endpoint's IpAddressType to dualstack (dual-stack subnets) or add an ipv6 endpoint (IPv6-only subnets): either adds the IPv6 prefix-list route";
  }
  const dns64 = 'or turn DNS64 off on dual-stack subnets that do not need it';
  if (input.service === 's3') {
    return `give the S3 gateway endpoint DnsRecordIpType dualstack or ipv6 (with the matching IpAddressType) or use the s3.dualstack.* names, ${dns64}`;
  }
  return `no gateway endpoint can carry NAT64 traffic: use the dual-stack DynamoDB endpoint where the region has one, or send the traffic over IPv4 (a dual-stack subnet with DNS64 off, plus the gateway endpoint), ${dns64}`;
}

function reasonOf(input: FindingInput): string {
  const { verdict, existingEndpointId, existingEndpointPolicy, overridingRoutes } =
    input.evaluation;
  const remediation = remediationOf(input);
  const count = input.subnetIds.length;
  const family = input.family ?? 'ipv4';
  const traffic =
    family === 'ipv4'
      ? 'traffic'
      : family === 'ipv6'
        ? 'IPv6 traffic'
        : 'NAT64 traffic (DNS64-synthesized 64:ff9b:: addresses)';
  const subject = `${SERVICE_LABEL[input.service]} ${traffic} from ${count} subnet${count === 1 ? '' : 's'}`;
  const via = `${pathLabel(verdict.path)} ${verdict.targets.join(', ')}`.trim();
  const what = `${subject} leaves through ${via} (${pathWhy(verdict.path) ?? 'leak'})`;
  if (remediation === 'none') return `${what}; exempt (tagged ${EXEMPT_TAG}): not remediated`;
  if (family !== 'ipv4') return `${what}; ${familyFix(input)}`;
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
    family: input.family ?? 'ipv4',
    path: verdict.path,
    targets: verdict.targets,
    remediation: remediationOf(input),
    reason: reasonOf(input),
    exempt: input.exempt,
  };
  if (finding.remediation === 'attach-to-existing-endpoint') {
    const endpointId = input.evaluation.existingEndpointId;
    if (endpointId !== undefined) finding.endpointId = endpointId;
  }
  if (input.sharedWithExempt !== undefined) finding.exemptSubnetIds = input.sharedWithExempt;
  if (input.name !== undefined) finding.name = input.name;
  if (input.vpcName !== undefined) finding.vpcName = input.vpcName;
  return finding;
}
