/** The AWS partition of a region, as Security Hub and ARNs name it. */

/** The partitions Security Hub findings can name. */
export type AsffPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/**
 * `cn-north-1` → `aws-cn`, `us-gov-west-1` → `aws-us-gov`, any other region → `aws` (Security Hub
 * findings can name no other partition).
 */
export function partitionOf(region: string): AsffPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
