import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTransitGatewayAttachmentsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { withRollup } from '../../../src/analysis/rollup';
import { applyCostEstimate, estimateLeakCost } from '../../../src/cost/estimate';
import type { Finding } from '../../../src/types';
import { GIB, everyDay, fakeNatMetrics, finding, reportOf } from '../../helpers/cost-fixtures';

const NOW = new Date('2026-11-27T03:00:00Z');
const cloudwatch = mockClient(CloudWatchClient);
const ec2 = mockClient(EC2Client);
const cwClient = new CloudWatchClient({ region: 'us-east-1' });
const ec2Client = new EC2Client({ region: 'us-east-1' });

function tgwFinding(overrides: Partial<Finding> = {}): Finding {
  return finding({
    vpcId: 'vpc-a',
    path: 'transit-gateway',
    targets: ['tgw-1'],
    remediation: 'create-endpoint',
    reason: 'S3 traffic leaves through a transit gateway',
    ...overrides,
  });
}

function attachment(id: string, vpcId: string, state = 'available') {
  return {
    TransitGatewayAttachmentId: id,
    TransitGatewayId: 'tgw-1',
    ResourceType: 'vpc' as const,
    ResourceId: vpcId,
    State: state as 'available',
  };
}

async function price(findings: Finding[]) {
  const report = reportOf(findings);
  const estimate = await estimateLeakCost(report, {
    cloudwatch: () => cwClient,
    ec2: () => ec2Client,
    now: NOW,
  });
  return { estimate, priced: withRollup(applyCostEstimate(report, estimate)) };
}

beforeEach(() => {
  cloudwatch.reset();
  ec2.reset();
});

