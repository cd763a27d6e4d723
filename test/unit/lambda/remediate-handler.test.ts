import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateVpcEndpointCommand, ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import type { Config } from '../../../src/config';
import { InvalidEventError } from '../../../src/lambda/events';
import { createRemediateHandler } from '../../../src/lambda/remediate-handler';
import { PUBLISH_RESERVE_MS } from '../../../src/lambda/run-deadline';
import type { PublishedRemediation } from '../../../src/publish/types';
import { remediateLive } from '../../../src/remediation/remediate-live';
import type { Snapshot } from '../../../src/snapshot/schema';
import { fakeAccount, type FakeAccount } from '../../helpers/fake-account';
import { INSTANT, TEST_CONFIG, TOPIC, lambdaContext, silentLogger } from '../../helpers/lambda';
import {
  metricValues,
  publishedMessage,
  publishingSpies,
  estate,
  exemptTag,
  leakingVpcs,
} from '../../helpers';

const { sns, cloudwatch, reset: resetPublishing } = publishingSpies('msg-r');
const REGION = 'us-east-1';

/**
 * us-east-1: a VPC leaking through an internet gateway and a NAT gateway, a VPC with an S3 endpoint
 * that its NAT table is not on, a VPC leaking through a transit gateway (opt-in path) and an exempt
 * one.
 */
function seededEstate(): Snapshot {
  return estate(REGION)
    .vpcs([
      ...leakingVpcs(),
      {
        id: 'vpc-0a000000000000004',
        tables: [{ id: 'rtb-041', subnets: ['subnet-041'], via: 'tgw-0123456789abcdef0' }],
      },
      {
        id: 'vpc-0a000000000000003',
        tags: exemptTag(),
        tables: [{ id: 'rtb-031', subnets: ['subnet-031'], via: 'nat-0123456789abcdef2' }],
      },
    ])
    .build();
}

function setup(snapshot: Snapshot, remediation: Partial<Config['remediation']> = {}) {
  const account = fakeAccount(snapshot);
  const handler = createRemediateHandler({
    config: { ...TEST_CONFIG, remediation: { ...TEST_CONFIG.remediation, ...remediation } },
    clients: account.factory,
    remediateLive,
    sns: new SNSClient({ region: REGION }),
    cloudwatch: new CloudWatchClient({ region: REGION }),
    logger: silentLogger(),
    timing: { pacing: INSTANT, verify: { sleep: INSTANT.sleep } },
  });
  return { account, handler };
}

function ec2Of(account: FakeAccount) {
  const mock = account.ec2.get(REGION);
  if (!mock) throw new Error('no us-east-1 mock');
  return mock;
}

