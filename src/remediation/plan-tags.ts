/**
 * The tags vpce-auditor puts on the endpoints it makes, through the API or as code. Pure: the plan,
 * `apply` and the infrastructure-as-code formats share them.
 */

/** The tag that marks an endpoint vpce-auditor created through the API. */
export const MANAGED_BY_TAG = { Key: 'ManagedBy', Value: 'vpce-auditor' } as const;
/** The tag key listing the findings an endpoint fixes. */
export const FINDING_TAG_KEY = 'vpce-auditor:finding';
/** The longest tag value EC2 accepts. */
export const MAX_TAG_VALUE_LENGTH = 256;

/**
 * The `vpce-auditor:finding` tag value: the finding ids separated by spaces (commas are not in the
 * character set every AWS service accepts in tags), cut to 256 characters.
 */
export function findingTagValue(findingIds: readonly string[]): string {
  const text = findingIds.join(' ');
  if (text.length <= MAX_TAG_VALUE_LENGTH) return text;
  return `${text.slice(0, MAX_TAG_VALUE_LENGTH - 3)}...`;
}
