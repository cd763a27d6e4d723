import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTransitGatewayAttachmentsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import fc from 'fast-check';
import { withRollup } from '../../../src/analysis/rollup';
import { applyCostEstimate, estimateLeakCost } from '../../../src/cost/estimate';
import type { CostEstimate } from '../../../src/cost/estimate';
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
        basis: 'upper-bound',
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

describe('dollars that add up with transit gateway attachments', () => {
  const cents = (usd: number | undefined): number => Math.round((usd ?? 0) * 100);

  it('makes findings, VPCs and the total agree, each NAT gateway and attachment carried once', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            viaTgw: fc.boolean(),
            tables: fc.integer({ min: 1, max: 3 }),
            gb: fc.double({ min: 0, max: 5000, noNaN: true }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (vpcs) => {
          // Prepare
          const findings = vpcs.flatMap((vpc, v) =>
            Array.from({ length: vpc.tables }, (_, t) =>
              (['s3', 'dynamodb'] as const).map((service) =>
                (vpc.viaTgw ? tgwFinding : finding)({
                  vpcId: `vpc-${v}`,
                  routeTableId: `rtb-${v}-${t}`,
                  service,
                  ...(vpc.viaTgw ? {} : { targets: [`nat-${v}`] }),
                }),
              ),
            ).flat(),
          );
          const line = (gb: number, price: number) => ({
            region: 'us-east-1',
            gbPerDay: gb,
            daysAveraged: gb > 0 ? 14 : 0,
            pricePerGb: price,
            priceSource: 'table' as const,
            estimatedMonthlyUsd: Math.round(gb * 30 * price * 100) / 100,
          });
          const nat = vpcs.flatMap((vpc, v) =>
            vpc.viaTgw ? [] : [{ ...line(vpc.gb, 0.045), natGatewayId: `nat-${v}` }],
          );
          const attachments = vpcs.flatMap((vpc, v) =>
            vpc.viaTgw
              ? [
                  {
                    ...line(vpc.gb, 0.02),
                    vpcId: `vpc-${v}`,
                    transitGatewayId: 'tgw-1',
                    attachmentId: `tgw-attach-${v}`,
                  },
                ]
              : [],
          );
          const estimate: CostEstimate = {
            days: 14,
            startTime: '2026-11-13T00:00:00.000Z',
            endTime: '2026-11-27T00:00:00.000Z',
            regions: [
              {
                region: 'us-east-1',
                status: 'known',
                natGatewayIds: nat.map((n) => n.natGatewayId),
                pricePerGb: 0.045,
                priceSource: 'table',
                attachments: attachments.map(({ vpcId, transitGatewayId, attachmentId }) => ({
                  vpcId,
                  transitGatewayId,
                  attachmentId,
                })),
                transitGatewayStatus: 'known',
              },
            ],
            gateways: nat,
            attachments,
            totalMonthlyUsd: 0,
            partial: false,
            notes: [],
          };

          // Act
          const priced = withRollup(applyCostEstimate(reportOf(findings), estimate));

          // Assess
          const total = cents(priced.summary.estimatedMonthlyUsd);
          const expected = [...nat, ...attachments]
            .filter((l) => l.daysAveraged > 0)
            .reduce((sum, l) => sum + cents(l.gbPerDay * 30 * l.pricePerGb), 0);
          expect(total).toBe(expected);
          expect(priced.findings.reduce((sum, f) => sum + cents(f.estimatedMonthlyUsd), 0)).toBe(
            total,
          );
          expect(
            (priced.vpcs ?? []).reduce((sum, v) => sum + cents(v.estimatedMonthlyUsd), 0),
          ).toBe(total);
          const carriers = new Map<string, number>();
          for (const f of priced.findings)
            for (const share of f.costShares ?? [])
              if (share.carriedBy === f.id)
                carriers.set(share.gatewayId, (carriers.get(share.gatewayId) ?? 0) + 1);
          expect([...carriers.keys()].sort()).toEqual(
            [...nat.map((n) => n.natGatewayId), ...attachments.map((a) => a.attachmentId)].sort(),
          );
          expect([...carriers.values()].every((n) => n === 1)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
