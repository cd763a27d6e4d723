import { parse as parseYaml } from 'yaml';
import { UserInputError } from '../../../src/errors';
import { formatRemediation } from '../../../src/format/plan-format';
import {
  MAX_PARAMETERS,
  cloudFormationSnippet,
  formatPlanCloudFormation,
} from '../../../src/format/plan-cloudformation';
import { formatPlanTerraform, terraformBlocks } from '../../../src/format/plan-terraform';
import type { PlanOptions } from '../../../src/remediation/plan';
import type { RemediationPlan } from '../../../src/remediation/plan-types';
import type { Snapshot, Tag } from '../../../src/snapshot/schema';
import { estate, type VpcSpec, numberedVpc } from '../../helpers';
import { planOf as planWith } from '../../helpers/plan-of';
import { stackTags, vpcWithStackTable } from '../../helpers/stack-tags';

const REGION = 'us-east-1';
const NAT = 'nat-0123456789abcdef0';

const vpc = (n: number, extra: Partial<VpcSpec> = {}): VpcSpec => numberedVpc(n, [NAT, NAT], extra);

const planOf = (snapshot: Snapshot, options: PlanOptions = { services: ['s3'] }) =>
  planWith(snapshot, options);

/** The S3 endpoint of VPC 1 in {@link planForIdleEndpoint}. */
const IDLE_ENDPOINT = 'vpce-0b000000000000001';

/**
 * The S3 plan of VPC 1 (two tables through a NAT gateway) whose S3 endpoint, {@link IDLE_ENDPOINT},
 * is on none of its tables, tagged with `tags`: the plan puts both tables on it.
 */
function planForIdleEndpoint(tags?: Tag[]): RemediationPlan {
  const endpoint = { id: IDLE_ENDPOINT, service: 's3' as const, tables: [], tags };
  return planOf(
    estate(REGION)
      .vpcs([vpc(1, { endpoints: [endpoint] })])
      .build(),
  );
}

/** CloudFormation's short `!Ref` read back as `{ Ref }`. */
function readTemplate(text: string): Record<string, Record<string, unknown>> {
  return parseYaml(text, {
    customTags: [{ tag: '!Ref', resolve: (value: string) => ({ Ref: value }) }],
  }) as Record<string, Record<string, unknown>>;
}

