/**
 * The findings of the address families: an `ipv4` finding keeps its id (history goes on), the
 * `ipv6` and `nat64` ones end in their family and are left to a person with the fix that applies;
 * an existing gateway endpoint is reused (by the analysis and by the remediation plan) only when its
 * `IpAddressType` routes the IPv4 list; a `nat64` leak through a NAT gateway is priced like an IPv4
 * one, each gateway counted once.
 */
import { applyCostEstimate } from '../../../src/cost/apply-estimate';
import { planRemediation } from '../../../src/remediation/plan';
import { parseSnapshot } from '../../../src/snapshot/load';
import type { Snapshot } from '../../../src/snapshot/schema';
import type { Finding, Report } from '../../../src/types';
import { costEstimateFor } from '../../helpers/report-estate';
import { analyze, estate } from '../../helpers/estate-builder';

const PREFIX = '111122223333/us-east-1/rtb-1';

/** One table → nat-1 for IPv4 and NAT64, ::/0 → an egress-only gateway; the subnets given. */
function natTable(
  subnets: (b: ReturnType<typeof estate>) => ReturnType<typeof estate>,
): ReturnType<typeof estate> {
  return subnets(estate().vpc('vpc-1').s3Ipv6Ranges(['2600:1f18:8000::/40']))
    .table('rtb-1', 'vpc-1', { main: true })
    .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
    .ipv6Route('::/0', { EgressOnlyInternetGatewayId: 'eigw-1' })
    .ipv6Route('64:ff9b::/96', { NatGatewayId: 'nat-1' });
}

function findingById(report: Report, id: string): Finding {
  const found = report.findings.find((f) => f.id === id);
  if (!found) throw new Error(`no finding ${id}: ${report.findings.map((f) => f.id).join(', ')}`);
  return found;
}

describe('the findings of the address families', () => {
  it('keeps the ipv4 id and suffixes the others with their family', () => {
    // Prepare: a dual-stack subnet with DNS64 on
    const snapshot = natTable((b) =>
      b.subnet('subnet-1', 'vpc-1', undefined, { stack: 'dual-stack', dns64: true }),
    ).build();

    // Act
    const report = analyze(snapshot);

    // Assess
    const byId = [...report.findings].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId.map((f) => [f.id, f.family])).toEqual([
      [`${PREFIX}/dynamodb`, 'ipv4'],
      [`${PREFIX}/dynamodb/nat64`, 'nat64'],
      [`${PREFIX}/s3`, 'ipv4'],
      [`${PREFIX}/s3/ipv6`, 'ipv6'],
      [`${PREFIX}/s3/nat64`, 'nat64'],
    ]);
    expect(findingById(report, `${PREFIX}/s3`).remediation).toBe('create-endpoint');
    for (const suffixed of ['s3/ipv6', 's3/nat64', 'dynamodb/nat64']) {
      expect(findingById(report, `${PREFIX}/${suffixed}`).remediation).toBe('manual');
    }
  });

  it('gives each family the fix the rules name, by service and stack', () => {
    // Prepare: a dual-stack and an IPv6-only subnet, each on its own table, DNS64 on
    const build = (stack: 'dual-stack' | 'ipv6-only') =>
      analyze(
        natTable((b) => b.subnet('subnet-1', 'vpc-1', undefined, { stack, dns64: true })).build(),
      );

    // Act
    const dual = build('dual-stack');
    const only = build('ipv6-only');

    // Assess
    const reason = (report: Report, suffix: string) =>
      findingById(report, `${PREFIX}/${suffix}`).reason;
    expect(reason(dual, 's3/ipv6')).toMatch(
      /^S3 IPv6 traffic from 1 subnet leaves through .*eigw-1.*; set the S3 gateway endpoint's IpAddressType to dualstack/,
    );
    expect(reason(only, 's3/ipv6')).toContain(
      'add an S3 gateway endpoint of IpAddressType ipv6 on this route table',
    );
    expect(reason(dual, 's3/nat64')).toMatch(
      /^S3 NAT64 traffic \(DNS64-synthesized 64:ff9b:: addresses\) from 1 subnet leaves through .*nat-1.*DnsRecordIpType dualstack or ipv6 .*s3\.dualstack\.\* names, or turn DNS64 off/,
    );
    expect(reason(dual, 'dynamodb/nat64')).toContain(
      'no gateway endpoint can carry NAT64 traffic: use the dual-stack DynamoDB endpoint where the region has one, or send the traffic over IPv4',
    );
    expect(reason(only, 'dynamodb/nat64')).toContain('or turn DNS64 off');
    expect(reason(dual, 's3')).toMatch(/create an S3 gateway endpoint for this route table$/);
  });
});

