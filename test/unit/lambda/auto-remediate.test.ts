import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateVpcEndpointCommand, ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { auditLive } from '../../../src/audit-live';
import type { AwsClientFactory } from '../../../src/collect/client-factory';
import type { Config } from '../../../src/config';
import { createAuditHandler } from '../../../src/lambda/audit-handler';
import type { PublishedReport } from '../../../src/publish/types';
import { applyAndVerify } from '../../../src/remediation/remediate-live';
import type { RemediationPlan } from '../../../src/remediation/plan-types';
import type { Snapshot } from '../../../src/snapshot/schema';
import { fakeAccount, type FakeAccount } from '../../helpers/fake-account';
import {
  INSTANT,
  SCHEDULED_EVENT,
  TEST_CONFIG,
  lambdaContext,
  silentLogger,
} from '../../helpers/lambda';
import { metricValue, publishedMessage, publishingSpies, estate } from '../../helpers';

const { sns, cloudwatch, reset: resetPublishing } = publishingSpies('msg-a');
const REGION = 'us-east-1';

/** One VPC leaking through a NAT gateway (two tables), one with an S3 endpoint its table lacks. */
function seededEstate(): Snapshot {
  return estate(REGION)
    .vpcs([
      {
        id: 'vpc-0a000000000000001',
        tables: [
          { id: 'rtb-011', subnets: ['subnet-011'], via: 'nat-0123456789abcdef0' },
          { id: 'rtb-012', subnets: ['subnet-012'], via: 'nat-0123456789abcdef0' },
        ],
      },
      {
        id: 'vpc-0a000000000000002',
        tables: [{ id: 'rtb-021', subnets: ['subnet-021'], via: 'nat-0123456789abcdef1' }],
        endpoints: [{ id: 'vpce-0b000000000000001', service: 's3', tables: [] }],
      },
    ])
    .build();
}

function setup(snapshot: Snapshot, remediation: Partial<Config['remediation']> = {}) {
  const account = fakeAccount(snapshot);
  const applied: RemediationPlan[] = [];
  const handler = createAuditHandler<AwsClientFactory>({
    config: { ...TEST_CONFIG, remediation: { ...TEST_CONFIG.remediation, ...remediation } },
    clients: account.factory,
    auditLive,
    applyRemediation: (plan) => {
      applied.push(plan);
      return applyAndVerify(plan, {
        clients: account.factory,
        pacing: INSTANT,
        verify: { sleep: INSTANT.sleep },
      });
    },
    sns: new SNSClient({ region: REGION }),
    cloudwatch: new CloudWatchClient({ region: REGION }),
    regionalCloudwatch: (region) => new CloudWatchClient({ region }),
    logger: silentLogger(),
  });
  return { account, handler, applied };
}

function mutatingCalls(account: FakeAccount): number {
  return [...account.ec2.values()].reduce(
    (sum, mock) =>
      sum +
      mock.commandCalls(CreateVpcEndpointCommand).length +
      mock.commandCalls(ModifyVpcEndpointCommand).length,
    0,
  );
}

