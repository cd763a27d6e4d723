/** Findings: one per leaking route table and service, with severity, remediation and a reason. */
import { pathLabel, pathWhy, severityOf } from '../path-kinds';
import type {
  Family,
  Finding,
  Path,
  RemediationKind,
  ServiceName,
  Severity,
  SubnetStack,
} from '../types';
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

/** What follows the leak in a finding's reason: why it is left alone, or how to fix it. */
function fixOf(input: FindingInput, remediation: RemediationKind): string {
  const { existingEndpointId, existingEndpointPolicy, overridingRoutes } = input.evaluation;
  if (remediation === 'none') return `exempt (tagged ${EXEMPT_TAG}): not remediated`;
  if ((input.family ?? 'ipv4') !== 'ipv4') return familyFix(input);
  if (input.sharedWithExempt !== undefined && input.evaluation.remediation !== 'manual') {
    return `the route table also serves exempt subnet ${input.sharedWithExempt.join(', ')}: a gateway endpoint on it would change their route too, so it is left to you (give them their own route table, or lift the exemption)`;
  }
  switch (remediation) {
    case 'attach-to-existing-endpoint':
      if (existingEndpointPolicy !== undefined) {
        return `the VPC's gateway endpoint ${existingEndpointId ?? ''} has a policy that is not full access (${existingEndpointPolicy}): attaching this route table would limit its subnets to that, so remediation leaves it to you (review the policy, or remediate with --allow-restrictive-policy)`;
      }
      return existingEndpointId === undefined
        ? "attach this route table to the VPC's gateway endpoint"
        : `attach this route table to the VPC's gateway endpoint ${existingEndpointId}`;
    case 'manual':
      return `a more specific route overrides any gateway endpoint: ${(overridingRoutes ?? []).join(', ')}`;
    default:
      return `create ${input.service === 's3' ? 'an' : 'a'} ${SERVICE_LABEL[input.service]} gateway endpoint for this route table`;
  }
}

const TRAFFIC: Record<Family, string> = {
  ipv4: 'traffic',
  ipv6: 'IPv6 traffic',
  nat64: 'NAT64 traffic (DNS64-synthesized 64:ff9b:: addresses)',
};

/**
 * The finding's reason: `<service> <traffic> from <n> subnets leaves through <path> <targets>
 * (<why>); <fix>`. Its pieces are joined, not concatenated: a joined text is one flat string, while
 * `+` and template literals keep a tree of the pieces until it is read, which held a large
 * estate's reasons in 2.8 times their memory (every finding keeps its reason).
 */
function reasonOf(input: FindingInput, remediation: RemediationKind): string {
  const { verdict } = input.evaluation;
  const count = input.subnetIds.length;
  // One list of a fixed length (no growth); an empty target list adds nothing, not a space.
  const targets = verdict.targets.length > 0 ? ` ${verdict.targets.join(', ')}` : '';
  const parts = [
    SERVICE_LABEL[input.service],
    ' ',
    TRAFFIC[input.family ?? 'ipv4'],
    ' from ',
    String(count),
    count === 1 ? ' subnet leaves through ' : ' subnets leaves through ',
    pathLabel(verdict.path),
    targets,
    ' (',
    pathWhy(verdict.path) ?? 'leak',
    '); ',
    fixOf(input, remediation),
  ];
  return parts.join('');
}

/** Builds the finding of a leaking table verdict. */
export function buildFinding(input: FindingInput): Finding {
  const { verdict } = input.evaluation;
  const remediation = remediationOf(input);
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
    remediation,
    reason: reasonOf(input, remediation),
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