describe('reusing an existing gateway endpoint', () => {
  /** The table of a subnet of `stack`, leaking S3 through nat-1; the VPC's S3 endpoint off it. */
  function withEndpoint(
    ipAddressType: 'ipv4' | 'dualstack' | 'ipv6' | undefined,
    stacks: ('ipv4' | 'dual-stack')[],
  ): Snapshot {
    const builder = estate().vpc('vpc-1');
    stacks.forEach((stack, i) => builder.subnet(`subnet-${i + 1}`, 'vpc-1', undefined, { stack }));
    builder
      .table('rtb-1', 'vpc-1', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .table('rtb-other', 'vpc-1')
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-other']);
    const input = builder.input();
    const region = input.regions['us-east-1'];
    const endpoint = region?.VpcEndpoints?.[0];
    if (!endpoint || !region?.Vpcs?.[0]) throw new Error('builder changed');
    if (ipAddressType !== undefined) endpoint.IpAddressType = ipAddressType;
    region.Vpcs[0].OwnerId = '111122223333';
    return parseSnapshot(input, 'estate');
  }

  it.each([
    [undefined, ['ipv4'], 'attach-to-existing-endpoint', 'attach'],
    ['ipv4', ['ipv4', 'dual-stack'], 'attach-to-existing-endpoint', 'attach'],
    ['dualstack', ['dual-stack', 'dual-stack'], 'attach-to-existing-endpoint', 'attach'],
    ['dualstack', ['dual-stack', 'ipv4'], 'create-endpoint', 'create-endpoint'],
    ['ipv6', ['dual-stack'], 'create-endpoint', 'create-endpoint'],
  ] as const)(
    'an endpoint of IpAddressType %s for subnets %j: %s, planned as %s',
    (type, stacks, remediation, action) => {
      // Prepare
      const snapshot = withEndpoint(type, [...stacks]);

      // Act
      const report = analyze(snapshot);
      const plan = planRemediation(report, snapshot);

      // Assess
      expect(findingById(report, `${PREFIX}/s3`).remediation).toBe(remediation);
      const actions = plan.actions.filter((a) => a.service === 's3');
      expect(actions.map((a) => a.kind)).toEqual([action]);
      if (action === 'attach') expect(actions[0]).toMatchObject({ endpointId: 'vpce-s3' });
    },
  );
});

describe('the dollars of a NAT64 leak', () => {
  it('prices a nat64 finding on a NAT gateway like an IPv4 one, the gateway counted once', () => {
    // Prepare: an IPv6-only subnet (its NAT64 leaks) and an IPv4 subnet on another table, both
    // through nat-1; and an IPv6-only estate whose only leak through nat-2 is NAT64
    const shared = natTable((b) =>
      b.subnet('subnet-1', 'vpc-1', undefined, { stack: 'ipv6-only', dns64: true }),
    )
      .subnet('subnet-2', 'vpc-1')
      .table('rtb-2', 'vpc-1', { subnets: ['subnet-2'] })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .build();
    const report = analyze(shared);
    const estimate = costEstimateFor(report, () => 10);

    // Act
    const priced = applyCostEstimate(report, estimate);

    // Assess
    const nat64 = priced.findings.filter((f) => f.family === 'nat64');
    expect(nat64.map((f) => f.id)).toEqual([`${PREFIX}/dynamodb/nat64`, `${PREFIX}/s3/nat64`]);
    const onNat = priced.findings.filter((f) => f.targets.includes('nat-1'));
    const carriers = new Set(onNat.flatMap((f) => (f.costShares ?? []).map((s) => s.carriedBy)));
    expect(carriers.size).toBe(1);
    for (const finding of onNat) {
      expect(finding.costShares?.map((s) => [s.gatewayId, s.findings])).toEqual([
        ['nat-1', onNat.length],
      ]);
    }
    const carried = onNat.filter((f) => f.estimatedMonthlyUsd !== undefined);
    expect(carried).toHaveLength(1);
    expect(carried[0]?.estimatedMonthlyUsd).toBe(13.5);
    expect(priced.summary.estimatedMonthlyUsd).toBe(13.5);
  });

  it('prices a NAT gateway whose only leak is NAT64', () => {
    // Prepare
    const report = analyze(
      natTable((b) =>
        b.subnet('subnet-1', 'vpc-1', undefined, { stack: 'ipv6-only', dns64: true }),
      ).build(),
    );

    // Act
    const priced = applyCostEstimate(
      report,
      costEstimateFor(report, () => 10),
    );

    // Assess
    expect(priced.findings.filter((f) => f.path === 'nat-gateway').map((f) => f.family)).toEqual([
      'nat64',
      'nat64',
    ]);
    expect(priced.summary.estimatedMonthlyUsd).toBe(13.5);
  });
});