describe('the audit handler with AUTO_REMEDIATE', () => {
  beforeEach(() => {
    resetPublishing();
  });

  it('is off by default: the audit sends no mutating call and puts no remediation metric', async () => {
    // Prepare
    const { account, handler, applied } = setup(seededEstate());

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    const ec2 = account.ec2.get(REGION);
    expect(ec2).not.toHaveReceivedCommand(CreateVpcEndpointCommand);
    expect(ec2).not.toHaveReceivedCommand(ModifyVpcEndpointCommand);
    expect(applied).toEqual([]);
    expect(result.remediation).toBeUndefined();
    expect(result.summary.leakingSubnets).toBe(3);
    expect(metricValue(cloudwatch, 'EndpointsCreated')).toBeUndefined();
    expect(metricValue(cloudwatch, 'RouteTablesAttached')).toBeUndefined();
    expect(publishedMessage(sns).structure.email).not.toContain('Remediation (AUTO_REMEDIATE)');
  });

  it('leaves a route table of a CloudFormation stack to the stack, and says where to make the change', async () => {
    // Prepare
    const snapshot = seededEstate();
    const table = snapshot.regions[REGION]?.RouteTables.find((t) => t.RouteTableId === 'rtb-021');
    if (!table) throw new Error('rtb-021 missing');
    table.Tags = [
      { Key: 'aws:cloudformation:stack-name', Value: 'network' },
      { Key: 'aws:cloudformation:logical-id', Value: 'AppRouteTable' },
    ];
    const { account, handler } = setup(snapshot, { autoRemediate: true });

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(account.ec2.get(REGION)).not.toHaveReceivedCommandWith(ModifyVpcEndpointCommand, {
      DryRun: undefined,
    });
    expect(account.ec2.get(REGION)).not.toHaveReceivedCommandWith(CreateVpcEndpointCommand, {
      VpcId: 'vpc-0a000000000000002',
    });
    expect(result.remediation?.counts).toMatchObject({ endpointsCreated: 2, skipped: 2 });
    const { structure } = publishedMessage(sns);
    expect(structure.email).toContain('Left to infrastructure as code (2)');
    expect(structure.email).toContain(
      '- us-east-1 vpc-0a000000000000002 s3 (rtb-021): make it in CloudFormation stack "network" (logical id AppRouteTable)',
    );
  });

  it('when true, applies the plan of its own report and reports it in SNS and the metrics', async () => {
    // Prepare
    const snapshot = seededEstate();
    const { account, handler } = setup(snapshot, { autoRemediate: true });

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess: the changes
    expect(account.regions.get(REGION)?.created).toHaveLength(3);
    const endpoints = snapshot.regions[REGION]?.VpcEndpoints ?? [];
    expect(
      endpoints
        .map((e) => [e.VpcId, e.ServiceName, e.RouteTableIds])
        .sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual([
      ['vpc-0a000000000000001', 'com.amazonaws.us-east-1.dynamodb', ['rtb-011', 'rtb-012']],
      ['vpc-0a000000000000001', 'com.amazonaws.us-east-1.s3', ['rtb-011', 'rtb-012']],
      ['vpc-0a000000000000002', 'com.amazonaws.us-east-1.dynamodb', ['rtb-021']],
      ['vpc-0a000000000000002', 'com.amazonaws.us-east-1.s3', ['rtb-021']],
    ]);
    expect(result.remediation).toMatchObject({
      successful: true,
      overCap: false,
      verification: 'done',
      counts: { endpointsCreated: 3, routeTablesAttached: 6, verified: 4, failed: 0 },
    });
    // the metrics
    expect(metricValue(cloudwatch, 'EndpointsCreated')).toBe(3);
    expect(metricValue(cloudwatch, 'RouteTablesAttached')).toBe(6);
    expect(metricValue(cloudwatch, 'LeakingSubnets')).toBe(3);
    // one SNS message that carries the report and the remediation
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const { Subject, structure } = publishedMessage(sns);
    expect(Subject).toBe(
      'vpce-auditor 111122223333: 3/3 subnets leaked; 3 endpoints created, 6 route tables attached',
    );
    expect(structure.email).toContain(
      'Remediation (AUTO_REMEDIATE): 3 endpoints created, 6 route tables attached',
    );
    expect(structure.email).toContain(
      '- VERIFIED us-east-1 vpc-0a000000000000002 s3: attach to vpce-0b000000000000001 for rtb-021',
    );
    const report = JSON.parse(structure.default ?? '') as PublishedReport;
    expect(report.summary.leakingSubnets).toBe(3);
    expect(report.remediation?.counts).toEqual(result.remediation?.counts);
    expect(report.remediation?.results.map((r) => r.status)).toEqual([
      'verified',
      'verified',
      'verified',
      'verified',
    ]);
    expect(structure.https).toContain('*Remediation*: 3 endpoint(s) created');
  });

  it('when true but over MAX_CHANGES, changes nothing and says so', async () => {
    // Prepare
    const { account, handler } = setup(seededEstate(), { autoRemediate: true, maxChanges: 2 });

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(mutatingCalls(account)).toBe(0);
    expect(result.remediation).toMatchObject({ overCap: true, successful: false, results: [] });
    expect(metricValue(cloudwatch, 'EndpointsCreated')).toBe(0);
    expect(metricValue(cloudwatch, 'RouteTablesAttached')).toBe(0);
    expect(publishedMessage(sns).Subject).toContain('over the cap on changes, nothing changed');
  });

  it('still publishes the report when the remediation throws, then fails the invocation', async () => {
    // Prepare
    const account = fakeAccount(seededEstate());
    const handler = createAuditHandler<AwsClientFactory>({
      config: { ...TEST_CONFIG, remediation: { ...TEST_CONFIG.remediation, autoRemediate: true } },
      clients: account.factory,
      auditLive,
      applyRemediation: () => Promise.reject(new Error('lost the account')),
      sns: new SNSClient({ region: REGION }),
      cloudwatch: new CloudWatchClient({ region: REGION }),
      regionalCloudwatch: (region) => new CloudWatchClient({ region }),
      logger: silentLogger(),
    });

    // Act
    const run = handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    await expect(run).rejects.toThrow('lost the account');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(metricValue(cloudwatch, 'LeakingSubnets')).toBe(3);
    expect(metricValue(cloudwatch, 'EndpointsCreated')).toBeUndefined();
  });
});
