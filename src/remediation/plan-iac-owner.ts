/**
 * Who owns a resource a change touches: CloudFormation (its `aws:cloudformation:*` tags) or a tool
 * the user names by a tag (`--iac-tag ManagedBy=terraform`). Pure. A change to an owned resource made
 * through the API is drift: the owner's next deploy may undo it or fight it, so the plan marks it
 * iac-managed and says where to make it instead.
 *
 * A missing tag does not prove a resource is unmanaged (not every resource type carries the stack
 * tags, and Terraform sets none by itself): declare your tools' tags.
 */
import type { Tag } from '../snapshot/schema';
import type { IacManaged, IacOwner, IacResourceType, IacTag, PlanWording } from './plan-types';

/** The tag CloudFormation puts on the resources of a stack: the stack's name. */
export const STACK_NAME_TAG = 'aws:cloudformation:stack-name';
/** The tag CloudFormation puts on the resources of a stack: the resource's logical id. */
export const LOGICAL_ID_TAG = 'aws:cloudformation:logical-id';
/** The tag CloudFormation puts on the resources of a stack: the stack's ARN. */
export const STACK_ID_TAG = 'aws:cloudformation:stack-id';

/** The value `*` of a declared tag: any value of its key. */
export const ANY_TAG_VALUE = '*';

/** `KEY=VALUE` of a declared tag. */
export function iacTagText(tag: IacTag): string {
  return `${tag.key}=${tag.value}`;
}

function tagValue(tags: readonly Tag[] | undefined, key: string): string | undefined {
  const value = tags?.find((tag) => tag.Key === key)?.Value;
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The owners of one resource: its stack (when it carries the stack-name tag), then each declared
 * tag it carries, in the order they were declared.
 */
export function ownersOf(
  resourceType: IacResourceType,
  resourceId: string,
  tags: readonly Tag[] | undefined,
  iacTags: readonly IacTag[] = [],
): IacOwner[] {
  const owners: IacOwner[] = [];
  const stackName = tagValue(tags, STACK_NAME_TAG);
  if (stackName !== undefined) {
    const logicalId = tagValue(tags, LOGICAL_ID_TAG);
    const stackId = tagValue(tags, STACK_ID_TAG);
    owners.push({
      tool: 'cloudformation',
      resourceType,
      resourceId,
      stackName,
      ...(logicalId !== undefined ? { logicalId } : {}),
      ...(stackId !== undefined ? { stackId } : {}),
    });
  }
  for (const declared of iacTags) {
    const carried = tags?.find(
      (tag) =>
        tag.Key === declared.key &&
        (declared.value === ANY_TAG_VALUE || (tag.Value ?? '') === declared.value),
    );
    if (carried) {
      owners.push({
        tool: 'tag',
        resourceType,
        resourceId,
        tag: { key: carried.Key, value: carried.Value ?? '' },
      });
    }
  }
  return owners;
}

const RESOURCE_WORDS: Record<IacResourceType, string> = {
  vpc: 'VPC',
  'route-table': 'route table',
  'vpc-endpoint': 'endpoint',
};

/** Where an owner says the change belongs, in words: `CloudFormation stack "net" (logical id Rt)`. */
export function ownerText(owner: IacOwner): string {
  if (owner.tool === 'cloudformation') {
    return `CloudFormation stack "${owner.stackName}"${owner.logicalId !== undefined ? ` (logical id ${owner.logicalId})` : ''}`;
  }
  return `the tool tagged ${owner.tag.key}=${owner.tag.value}`;
}

/** One owned resource in words: `route table rtb-1 belongs to CloudFormation stack "net" (…)`. */
export function ownedResourceText(owner: IacOwner): string {
  return `${RESOURCE_WORDS[owner.resourceType]} ${owner.resourceId} belongs to ${ownerText(owner)}`;
}

/** Where the owners say a change belongs, each once: `CloudFormation stack "net" and …`. */
export function ownerPlaces(owners: readonly IacOwner[]): string {
  return [...new Set(owners.map(ownerText))].join(' and ');
}

/**
 * The iac-managed mark of a change whose resources have these owners, or undefined when none is
 * owned.
 */
export function iacManagedOf(
  owners: readonly IacOwner[],
  wording: PlanWording,
): IacManaged | undefined {
  if (owners.length === 0) return undefined;
  return {
    owners: [...owners],
    reason: `iac-managed: ${owners.map(ownedResourceText).join('; ')}: make this change in ${ownerPlaces(owners)} (remediate --format terraform or --format cloudformation writes it as code); ${wording.allowDrift}`,
  };
}
