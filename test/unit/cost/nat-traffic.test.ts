import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { metricWindow } from '../../../src/cost/metric-window';
import { MetricsReadError } from '../../../src/cost/metrics-read-error';
import { readNatGatewayTraffic } from '../../../src/cost/nat-traffic';
import { DAY, GIB, everyDay, fakeNatMetrics } from '../../helpers/cost-fixtures';

const cloudwatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
const window = metricWindow(new Date('2026-11-27T03:00:00Z'), 14);

function requests(): GetMetricDataCommandInput[] {
  return cloudwatch.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input);
}

describe('reading NAT gateway traffic from CloudWatch', () => {
  beforeEach(() => {
    cloudwatch.reset();
  });

  it('asks for daily sums of both byte metrics per gateway over the aligned window', async () => {
    // Prepare
    cloudwatch.on(GetMetricDataCommand).callsFake(
      fakeNatMetrics({
        'nat-1': { source: everyDay(14, 10 * GIB), destination: everyDay(14, 30 * GIB) },
      }),
    );

    // Act
    const traffic = await readNatGatewayTraffic(client, 'us-east-1', ['nat-1'], window);

    // Assess
    expect(cloudwatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(cloudwatch).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date('2026-11-13T00:00:00Z'),
      EndTime: new Date('2026-11-27T00:00:00Z'),
      MetricDataQueries: ['BytesInFromSource', 'BytesInFromDestination'].map((MetricName) => ({
        Id: expect.stringMatching(/^[a-z][a-zA-Z0-9_]*$/) as unknown as string,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/NATGateway',
            MetricName,
            Dimensions: [{ Name: 'NatGatewayId', Value: 'nat-1' }],
          },
          Period: 86400,
          Stat: 'Sum',
        },
        ReturnData: true,
      })),
    });
    expect(traffic).toHaveLength(1);
    expect(traffic[0]?.bytesInFromSource).toBe(140 * GIB);
    expect(traffic[0]?.bytesInFromDestination).toBe(420 * GIB);
    expect(traffic[0]?.dailyBytes).toHaveLength(14);
    expect(traffic[0]?.dailyBytes[0]).toEqual({ day: '2026-11-13', bytes: 40 * GIB });
    expect(traffic[0]?.dailyBytes[13]).toEqual({ day: '2026-11-26', bytes: 40 * GIB });
  });

  it('reads 200 gateways with one request of 400 queries with distinct, valid ids', async () => {
    // Prepare
    const ids = Array.from({ length: 200 }, (_, i) => `nat-${i.toString(16).padStart(17, '0')}`);
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake(
        fakeNatMetrics(Object.fromEntries(ids.map((id, i) => [id, { source: { 0: i } }]))),
      );

    // Act
    const traffic = await readNatGatewayTraffic(client, 'us-east-1', ids, window);

    // Assess
    const sent = requests();
    expect(sent).toHaveLength(1);
    const queryIds = (sent[0]?.MetricDataQueries ?? []).map((q) => q.Id ?? '');
    expect(queryIds).toHaveLength(400);
    expect(new Set(queryIds).size).toBe(400);
    for (const id of queryIds) expect(id).toMatch(/^[a-z][a-zA-Z0-9_]*$/);
    expect(traffic.map((t) => t.natGatewayId)).toEqual(ids);
    expect(traffic.map((t) => t.bytesInFromSource)).toEqual(ids.map((_id, i) => i));
  });

  it('splits only past 500 queries: 251 gateways take two requests of 500 and 2 queries', async () => {
    // Prepare
    const ids = Array.from({ length: 251 }, (_, i) => `nat-${i}`);
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake(fakeNatMetrics(Object.fromEntries(ids.map((id) => [id, { source: { 3: 7 } }]))));

    // Act
    const traffic = await readNatGatewayTraffic(client, 'us-east-1', ids, window);

    // Assess
    expect(requests().map((r) => r.MetricDataQueries?.length)).toEqual([500, 2]);
    expect(traffic.every((t) => t.bytesInFromSource === 7)).toBe(true);
    expect(traffic[250]?.natGatewayId).toBe('nat-250');
  });

  it('follows NextToken and joins the pages of the same query', async () => {
    // Prepare
    const start = window.startTime.getTime();
    cloudwatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          {
            Id: 'g0_src',
            Timestamps: [new Date(start), new Date(start + DAY)],
            Values: [1 * GIB, 2 * GIB],
            StatusCode: 'PartialData',
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        MetricDataResults: [
          {
            Id: 'g0_src',
            Timestamps: [new Date(start + 2 * DAY)],
            Values: [3 * GIB],
            StatusCode: 'Complete',
          },
          {
            Id: 'g0_dst',
            Timestamps: [new Date(start + 2 * DAY)],
            Values: [4 * GIB],
            StatusCode: 'Complete',
          },
        ],
      });

    // Act
    const traffic = await readNatGatewayTraffic(client, 'us-east-1', ['nat-1'], window);

    // Assess
    expect(cloudwatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 2);
    expect(requests()[0]?.NextToken).toBeUndefined();
    expect(cloudwatch).toHaveReceivedNthCommandWith(2, GetMetricDataCommand, {
      NextToken: 'page-2',
    });
    expect(requests()[1]?.MetricDataQueries).toEqual(requests()[0]?.MetricDataQueries);
    expect(traffic[0]?.dailyBytes).toEqual([
      { day: '2026-11-13', bytes: 1 * GIB },
      { day: '2026-11-14', bytes: 2 * GIB },
      { day: '2026-11-15', bytes: 7 * GIB },
    ]);
  });

  it('reads a gateway listed twice once', async () => {
    // Prepare
    cloudwatch
      .on(GetMetricDataCommand)
      .callsFake(fakeNatMetrics({ 'nat-1': { source: { 0: 5 } } }));

    // Act
    const traffic = await readNatGatewayTraffic(client, 'us-east-1', ['nat-1', 'nat-1'], window);

    // Assess
    expect(requests()[0]?.MetricDataQueries).toHaveLength(2);
    expect(traffic).toHaveLength(1);
  });

  it('makes no call for an empty list', async () => {
    // Act
    const traffic = await readNatGatewayTraffic(client, 'us-east-1', [], window);

    // Assess
    expect(traffic).toEqual([]);
    expect(cloudwatch).not.toHaveReceivedCommand(GetMetricDataCommand);
  });

  it('turns a refused request into a MetricsReadError carrying the AWS code', async () => {
    // Prepare
    const denied = Object.assign(
      new Error('User is not authorized to perform: cloudwatch:GetMetricData'),
      {
        name: 'AccessDenied',
      },
    );
    cloudwatch.on(GetMetricDataCommand).rejects(denied);

    // Act
    const read = readNatGatewayTraffic(client, 'eu-west-1', ['nat-1'], window);

    // Assess
    await expect(read).rejects.toBeInstanceOf(MetricsReadError);
    await expect(read).rejects.toMatchObject({ region: 'eu-west-1', code: 'AccessDenied' });
  });

  it('fails when a query answers Forbidden', async () => {
    // Prepare
    cloudwatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'g0_src', StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'no' }] },
      ],
    });

    // Act
    const read = readNatGatewayTraffic(client, 'us-east-1', ['nat-1'], window);

    // Assess
    await expect(read).rejects.toMatchObject({ code: 'Forbidden' });
  });
});
