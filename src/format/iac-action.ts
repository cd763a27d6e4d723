/**
 * What the infrastructure-as-code formats (Terraform, CloudFormation) need of a change, and the rules
 * they share: the deterministic names, and which changes a format writes as code and which it names
 * in a comment instead (docs/remediation-as-code.md, "Fixes as code"). Pure.
 */
import type {
  AttachAction,
  CreateEndpointAction,
  IacOwner,
  RemediationPlan,
} from '../remediation/plan-types';
import { ownedResourceText } from '../remediation/plan-iac-owner';
import { oneLine } from './safe-text';

/** The fields every change has that code needs. */
type CodeActionField =
  'kind' | 'id' | 'region' | 'vpcId' | 'service' | 'routeTableIds' | 'findingIds' | 'iacManaged';

/** The fields of a create action that code needs (a plan's action, or one made from a report). */
export type CodeCreate = Pick<
  CreateEndpointAction,
  CodeActionField | 'serviceName' | 'policyDocument'
>;

/** The fields of an attach action that code needs. */
export type CodeAttach = Pick<AttachAction, CodeActionField | 'endpointId' | 'adopt'>;

/** One change, as the code formats see it. */
export type CodeAction = CodeCreate | CodeAttach;

/** The CloudFormation stacks that own a resource the change touches. */
export function stackOwners(action: CodeAction): Extract<IacOwner, { tool: 'cloudformation' }>[] {
  return (action.iacManaged?.owners ?? []).filter(
    (owner): owner is Extract<IacOwner, { tool: 'cloudformation' }> =>
      owner.tool === 'cloudformation',
  );
}

/**
 * Why a format does not write a change as code (it names it in a comment instead), or undefined when
 * it writes it:
 * - CloudFormation writes only new endpoints whose resources no stack owns: a resource of a stack is
 *   changed in that stack, and no CloudFormation resource adds a route table to an endpoint that the
 *   template does not declare;
 * - Terraform writes every change except route tables added to an endpoint a stack declares (its
 *   `RouteTableIds` is the stack's).
 */
export function notWrittenReason(
  action: CodeAction,
  format: 'terraform' | 'cloudformation',
): string | undefined {
  const stacks = stackOwners(action);
  if (format === 'cloudformation' && stacks.length > 0) {
    return `make it in the stack instead of a second owner: ${stacks.map(ownedResourceText).join('; ')}`;
  }
  if (format === 'cloudformation' && action.kind === 'attach') {
    return `no CloudFormation resource adds route tables to an endpoint a template does not declare: use --format terraform or remediate --apply, or import ${action.endpointId} into a stack (resource import) and add them to its RouteTableIds`;
  }
  const endpointStack = stacks.find((owner) => owner.resourceType === 'vpc-endpoint');
  if (format === 'terraform' && endpointStack) {
    return `add them to RouteTableIds of ${endpointStack.logicalId ?? endpointStack.resourceId} in CloudFormation stack "${endpointStack.stackName}": ${ownedResourceText(endpointStack)}`;
  }
  return undefined;
}

const SERVICE_WORD = { s3: 'S3', dynamodb: 'DynamoDb' } as const;

/** How a service's endpoint is named in words: `an S3`, `a DynamoDB`. */
export const SERVICE_ARTICLE = { s3: 'an S3', dynamodb: 'a DynamoDB' } as const;

/** What a change does, in one line of a comment. */
export function changeText(action: CodeAction): string {
  const tables = action.routeTableIds.join(', ');
  return action.kind === 'create-endpoint'
    ? `${action.id}: ${SERVICE_ARTICLE[action.service]} gateway endpoint in ${action.vpcId} for ${tables}`
    : `${action.id}: put ${tables} on ${action.endpointId}`;
}

/** Text from AWS made safe for one comment line (no line break can end the comment). */
export function commentText(text: string): string {
  return oneLine(text);
}

/** `vpc-0abc` → `vpc_0abc`: an id as part of a Terraform name. */
function snake(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_');
}

/** `vpc-0abc` → `Vpc0abc`: an id as part of a CloudFormation logical id (alphanumeric). */
function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');
}

/** The Terraform name of a change's endpoint: `s3_vpc_0abc`. */
export function terraformEndpointName(action: Pick<CodeAction, 'service' | 'vpcId'>): string {
  return `${action.service}_${snake(action.vpcId)}`;
}

/** The Terraform name of one route table's link to an endpoint: `s3_rtb_0abc`. */
export function terraformLinkName(service: string, routeTableId: string): string {
  return `${service}_${snake(routeTableId)}`;
}

/** The Terraform alias of a region's provider: `us_east_1`. */
export function terraformProviderAlias(region: string): string {
  return snake(region);
}

/** The CloudFormation logical id of a change's endpoint: `S3EndpointVpc0abc`. */
export function cloudFormationEndpointId(action: Pick<CodeAction, 'service' | 'vpcId'>): string {
  return `${SERVICE_WORD[action.service]}Endpoint${pascal(action.vpcId)}`;
}

/** The CloudFormation parameter of a VPC's id: `Vpc0abcId`. */
export function cloudFormationVpcParameter(vpcId: string): string {
  return `${pascal(vpcId)}Id`;
}

/** The CloudFormation parameter of a route table's id: `Rtb0abcId`. */
export function cloudFormationTableParameter(routeTableId: string): string {
  return `${pascal(routeTableId)}Id`;
}

/** The policy as readable JSON (two-space indents) when it parses, else as it is. */
export function prettyPolicy(policy: string): string {
  try {
    return JSON.stringify(JSON.parse(policy), null, 2);
  } catch {
    return policy;
  }
}

/** The lines that say what a plan leaves out of its code: findings left alone, regions not planned. */
export function leftOutLines(plan: RemediationPlan): string[] {
  const lines: string[] = [];
  if (plan.skipped.length > 0) {
    const kinds = new Map<string, number>();
    for (const skipped of plan.skipped) kinds.set(skipped.kind, (kinds.get(skipped.kind) ?? 0) + 1);
    lines.push(
      `${plan.skipped.length} finding(s) left alone (${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}): remediate --format table says why`,
    );
  }
  for (const region of plan.notPlanned) {
    lines.push(`not planned: ${region.region}: ${commentText(region.reason)}`);
  }
  if (plan.overCap) lines.push(`over the cap: ${commentText(plan.overCapReason ?? '')}`);
  return lines;
}
