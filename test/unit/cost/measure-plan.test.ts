/** The plan of `measure` (pure): what is created where, what is skipped and why, the cap. */
import {
  MEASURE_LOG_FORMAT,
  planMeasurement,
  queryCostUsd,
  type MeasureCandidate,
} from '../../../src/cost/measure-plan';
import { attributionOf, logFormatFields } from '../../../src/cost/flow-log-query';

const nat = (
  id: string,
  region: string,
  extra: Partial<MeasureCandidate> = {},
): MeasureCandidate => ({
  region,
  natGatewayId: id,
  interfaceIds: [`eni-${id.slice(4)}`],
  services: ['s3'],
  ...extra,
});

const options = {
  runId: 'r1',
  minutes: 15,
  maxGateways: 20,
  services: ['s3', 'dynamodb'] as const,
};

describe('planMeasurement', () => {
  it('plans one log group per region and one flow log per interface, sorted, with the tags and the format', () => {
    // Prepare
    const candidates = [
      nat('nat-0b', 'us-east-1', { interfaceIds: ['eni-2', 'eni-1'] }),
      nat('nat-0a', 'us-east-1'),
      nat('nat-0c', 'eu-west-1'),
    ];

    // Act
    const plan = planMeasurement(candidates, { ...options, services: ['s3', 'dynamodb'] });

    // Assess
    expect(plan.regions.map((r) => [r.region, r.logGroupName, r.interfaceIds])).toEqual([
      ['eu-west-1', '/vpce-auditor/measure/r1', ['eni-0c']],
      ['us-east-1', '/vpce-auditor/measure/r1', ['eni-0a', 'eni-1', 'eni-2']],
    ]);
    expect(plan.flowLogs).toBe(4);
    expect(plan.tags).toEqual([
      { Key: 'vpce-auditor:measure', Value: 'r1' },
      { Key: 'ManagedBy', Value: 'vpce-auditor' },
    ]);
    expect(plan.aggregationSeconds).toBe(60);
    expect(plan.retentionDays).toBe(1);
    expect(plan.overCap).toBe(false);
    expect(plan.cost.join('\n')).toMatch(/\$0\.5 per GB ingested[\s\S]*\$0\.005 per GB scanned/);
  });

  it('its format attributes bytes to subnets (pkt-srcaddr and pkt-dstaddr)', () => {
    // Act
    const attribution = attributionOf(logFormatFields(MEASURE_LOG_FORMAT));

    // Assess
    expect(attribution).toBe('subnet');
  });

  it('skips gateways an existing flow log covers, without interfaces, or without a measured service', () => {
    // Prepare
    const candidates = [
      nat('nat-0a', 'us-east-1', { coveredBy: 'its flow log fl-1 already measures it' }),
      nat('nat-0b', 'us-east-1', { interfaceIds: [] }),
      nat('nat-0c', 'us-east-1', { services: ['dynamodb'] }),
      nat('nat-0d', 'us-east-1'),
    ];

    // Act
    const plan = planMeasurement(candidates, { ...options, services: ['s3'] });

    // Assess
    expect(plan.skipped).toEqual([
      {
        region: 'us-east-1',
        natGatewayId: 'nat-0a',
        reason: 'its flow log fl-1 already measures it',
      },
      { region: 'us-east-1', natGatewayId: 'nat-0b', reason: 'its network interfaces are unknown' },
      {
        region: 'us-east-1',
        natGatewayId: 'nat-0c',
        reason: 'none of the services measured leaks through it',
      },
    ]);
    expect(plan.regions.flatMap((r) => r.targets.map((t) => t.natGatewayId))).toEqual(['nat-0d']);
  });

  it('is over its cap when more gateways would be measured than allowed', () => {
    // Prepare
    const candidates = [nat('nat-0a', 'us-east-1'), nat('nat-0b', 'us-east-1')];

    // Act
    const plan = planMeasurement(candidates, { ...options, services: ['s3'], maxGateways: 1 });

    // Assess
    expect(plan.overCap).toBe(true);
    expect(plan.overCapReason).toMatch(
      /2 NAT gateways to measure, over the cap of 1 \(--max-gateways\)/,
    );
  });
});

describe('queryCostUsd', () => {
  it('prices the bytes Logs Insights scanned at $0.005 per GB', () => {
    // Act
    const usd = queryCostUsd(10 * 2 ** 30);

    // Assess
    expect(usd).toBeCloseTo(0.05, 10);
  });
});
