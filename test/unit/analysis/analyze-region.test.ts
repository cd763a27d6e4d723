/** The per-region entry points the scale-out plan relies on: analyzeRegion, buildReport. */
import { AnalysisError } from '../../../src/analysis/analysis-error';
import { analyzeRegion, buildReport } from '../../../src/analysis/analyze';
import { parseSnapshot } from '../../../src/snapshot/load';
import { SERVICES } from '../../../src/types';
import { estate, oneSubnetEstate } from '../../helpers/estate-builder';

const ACCOUNT = '111122223333';

function regionOf(builder: ReturnType<typeof estate>, region = 'us-east-1') {
  const found = builder.build().regions[region];
  if (!found) throw new Error(`no ${region}`);
  return found;
}

describe('analyzeRegion', () => {
  it('evaluates each route table once and shares its verdicts among its subnets', () => {
    // Prepare
    const region = regionOf(
      estate()
        .vpc('vpc-1')
        .subnet('subnet-a', 'vpc-1')
        .subnet('subnet-b', 'vpc-1')
        .table('rtb-main', 'vpc-1', { main: true })
        .route('0.0.0.0/0', { NatGatewayId: 'nat-1' }),
    );

    // Act
    const analysis = analyzeRegion('us-east-1', region, SERVICES, ACCOUNT);

    // Assess
    const [a, b] = analysis.subnets;
    expect(a?.services).toBe(b?.services);
    expect(analysis.findings.map((f) => f.subnetIds)).toEqual([
      ['subnet-a', 'subnet-b'],
      ['subnet-a', 'subnet-b'],
    ]);
  });

  it('throws an AnalysisError with code MissingPrefixList when a service list is absent', () => {
    // Prepare
    const region = regionOf(estate().vpc('vpc-1').withoutPrefixList('s3'));

    // Act
    const act = () => analyzeRegion('us-east-1', region, SERVICES, ACCOUNT);

    // Assess
    expect(act).toThrow(AnalysisError);
    expect(act).toThrow(/com\.amazonaws\.us-east-1\.s3/);
  });

  it('throws EmptyPrefixList when the service list has no CIDR', () => {
    // Prepare
    const region = regionOf(estate().vpc('vpc-1').serviceRanges('dynamodb', []));

    // Act
    let error: unknown;
    try {
      analyzeRegion('us-east-1', region, SERVICES, ACCOUNT);
    } catch (thrown) {
      error = thrown;
    }

    // Assess
    expect(error).toBeInstanceOf(AnalysisError);
    expect((error as AnalysisError).code).toBe('EmptyPrefixList');
  });

  it('finds the lists of the China regions by their cn. prefix', () => {
    // Prepare: the builder names a cn- region's lists cn.com.amazonaws.cn-north-1.…
    const input = oneSubnetEstate('cn-north-1')
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .input();
    expect(input.regions['cn-north-1']?.PrefixLists?.map((list) => list.PrefixListName)).toEqual([
      'cn.com.amazonaws.cn-north-1.s3',
      'cn.com.amazonaws.cn-north-1.dynamodb',
    ]);
    const region = parseSnapshot(input).regions['cn-north-1'];
    if (!region) throw new Error('no cn-north-1');

    // Act
    const analysis = analyzeRegion('cn-north-1', region, SERVICES, ACCOUNT);

    // Assess
    expect(analysis.subnets[0]?.services.s3?.path).toBe('nat-gateway');
  });
});

describe('buildReport', () => {
  it('concatenates region analyses in region order and sums them up', () => {
    // Prepare
    const builder = estate('us-east-1')
      .vpc('vpc-us')
      .subnet('subnet-us', 'vpc-us')
      .table('rtb-us', 'vpc-us', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-us' })
      .region('eu-west-1')
      .vpc('vpc-eu')
      .subnet('subnet-eu', 'vpc-eu')
      .table('rtb-eu', 'vpc-eu', { main: true });
    const us = analyzeRegion('us-east-1', regionOf(builder, 'us-east-1'), SERVICES, ACCOUNT);
    const eu = analyzeRegion('eu-west-1', regionOf(builder, 'eu-west-1'), SERVICES, ACCOUNT);

    // Act
    const report = buildReport({
      accountId: '111122223333',
      generatedAt: '2026-11-27T03:00:00Z',
      regions: ['us-east-1', 'eu-west-1', 'ap-south-1'],
      analyses: [us, eu],
      errors: [{ region: 'ap-south-1', operation: 'collect', code: 'AuthFailure', message: 'no' }],
    });

    // Assess
    expect(report.regions).toEqual(['ap-south-1', 'eu-west-1', 'us-east-1']);
    expect(report.subnets.map((s) => s.subnetId)).toEqual(['subnet-eu', 'subnet-us']);
    expect(report.summary).toEqual({
      subnets: 2,
      leakingSubnets: 1,
      byPath: { 'no-route': 2, 'nat-gateway': 2 },
      byFamily: { ipv4: { 'no-route': 2, 'nat-gateway': 2 } },
      leakingSubnetsByWorstPath: { 'nat-gateway': 1 },
      regionsAudited: 2,
      regionsFailed: 1,
    });
    expect(report.errors).toHaveLength(1);
  });
});