describe('remediate --format terraform', () => {
  it('writes a new endpoint as aws_vpc_endpoint with its tables, policy and tags, under the region provider', () => {
    // Prepare
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::home/${aws:username}/*',
        },
      ],
    });
    const plan = planOf(
      estate(REGION)
        .vpcs([vpc(1)])
        .build(),
      {
        services: ['s3'],
        policyDocuments: { s3: policy },
      },
    );

    // Act
    const text = formatRemediation(plan, 'terraform');

    // Assess
    expect(text).toContain('required_version = ">= 1.5.0"');
    expect(text).toContain('source  = "hashicorp/aws"');
    expect(text).toContain(
      'provider "aws" {\n  alias               = "us_east_1"\n  region              = "us-east-1"\n  allowed_account_ids = ["111122223333"]\n}',
    );
    expect(text).toContain('resource "aws_vpc_endpoint" "s3_vpc_0a000000000000001" {');
    expect(text).toContain(
      '  provider          = aws.us_east_1\n  vpc_id            = "vpc-0a000000000000001"',
    );
    expect(text).toContain('  service_name      = "com.amazonaws.us-east-1.s3"');
    expect(text).toContain('  vpc_endpoint_type = "Gateway"');
    expect(text).toContain('  ip_address_type   = "ipv4"');
    expect(text).toContain('  route_table_ids   = ["rtb-011", "rtb-012"]');
    // The policy variable stays a policy variable, not a Terraform template.
    expect(text).toContain('"Resource": "arn:aws:s3:::home/$${aws:username}/*"');
    expect(text).toContain(
      '    "vpce-auditor:finding" = "111122223333/us-east-1/rtb-011/s3 111122223333/us-east-1/rtb-012/s3"',
    );
    expect(text).not.toContain('aws_route"');
  });

  it('links tables to an existing endpoint with one association each, stating the rule that keeps them from fighting route_table_ids', () => {
    // Prepare
    const plan = planForIdleEndpoint();

    // Act
    const text = formatPlanTerraform(plan);

    // Assess
    expect(text).toContain(
      'resource "aws_vpc_endpoint_route_table_association" "s3_rtb_011" {\n  provider        = aws.us_east_1\n  vpc_endpoint_id = "vpce-0b000000000000001"\n  route_table_id  = "rtb-011"\n}',
    );
    expect(text).toContain('resource "aws_vpc_endpoint_route_table_association" "s3_rtb_012"');
    expect(text).toContain('never both (they overwrite each other)');
    expect(text).toContain('sets route_table_ids, add these tables there instead');
    expect(text).not.toContain('import {');
    expect(text).not.toContain('resource "aws_vpc_endpoint" ');
  });

  it('adopts an endpoint vpce-auditor created through the API with an import block, keeping the tables it has and its policy', () => {
    // Prepare
    const policy = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';
    const plan = planOf(
      estate(REGION)
        .vpcs([
          vpc(1, {
            tables: [
              { id: 'rtb-011', subnets: ['subnet-011'] },
              { id: 'rtb-012', subnets: ['subnet-012'], via: NAT },
            ],
            endpoints: [
              {
                id: 'vpce-0b000000000000001',
                service: 's3',
                tables: ['rtb-011'],
                tags: [
                  { Key: 'ManagedBy', Value: 'vpce-auditor' },
                  { Key: 'aws:created', Value: 'x' },
                ],
                policy,
              },
            ],
          }),
        ])
        .build(),
    );

    // Act
    const text = formatPlanTerraform(plan);

    // Assess
    expect(plan.actions[0]).toMatchObject({
      kind: 'attach',
      adopt: { routeTableIds: ['rtb-011'] },
    });
    expect(text).toContain(
      'import {\n  provider = aws.us_east_1\n  to       = aws_vpc_endpoint.s3_vpc_0a000000000000001\n  id       = "vpce-0b000000000000001"\n}',
    );
    expect(text).toContain('  route_table_ids   = ["rtb-011", "rtb-012"]');
    expect(text).toContain('"Action": "*"');
    expect(text).toContain('    ManagedBy = "vpce-auditor"');
    expect(text).not.toContain('aws:created');
    expect(text).not.toContain('aws_vpc_endpoint_route_table_association');
  });

  it('names an attach to an endpoint of a CloudFormation stack in a comment instead of writing it', () => {
    // Prepare
    const plan = planForIdleEndpoint(stackTags('network', 'S3Endpoint'));

    // Act
    const text = formatPlanTerraform(plan);

    // Assess
    expect(text).toContain('# 0 change(s) written as code, 1 named in a comment instead');
    expect(text).toContain(
      '# Not written: us-east-1/vpc-0a000000000000001/s3: put rtb-011, rtb-012 on vpce-0b000000000000001: add them to RouteTableIds of S3Endpoint in CloudFormation stack "network"',
    );
    expect(text).not.toContain('resource "');
  });

  it('still writes a change owned by a declared tag, saying who owns it', () => {
    // Prepare
    const plan = planOf(
      estate(REGION)
        .vpcs([vpc(1, { tags: [{ Key: 'ManagedBy', Value: 'terraform' }] })])
        .build(),
      { services: ['s3'], iacTags: [{ key: 'ManagedBy', value: 'terraform' }] },
    );

    // Act
    const text = formatPlanTerraform(plan);

    // Assess
    expect(plan.actions[0]?.iacManaged).toBeDefined();
    expect(text).toContain(
      '  # iac-managed (--apply leaves it to its owner): VPC vpc-0a000000000000001 belongs to the tool tagged ManagedBy=terraform',
    );
    expect(text).toContain('resource "aws_vpc_endpoint" "s3_vpc_0a000000000000001"');
  });

  it('keeps text from AWS inside its comment line', () => {
    // Prepare
    const plan = planForIdleEndpoint(stackTags('net\nresource "evil" "x" {}', 'S3\rEndpoint'));

    // Act
    const terraform = formatPlanTerraform(plan);
    const cloudFormation = formatPlanCloudFormation(plan);

    // Assess
    for (const text of [terraform, cloudFormation]) {
      const lines = text.split('\n');
      expect(lines.some((line) => line.startsWith('resource "evil"'))).toBe(false);
      expect(lines.filter((line) => line.includes('evil')).every((l) => l.startsWith('#'))).toBe(
        true,
      );
    }
  });

  it('writes a snippet without provider or header for the report', () => {
    // Prepare
    const [action] = planOf(
      estate(REGION)
        .vpcs([vpc(1)])
        .build(),
    ).actions;

    // Act
    const lines = terraformBlocks(action as NonNullable<typeof action>);

    // Assess
    expect(lines.join('\n')).toContain('resource "aws_vpc_endpoint" "s3_vpc_0a000000000000001"');
    expect(lines.join('\n')).not.toContain('provider');
  });
});

describe('remediate --format cloudformation', () => {
  it('writes each new endpoint as AWS::EC2::VPCEndpoint with its ids as parameters defaulting to the plan', () => {
    // Prepare
    const policy =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"dynamodb:*","Resource":"*"}]}';
    const plan = planOf(
      estate(REGION)
        .vpcs([vpc(1), vpc(2)])
        .build(),
      {
        policyDocuments: { dynamodb: policy },
      },
    );

    // Act
    const template = readTemplate(formatRemediation(plan, 'cloudformation'));

    // Assess
    expect(Object.keys(template.Resources ?? {})).toEqual([
      'DynamoDbEndpointVpc0a000000000000001',
      'S3EndpointVpc0a000000000000001',
      'DynamoDbEndpointVpc0a000000000000002',
      'S3EndpointVpc0a000000000000002',
    ]);
    expect(template.Resources?.DynamoDbEndpointVpc0a000000000000001).toEqual({
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: {
        VpcEndpointType: 'Gateway',
        VpcId: { Ref: 'Vpc0a000000000000001Id' },
        ServiceName: 'com.amazonaws.us-east-1.dynamodb',
        IpAddressType: 'ipv4',
        RouteTableIds: [{ Ref: 'Rtb011Id' }, { Ref: 'Rtb012Id' }],
        PolicyDocument: JSON.parse(policy) as unknown,
        Tags: [
          {
            Key: 'vpce-auditor:finding',
            Value:
              '111122223333/us-east-1/rtb-011/dynamodb 111122223333/us-east-1/rtb-012/dynamodb',
          },
        ],
      },
    });
    expect(template.Parameters?.Vpc0a000000000000001Id).toMatchObject({
      Type: 'AWS::EC2::VPC::Id',
      Default: 'vpc-0a000000000000001',
    });
    expect(template.Parameters?.Rtb021Id).toMatchObject({ Type: 'String', Default: 'rtb-021' });
    expect(Object.keys(template.Parameters ?? {})).toHaveLength(6);
    expect(template.Outputs?.S3EndpointVpc0a000000000000002).toMatchObject({
      Value: { Ref: 'S3EndpointVpc0a000000000000002' },
    });
  });

  it('names a change to a resource of a stack instead of becoming its second owner, and stays a valid template', () => {
    // Prepare
    const plan = planOf(
      estate(REGION)
        .vpcs([vpcWithStackTable(1, NAT)])
        .build(),
    );

    // Act
    const text = formatPlanCloudFormation(plan);
    const template = readTemplate(text);

    // Assess
    expect(text).toContain(
      '# Not written: us-east-1/vpc-0a000000000000001/s3: an S3 gateway endpoint in vpc-0a000000000000001 for rtb-011: make it in the stack instead of a second owner: route table rtb-011 belongs to CloudFormation stack "network" (logical id PrivateRouteTable)',
    );
    expect(template.Resources).toEqual({
      NothingToChange: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    });
    expect(template.Parameters).toBeUndefined();
  });

  it('names tables put on an existing endpoint, which no resource can add', () => {
    // Prepare
    const plan = planForIdleEndpoint();

    // Act
    const text = formatPlanCloudFormation(plan);

    // Assess
    expect(text).toContain(
      'put rtb-011, rtb-012 on vpce-0b000000000000001: no CloudFormation resource adds route tables to an endpoint a template does not declare',
    );
    expect(cloudFormationSnippet(plan.actions[0] as RemediationPlan['actions'][number])).toEqual([
      expect.stringContaining('# Not written: us-east-1/vpc-0a000000000000001/s3'),
    ]);
  });

  it('refuses a plan that changes two regions, naming them', () => {
    // Prepare
    const plan = planOf(
      estate(REGION)
        .vpcs([vpc(1)])
        .region('eu-west-1')
        .vpcs([vpc(2)])
        .build(),
    );

    // Act
    const render = () => formatPlanCloudFormation(plan);

    // Assess
    expect(render).toThrow(UserInputError);
    expect(render).toThrow(
      '--format cloudformation: the plan changes 2 regions (eu-west-1, us-east-1) and a template deploys to one: run again with --regions and one of them',
    );
  });

  it('writes the ids in place when parameters would pass the limit of 200', () => {
    // Prepare
    const vpcs = Array.from({ length: 70 }, (_, n) => ({
      id: `vpc-0a${String(n).padStart(15, '0')}`,
      tables: [
        { id: `rtb-${n}a`, subnets: [`subnet-${n}a`], via: NAT },
        { id: `rtb-${n}b`, subnets: [`subnet-${n}b`], via: NAT },
      ],
    }));
    const plan = planOf(estate(REGION).vpcs(vpcs).build(), { services: ['s3'], maxChanges: 100 });

    // Act
    const text = formatPlanCloudFormation(plan);
    const template = readTemplate(text);

    // Assess
    expect(text).toContain(`limit of ${MAX_PARAMETERS}`);
    expect(template.Parameters).toBeUndefined();
    const first = Object.values(template.Resources ?? {})[0] as {
      Properties: { VpcId: string; RouteTableIds: string[] };
    };
    expect(first.Properties.VpcId).toBe('vpc-0a000000000000000');
    expect(first.Properties.RouteTableIds).toEqual(['rtb-0a', 'rtb-0b']);
  });
});
