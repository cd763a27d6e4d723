/** The `Name` tag people give their VPCs, subnets and route tables. */
import type { Tag } from '../snapshot/schema';

/** The value of the `Name` tag, when there is one and it is not blank. */
export function nameTagOf(tags: readonly Tag[] | undefined): string | undefined {
  const value = tags?.find((tag) => tag.Key === 'Name')?.Value;
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
