/** The exemption tag: resources that owners chose to leave alone. */
import type { Tag } from '../snapshot/schema';

/** The tag key that exempts a VPC, route table or subnet from findings and remediation. */
export const EXEMPT_TAG = 'vpce-auditor:exempt';

/** True when the tags carry {@link EXEMPT_TAG} with any value but `false`. */
export function isExempt(tags: readonly Tag[] | undefined): boolean {
  if (!tags) return false;
  return tags.some(
    (tag) => tag.Key === EXEMPT_TAG && (tag.Value ?? '').trim().toLowerCase() !== 'false',
  );
}