describe('the transit gateway estimate', () => {
  it("prices a VPC's attachment from BytesIn at the us-east-1 TGW price, in the same request as the NAT gateways", async () => {
    // Prepare
    ec2
      .on(DescribeTransitGatewayAttachmentsCommand)
      .resolvesOnce({
        TransitGatewayAttachments: [attachment('tgw-attach-a', 'vpc-a')],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        TransitGatewayAttachments: [attachment('tgw-attach-old', 'vpc-a', 'deleted')],
      });
    cloudwatch.on(GetMetricDataCommand).callsFake(
      fakeNatMetrics({
        'tgw-attach-a': { source: everyDay(14, 50 * GIB) },
        'nat-1': { source: everyDay(14, 10 * GIB), destination: everyDay(14, 10 * GIB) },
      }),
    );
    const tgw = tgwFinding({ routeTableId: 'rtb-tgw' });
    const nat = finding({ vpcId: 'vpc-b', routeTableId: 'rtb-nat' });

    // Act
    const { estimate, priced } = await price([tgw, nat]);

    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeTransitGatewayAttachmentsCommand, {
      Filters: [
        { Name: 'resource-type', Values: ['vpc'] },
        { Name: 'resource-id', Values: ['vpc-a'] },
        { Name: 'transit-gateway-id', Values: ['tgw-1'] },
      ],
    });
    expect(ec2).toHaveReceivedCommandTimes(DescribeTransitGatewayAttachmentsCommand, 2);
    expect(cloudwatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    const queries =
      cloudwatch.commandCalls(GetMetricDataCommand)[0]?.args[0].input.MetricDataQueries;
    expect(queries?.find((q) => q.MetricStat?.Metric?.Namespace === 'AWS/TransitGateway')).toEqual(
      expect.objectContaining({
        MetricStat: expect.objectContaining({
          Metric: {
            Namespace: 'AWS/TransitGateway',
            MetricName: 'BytesIn',
            Dimensions: [
              { Name: 'TransitGateway', Value: 'tgw-1' },
              { Name: 'TransitGatewayAttachment', Value: 'tgw-attach-a' },
            ],
          },
          Stat: 'Sum',
        }),
      }),
    );
    // 50 GiB/day × 30 × $0.02 = $30; the NAT gateway 20 GiB/day × 30 × $0.045 = $27
    expect(estimate.attachments).toEqual([
      {
        region: 'us-east-1',
        vpcId: 'vpc-a',
        transitGatewayId: 'tgw-1',
        attachmentId: 'tgw-attach-a',
        gbPerDay: 50,
        daysAveraged: 14,
        pricePerGb: 0.02,
        priceSource: 'table',
        estimatedMonthlyUsd: 30,
      },
    ]);
    expect(estimate.totalMonthlyUsd).toBe(57);
    const pricedTgw = priced.findings.find((f) => f.id === tgw.id);
    expect(pricedTgw?.estimatedMonthlyUsd).toBe(30);
    expect(pricedTgw?.costShares).toEqual([
      {
        gatewayId: 'tgw-attach-a',
        kind: 'transit-gateway-attachment',
        carriedBy: tgw.id,
        findings: 1,
        status: 'priced',
        estimatedMonthlyUsd: 30,
      },
    ]);
    expect(priced.summary.estimatedMonthlyUsd).toBe(57);
    expect(priced.vpcs?.find((v) => v.vpcId === 'vpc-a')?.estimatedMonthlyUsd).toBe(30);
    expect(priced.summary.cost?.transitGatewayAttachments).toEqual(estimate.attachments);
    expect(priced.summary.cost?.notes.join('\n')).toMatch(/tgw-attach-a\) are upper bounds/);
  });

  it('counts an attachment shared by two findings once, on the first in id order', async () => {
    // Prepare
    ec2
      .on(DescribeTransitGatewayAttachmentsCommand)
      .resolves({ TransitGatewayAttachments: [attachment('tgw-attach-a', 'vpc-a')] });
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake(fakeNatMetrics({ 'tgw-attach-a': { source: everyDay(14, 10 * GIB) } }));
    const s3 = tgwFinding({ routeTableId: 'rtb-1', service: 's3' });
    const dynamodb = tgwFinding({ routeTableId: 'rtb-2', service: 'dynamodb' });

    // Act
    const { priced } = await price([s3, dynamodb]);

    // Assess
    const [first, second] = [s3, dynamodb].sort((a, b) => (a.id < b.id ? -1 : 1));
    const carrier = priced.findings.find((f) => f.id === first?.id);
    const sharer = priced.findings.find((f) => f.id === second?.id);
    expect(carrier?.estimatedMonthlyUsd).toBe(6);
    expect(sharer?.estimatedMonthlyUsd).toBeUndefined();
    expect(sharer?.costShares?.[0]).toEqual(
      expect.objectContaining({ carriedBy: first?.id, findings: 2, status: 'priced' }),
    );
    expect(priced.summary.estimatedMonthlyUsd).toBe(6);
    expect(priced.vpcs?.[0]?.estimatedMonthlyUsd).toBe(6);
  });

  it('shows "no data" for an attachment without data points, not $0', async () => {
    // Prepare
    ec2
      .on(DescribeTransitGatewayAttachmentsCommand)
      .resolves({ TransitGatewayAttachments: [attachment('tgw-attach-a', 'vpc-a')] });
    cloudwatch.on(GetMetricDataCommand).callsFake(fakeNatMetrics({}));
    const tgw = tgwFinding();

    // Act
    const { priced } = await price([tgw]);

    // Assess
    const only = priced.findings[0];
    expect(only?.estimatedMonthlyUsd).toBeUndefined();
    expect(only?.costShares?.[0]?.status).toBe('no-data');
    expect(priced.vpcs?.[0]?.costStatus).toBe('no-data');
    expect(priced.summary.cost?.notes.join('\n')).toMatch(
      /tgw-attach-a \(us-east-1\): no data points/,
    );
  });

  it('marks the estimate unknown when the metrics cannot be read, without failing', async () => {
    // Prepare
    ec2
      .on(DescribeTransitGatewayAttachmentsCommand)
      .resolves({ TransitGatewayAttachments: [attachment('tgw-attach-a', 'vpc-a')] });
    cloudwatch
      .on(GetMetricDataCommand)
      .rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    const tgw = tgwFinding();

    // Act
    const { estimate, priced } = await price([tgw]);

    // Assess
    expect(estimate.partial).toBe(true);
    expect(priced.findings[0]?.costShares?.[0]).toEqual(
      expect.objectContaining({ gatewayId: 'tgw-attach-a', status: 'unknown' }),
    );
    expect(priced.summary.cost?.partial).toBe(true);
    expect(priced.vpcs?.[0]?.costStatus).toBe('unknown');
  });

  it('leaves TGW leaks unpriced and the estimate partial when attachments cannot be described', async () => {
    // Prepare
    ec2
      .on(DescribeTransitGatewayAttachmentsCommand)
      .rejects(Object.assign(new Error('not allowed'), { name: 'UnauthorizedOperation' }));
    const tgw = tgwFinding();

    // Act
    const { estimate, priced } = await price([tgw]);

    // Assess
    expect(cloudwatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 0);
    expect(estimate.partial).toBe(true);
    expect(priced.findings[0]?.costShares).toBeUndefined();
    expect(estimate.notes.join('\n')).toMatch(/ec2:DescribeTransitGatewayAttachments/);
  });

  it('asks EC2 nothing without TGW findings, and flags a region missing from the price table', async () => {
    // Prepare
    ec2
      .on(DescribeTransitGatewayAttachmentsCommand)
      .resolves({ TransitGatewayAttachments: [attachment('tgw-attach-e', 'vpc-a')] });
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake(fakeNatMetrics({ 'tgw-attach-e': { source: everyDay(14, GIB) } }));

    // Act
    const none = await price([finding()]);
    const callsWithoutTgw = ec2.commandCalls(DescribeTransitGatewayAttachmentsCommand).length;
    const elsewhere = await price([tgwFinding({ region: 'eu-west-1' })]);

    // Assess
    expect(callsWithoutTgw).toBe(0);
    expect(none.estimate.attachments).toEqual([]);
    expect(elsewhere.estimate.attachments?.[0]).toEqual(
      expect.objectContaining({ pricePerGb: 0.02, priceSource: 'default' }),
    );
  });
});
