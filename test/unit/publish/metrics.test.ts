import {
  CloudWatchClient,
  PutMetricDataCommand,
  type MetricDatum,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import {
  batchMetricData,
  buildMetricData,
  buildRemediationMetricData,
  MAX_METRICS_PER_CALL,
} from '../../../src/publish/metrics';
import { publishMetrics } from '../../../src/publish/metrics-publisher';
import { PublishError } from '../../../src/publish/publish-error';
import { GENERATED_AT, scenarioReport } from '../../helpers/reports';
import { awsError } from '../../helpers';

const cloudwatch = mockClient(CloudWatchClient);

function value(
  data: MetricDatum[],
  name: string,
  dimensions?: Record<string, string>,
): number | undefined {
  const wanted = dimensions
    ? Object.entries(dimensions)
        .map(([Name, Value]) => `${Name}=${Value}`)
        .sort()
        .join(',')
    : '';
  const found = data.filter(
    (datum) =>
      datum.MetricName === name &&
      (datum.Dimensions ?? [])
        .map((d) => `${d.Name}=${d.Value}`)
        .sort()
        .join(',') === wanted,
  );
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.Value;
}

describe('the metric data of a report', () => {
  it('counts subnets, leaking subnets in total and by Service and Path, and failed regions', () => {
    // Prepare: scenario 02 has a public (IGW) and a private (NAT) subnet
    const report = {
      ...scenarioReport('02'),
      errors: [
        { region: 'eu-west-1', operation: 'collect', code: 'A', message: 'm' },
        { region: 'eu-west-1', operation: 'analyze', code: 'B', message: 'm' },
        { region: 'eu-west-2', operation: 'collect', code: 'C', message: 'm' },
      ],
    };

    // Act
    const data = buildMetricData(report);

    // Assess
    expect(value(data, 'SubnetsAudited')).toBe(2);
    expect(value(data, 'LeakingSubnets')).toBe(2);
    expect(value(data, 'LeakingSubnets', { Service: 's3', Path: 'nat-gateway' })).toBe(1);
    expect(value(data, 'LeakingSubnets', { Service: 'dynamodb', Path: 'internet-gateway' })).toBe(
      1,
    );
    expect(value(data, 'LeakingSubnets', { Service: 's3', Path: 'transit-gateway' })).toBe(0);
    expect(value(data, 'RegionsFailed')).toBe(2);
    expect(value(data, 'EstimatedMonthlyUsd')).toBeUndefined();
    expect(value(data, 'EndpointsCreated')).toBeUndefined();
    for (const datum of data) {
      expect(datum.Timestamp).toEqual(new Date(GENERATED_AT));
      for (const dimension of datum.Dimensions ?? []) {
        expect(['Service', 'Path', 'Family']).toContain(dimension.Name);
        expect(dimension.Value).not.toMatch(/^(subnet|vpc|rtb)-/);
      }
    }
  });

  it('counts leaking subnets per address family, three metrics, exempt subnets left out', () => {
    // Prepare: in scenario 20 a public dual-stack subnet leaks in ipv4 and ipv6 (internet gateway), a
    // private one in ipv6 (egress-only gateway) and nat64 (its IPv4 takes the endpoints); scenario
    // 18's IPv6-only subnet leaks in ipv6 and nat64, its public dual-stack one in ipv4 and ipv6
    const dualStack = scenarioReport('20');
    const ipv6Only = scenarioReport('18');
    const exempted = {
      ...ipv6Only,
      subnets: ipv6Only.subnets.map((subnet) => ({ ...subnet, exempt: true })),
    };

    // Act
    const data = buildMetricData(dualStack);
    const onlyData = buildMetricData(ipv6Only);
    const exemptData = buildMetricData(exempted);
    const given = buildMetricData(dualStack, {
      leakingFamilyCount: (family) => (family === 'ipv6' ? 7 : 0),
    });

    // Assess
    expect(value(data, 'LeakingSubnets', { Family: 'ipv4' })).toBe(1);
    expect(value(data, 'LeakingSubnets', { Family: 'ipv6' })).toBe(2);
    expect(value(data, 'LeakingSubnets', { Family: 'nat64' })).toBe(1);
    expect(value(onlyData, 'LeakingSubnets', { Family: 'ipv4' })).toBe(1);
    expect(value(onlyData, 'LeakingSubnets', { Family: 'ipv6' })).toBe(2);
    expect(value(onlyData, 'LeakingSubnets', { Family: 'nat64' })).toBe(1);
    for (const family of ['ipv4', 'ipv6', 'nat64']) {
      expect(value(exemptData, 'LeakingSubnets', { Family: family })).toBe(0);
    }
    expect(value(given, 'LeakingSubnets', { Family: 'ipv6' })).toBe(7);
    expect(value(given, 'LeakingSubnets', { Family: 'nat64' })).toBe(0);
    const familyMetrics = data.filter((d) => d.Dimensions?.some((x) => x.Name === 'Family'));
    expect(familyMetrics.map((d) => d.Dimensions)).toEqual(
      ['ipv4', 'ipv6', 'nat64'].map((Value) => [{ Name: 'Family', Value }]),
    );
  });

  it('counts a report without families (an older one) as ipv4', () => {
    // Prepare: scenario 02's verdicts with their families taken away
    const report = scenarioReport('02');
    const older = {
      ...report,
      subnets: report.subnets.map((subnet) => ({
        ...subnet,
        services: Object.fromEntries(
          Object.entries(subnet.services).map(([service, verdict]) => {
            const rest = { ...verdict };
            delete rest.families;
            return [service, rest];
          }),
        ),
      })),
    };

    // Act
    const data = buildMetricData(older);

    // Assess
    expect(value(data, 'LeakingSubnets', { Family: 'ipv4' })).toBe(2);
    expect(value(data, 'LeakingSubnets', { Family: 'ipv6' })).toBe(0);
  });

  it('emits Service dimensions for the audited services only', () => {
    // Act
    const data = buildMetricData(scenarioReport('02'), { services: ['s3'] });

    // Assess
    const services = new Set(
      data.flatMap((d) =>
        (d.Dimensions ?? []).filter((x) => x.Name === 'Service').map((x) => x.Value),
      ),
    );
    expect([...services]).toEqual(['s3']);
  });

  it('adds the cost and remediation counts only when given', () => {
    // Prepare
    const base = scenarioReport('02');
    const report = { ...base, summary: { ...base.summary, estimatedMonthlyUsd: 123.45 } };

    // Act
    const data = buildMetricData(report, { endpointsCreated: 2, routeTablesAttached: 0 });

    // Assess
    expect(value(data, 'EstimatedMonthlyUsd')).toBe(123.45);
    expect(value(data, 'EndpointsCreated')).toBe(2);
    expect(value(data, 'RouteTablesAttached')).toBe(0);
    expect(value(data, 'RemediationActionsFailed')).toBeUndefined();
  });

  it('beats the heartbeat once per completed audit, failed regions or not', () => {
    // Prepare
    const base = scenarioReport('02');
    const failing = {
      ...base,
      errors: [
        { region: 'eu-west-1', operation: 'DescribeVpcs', code: 'Throttling', message: 'x' },
      ],
    };

    // Act
    const healthy = buildMetricData(base);
    const partial = buildMetricData(failing, { remediationActionsFailed: 3 });

    // Assess
    expect(value(healthy, 'AuditsCompleted')).toBe(1);
    expect(value(partial, 'AuditsCompleted')).toBe(1);
    expect(value(partial, 'RegionsFailed')).toBe(1);
    expect(value(partial, 'RemediationActionsFailed')).toBe(3);
  });

  it('counts the failed actions of a remediation run, zero included', () => {
    // Act
    const failed = buildRemediationMetricData(
      { endpointsCreated: 1, routeTablesAttached: 2, failed: 1 },
      new Date(GENERATED_AT),
    );
    const clean = buildRemediationMetricData(
      { endpointsCreated: 0, routeTablesAttached: 0, failed: 0 },
      new Date(GENERATED_AT),
    );

    // Assess
    expect(value(failed, 'RemediationActionsFailed')).toBe(1);
    expect(value(clean, 'RemediationActionsFailed')).toBe(0);
    expect(value(clean, 'AuditsCompleted')).toBeUndefined();
  });
});

describe('metric batching', () => {
  beforeEach(() => {
    cloudwatch.reset();
  });

  it('splits 2,345 metrics into calls of at most 1000, in order', async () => {
    // Prepare
    const data: MetricDatum[] = Array.from({ length: 2345 }, (_, i) => ({
      MetricName: 'SubnetsAudited',
      Value: i,
    }));
    cloudwatch.on(PutMetricDataCommand).resolves({});

    // Act
    const outcome = await publishMetrics(cloudwatch as unknown as CloudWatchClient, 'Ns', data);

    // Assess
    expect(outcome).toEqual({ namespace: 'Ns', metrics: 2345, calls: 3 });
    expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 3);
    const sizes = cloudwatch
      .commandCalls(PutMetricDataCommand)
      .map((call) => call.args[0].input.MetricData?.length);
    expect(sizes).toEqual([1000, 1000, 345]);
    const values = cloudwatch
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => call.args[0].input.MetricData?.map((d) => d.Value) ?? []);
    expect(values).toEqual(data.map((d) => d.Value));
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricDataCommand, { Namespace: 'Ns' });
  });

  it('keeps exactly 1000 in one call and rejects a batch size below 1', () => {
    // Act
    const batches = batchMetricData(Array.from({ length: MAX_METRICS_PER_CALL }, (_, i) => i));

    // Assess
    expect(batches).toHaveLength(1);
    expect(() => batchMetricData([1], 0)).toThrow(RangeError);
  });

  it('names the batch CloudWatch rejected', async () => {
    // Prepare
    cloudwatch
      .on(PutMetricDataCommand)
      .resolvesOnce({})
      .rejectsOnce(awsError('Throttling', 'Rate exceeded'));
    const data: MetricDatum[] = Array.from({ length: 1500 }, () => ({ MetricName: 'M', Value: 1 }));

    // Act
    const published = publishMetrics(cloudwatch as unknown as CloudWatchClient, 'Ns', data);

    // Assess
    await expect(published).rejects.toThrow(PublishError);
    await expect(published).rejects.toThrow(/batch 2 of 2, namespace Ns\) failed: Throttling/);
    await expect(
      publishMetrics(cloudwatch as unknown as CloudWatchClient, 'Ns', []),
    ).resolves.toEqual({
      namespace: 'Ns',
      metrics: 0,
      calls: 0,
    });
  });
});