describe('the remediate handler', () => {
  beforeEach(() => {
    resetPublishing();
  });

  it('returns the plan for {} and sends no mutating EC2 call, no message and no metric', async () => {
    // Prepare
    const { account, handler } = setup(seededEstate());

    // Act
    const response = await handler({}, lambdaContext());

    // Assess
    const ec2 = ec2Of(account);
    expect(ec2).not.toHaveReceivedCommand(CreateVpcEndpointCommand);
    expect(ec2).not.toHaveReceivedCommand(ModifyVpcEndpointCommand);
    expect(response.dryRun).toBe(true);
    expect(response.result).toBeUndefined();
    expect(response.plan.actions.map((a) => [a.id, a.kind])).toEqual([
      ['us-east-1/vpc-0a000000000000001/dynamodb', 'create-endpoint'],
      ['us-east-1/vpc-0a000000000000001/s3', 'create-endpoint'],
      ['us-east-1/vpc-0a000000000000002/dynamodb', 'create-endpoint'],
      ['us-east-1/vpc-0a000000000000002/s3', 'attach'],
    ]);
    expect(
      response.plan.skipped
        .map((s) => [s.vpcId, s.kind])
        .sort((a, b) => a.join().localeCompare(b.join())),
    ).toEqual([
      ['vpc-0a000000000000003', 'exempt'],
      ['vpc-0a000000000000003', 'exempt'],
      ['vpc-0a000000000000004', 'path-not-included'],
      ['vpc-0a000000000000004', 'path-not-included'],
    ]);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect(cloudwatch).not.toHaveReceivedCommand(PutMetricDataCommand);
  });

  it('applies with dryRun: false, verifies, publishes one message and the two metrics; a second run changes nothing', async () => {
    // Prepare
    const snapshot = seededEstate();
    const { account, handler } = setup(snapshot);

    // Act
    const response = await handler({ dryRun: false }, lambdaContext());
    const again = await handler({ dryRun: false }, lambdaContext());

    // Assess: the changes, verified
    expect(response.dryRun).toBe(false);
    expect(response.successful).toBe(true);
    expect(response.note).toBe(
      'Applied and verified: 3 endpoint(s) created, 6 route table(s) attached; 4 verified, 0 applied (not verified), 0 failed, 0 skipped',
    );
    expect(response.result?.results.map((r) => [r.actionId, r.status])).toEqual([
      ['us-east-1/vpc-0a000000000000001/dynamodb', 'verified'],
      ['us-east-1/vpc-0a000000000000001/s3', 'verified'],
      ['us-east-1/vpc-0a000000000000002/dynamodb', 'verified'],
      ['us-east-1/vpc-0a000000000000002/s3', 'verified'],
    ]);
    expect(response.result?.counts).toMatchObject({ endpointsCreated: 3, routeTablesAttached: 6 });
    const paths = analyzeSnapshot(snapshot).subnets.map((s) => [s.subnetId, s.services.s3?.path]);
    expect(paths.filter(([, path]) => path === 'gateway-endpoint').map(([id]) => id)).toEqual([
      'subnet-011',
      'subnet-012',
      'subnet-013',
      'subnet-021',
    ]);
    // one SNS message: the second run had nothing to do, which NOTIFY=on-leak does not publish
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(again.notification).toEqual({ status: 'skipped', reason: 'nothing-to-report' });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      MessageStructure: 'json',
    });
    const { Subject, structure } = publishedMessage(sns);
    expect(Subject).toBe(
      'vpce-auditor 111122223333 remediation: 3 endpoints created, 6 route tables attached',
    );
    expect(Subject.length).toBeLessThan(100);
    expect(structure.email).toContain(
      '- VERIFIED us-east-1 vpc-0a000000000000002 s3: attach to vpce-0b000000000000001 for rtb-021',
    );
    expect(structure.default).not.toBe(structure.email);
    const json = JSON.parse(structure.default ?? '') as PublishedRemediation;
    expect(json).toEqual({
      schemaVersion: 1,
      kind: 'remediation',
      plan: response.plan,
      result: response.result,
    });
    expect(JSON.parse(structure.https ?? '')).toMatchObject({ version: '1.0', source: 'custom' });
    // the metrics of both runs: the second created and attached nothing
    expect(metricValues(cloudwatch, 'EndpointsCreated')).toEqual([3, 0]);
    expect(metricValues(cloudwatch, 'RouteTablesAttached')).toEqual([6, 0]);
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricDataCommand, {
      Namespace: 'VpceAuditor',
    });
    expect(metricValues(cloudwatch, 'SubnetsAudited')).toEqual([]);
    expect(again.plan.actions).toEqual([]);
    expect(again.result?.results).toEqual([]);
    expect(account.regions.get(REGION)?.created).toHaveLength(3);
  });

  it('remediates an opt-in path only when the payload (or INCLUDE_PATHS) includes it', async () => {
    // Prepare
    const snapshot = seededEstate();
    const { account, handler } = setup(snapshot);

    // Act
    const response = await handler(
      { dryRun: false, vpcIds: ['vpc-0a000000000000004'], includePaths: ['transit-gateway'] },
      lambdaContext(),
    );

    // Assess
    expect(response.result?.results.map((r) => [r.actionId, r.status])).toEqual([
      ['us-east-1/vpc-0a000000000000004/dynamodb', 'verified'],
      ['us-east-1/vpc-0a000000000000004/s3', 'verified'],
    ]);
    expect(ec2Of(account)).toHaveReceivedCommandWith(CreateVpcEndpointCommand, {
      VpcId: 'vpc-0a000000000000004',
      RouteTableIds: ['rtb-041'],
    });
    expect(ec2Of(account)).not.toHaveReceivedCommandWith(CreateVpcEndpointCommand, {
      VpcId: 'vpc-0a000000000000001',
    });
  });

  it('leaves changes to resources carrying an IAC_TAGS tag to their owner, unless the payload allows drift', async () => {
    // Prepare
    const snapshot = seededEstate();
    for (const vpc of snapshot.regions[REGION]?.Vpcs ?? []) {
      vpc.Tags = [{ Key: 'ManagedBy', Value: 'terraform' }];
    }
    const { account, handler } = setup(snapshot, {
      iacTags: [{ key: 'ManagedBy', value: 'terraform' }],
    });

    // Act
    const kept = await handler(
      { dryRun: false, vpcIds: ['vpc-0a000000000000002'], services: ['s3'] },
      lambdaContext(),
    );
    const callsKept = ec2Of(account).commandCalls(ModifyVpcEndpointCommand).length;
    const drifted = await handler(
      { dryRun: false, vpcIds: ['vpc-0a000000000000002'], services: ['s3'], allowDrift: true },
      lambdaContext(),
    );

    // Assess
    expect(callsKept).toBe(0);
    expect(kept.result?.results.map((r) => r.status)).toEqual(['skipped']);
    expect(kept.result?.results[0]?.reason).toContain(
      'VPC vpc-0a000000000000002 belongs to the tool tagged ManagedBy=terraform',
    );
    expect(kept.result?.results[0]?.reason).toContain('"allowDrift": true');
    expect(drifted.result?.results.map((r) => r.status)).toEqual(['verified']);
    const { structure } = publishedMessage(sns);
    expect(structure.email).toContain(
      '- us-east-1 vpc-0a000000000000002 s3 (rtb-021): make it in the tool tagged ManagedBy=terraform',
    );
    expect(structure.https).toContain(
      '1 change(s) are IaC-managed and were not applied: make them in the tool tagged ManagedBy=terraform.',
    );
  });

  it('names the payload field to opt a path in, not a CLI flag', async () => {
    // Prepare
    const { handler } = setup(seededEstate());

    // Act
    const response = await handler({ vpcIds: ['vpc-0a000000000000004'] }, lambdaContext());

    // Assess
    const skipped = response.plan.skipped.map((s) => s.reason);
    expect(skipped).toContain(
      'path transit-gateway may pass through central inspection: opt in with the payload field "includePaths": ["transit-gateway"] (or the INCLUDE_PATHS environment variable)',
    );
    expect(skipped.join(' ')).not.toContain('--include-paths');
  });

  it('refuses a vpcIds entry that does not exist, naming it, and changes nothing', async () => {
    // Prepare
    const { account, handler } = setup(seededEstate());

    // Act
    const run = handler(
      { dryRun: false, vpcIds: ['vpc-0a000000000000001', 'vpc-0fffffffffffffff9'] },
      lambdaContext(),
    );

    // Assess
    await expect(run).rejects.toThrow(
      'vpcIds: "vpc-0fffffffffffffff9" is in none of the audited regions (us-east-1)',
    );
    await expect(run).rejects.not.toThrow(/--vpc/);
    expect(ec2Of(account)).not.toHaveReceivedCommand(CreateVpcEndpointCommand);
    expect(ec2Of(account)).not.toHaveReceivedCommand(ModifyVpcEndpointCommand);
    expect(sns.calls()).toHaveLength(0);
  });

  it('gives created endpoints the configured policy', async () => {
    // Prepare
    const policy =
      '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}';
    const { account, handler } = setup(seededEstate(), { policyDocuments: { s3: policy } });

    // Act
    await handler(
      { dryRun: false, vpcIds: ['vpc-0a000000000000001'], services: ['s3'] },
      lambdaContext(),
    );

    // Assess
    expect(ec2Of(account)).toHaveReceivedCommandWith(CreateVpcEndpointCommand, {
      VpcId: 'vpc-0a000000000000001',
      PolicyDocument: policy,
    });
  });

  it('starts nothing in the last minute before its timeout: the regions are reported unfinished', async () => {
    // Prepare: the invocation has exactly the publishing reserve left.
    const { account, handler } = setup(seededEstate());
    const context = { ...lambdaContext(), getRemainingTimeInMillis: () => PUBLISH_RESERVE_MS };

    // Act
    const response = await handler({ dryRun: false }, context);

    // Assess
    const ec2 = ec2Of(account);
    expect(ec2).not.toHaveReceivedCommand(CreateVpcEndpointCommand);
    expect(ec2).not.toHaveReceivedCommand(ModifyVpcEndpointCommand);
    expect(response.errors.map((e) => [e.region, e.code])).toEqual([[REGION, 'DeadlineExceeded']]);
    expect(response.plan.actions).toEqual([]);
  });

  it('changes nothing over the cap, and says so in SNS and the metrics', async () => {
    // Prepare
    const { account, handler } = setup(seededEstate(), { maxChanges: 3 });

    // Act
    const response = await handler({ dryRun: false }, lambdaContext());

    // Assess
    const ec2 = ec2Of(account);
    expect(ec2).not.toHaveReceivedCommand(CreateVpcEndpointCommand);
    expect(ec2).not.toHaveReceivedCommand(ModifyVpcEndpointCommand);
    expect(response.plan.overCap).toBe(true);
    expect(response.note).toMatch(/^Nothing was changed: /);
    // In the payload's words: the environment variable and payload fields, no CLI flag
    expect(response.plan.overCapReason).toContain(
      'over the cap of 3 (the MAX_CHANGES environment variable (stack parameter maxChanges))',
    );
    expect(response.plan.overCapReason).toContain(
      'the payload fields "regions", "vpcIds" or "services"',
    );
    expect(response.note).not.toMatch(/--/);
    expect(response.result?.overCap).toBe(true);
    expect(response.successful).toBe(false);
    expect(response.result?.results.every((r) => r.status === 'skipped')).toBe(true);
    const { Subject, structure } = publishedMessage(sns);
    expect(Subject).toBe(
      'vpce-auditor 111122223333 remediation: over the cap on changes, nothing changed',
    );
    expect(structure.email).toContain('Over the cap, nothing changed: ');
    expect(metricValues(cloudwatch, 'EndpointsCreated')).toEqual([0]);
    expect(metricValues(cloudwatch, 'RouteTablesAttached')).toEqual([0]);
  });

  it.each([
    [{ dryRun: 'false' }, /dryRun: "false" is a string, expected boolean/],
    [{ dryRun: false, includePaths: ['peering'] }, /includePaths\[0\]: "peering"/],
    [{ dryRun: false, includePaths: [] }, /includePaths: .*must list at least one path/],
    [{ dryRun: false, vpcIds: ['vpc-1', 'rtb-1'] }, /vpcIds\[1\]: "rtb-1" is not a VPC id/],
    [{ dryRun: false, regions: 'everywhere' }, /regions: "everywhere"/],
    [{ dryRun: false, apply: true }, /unknown field\(s\) apply/],
    [[], /remediate payload/],
  ])('refuses %j before calling AWS', async (payload, message) => {
    // Prepare
    const { account, handler } = setup(seededEstate());

    // Act
    const run = handler(payload, lambdaContext());

    // Assess
    await expect(run).rejects.toThrow(InvalidEventError);
    await expect(run).rejects.toThrow(message);
    expect(ec2Of(account).calls()).toHaveLength(0);
    expect(sns.calls()).toHaveLength(0);
  });
});
