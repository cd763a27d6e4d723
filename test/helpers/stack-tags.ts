/**
 * Resources that belong to a CloudFormation stack, as the remediation and plan-code tests seed them.
 */
import type { Tag } from '../../src/snapshot/schema';
import { ACCOUNT } from './estate-builder';
import { numberedVpc, type VpcSpec } from './vpc-specs';

/**
 * The three tags CloudFormation puts on every resource it makes: the stack's name, the resource's
 * logical id and the stack's id (an ARN in us-east-1 that ends in `/1`).
 */
export function stackTags(stack: string, logicalId: string): Tag[] {
  return [
    { Key: 'aws:cloudformation:stack-name', Value: stack },
    { Key: 'aws:cloudformation:logical-id', Value: logicalId },
    {
      Key: 'aws:cloudformation:stack-id',
      Value: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${stack}/1`,
    },
  ];
}

/**
 * VPC number `n` (as {@link numberedVpc} names it) with one table, `rtb-0n1` (subnet `subnet-0n1`,
 * default route to `via`), which is `PrivateRouteTable` of the CloudFormation stack `network`.
 */
export function vpcWithStackTable(n: number, via: string): VpcSpec {
  return numberedVpc(n, [via, via], {
    tables: [
      {
        id: `rtb-0${n}1`,
        subnets: [`subnet-0${n}1`],
        via,
        tags: stackTags('network', 'PrivateRouteTable'),
      },
    ],
  });
}
