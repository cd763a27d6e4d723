import { analyzeSnapshot } from '../../src/analysis/analyze';
import { snapshotSchemas, type SnapshotInput } from '../../src/snapshot/schema';
import type { RegionError, Report } from '../../src/types';
import { estate } from './estate-builder';
import { loadScenarios } from './scenarios';

/** A fixed clock for reports built in tests. */
export const GENERATED_AT = '2026-11-27T03:00:00.000Z';

/** The snapshot of a conformance scenario, by file-name prefix (`02` → 02-nat-private-subnet). */
export function scenarioSnapshot(prefix: string): SnapshotInput {
  const scenario = loadScenarios().find((candidate) => candidate.file.startsWith(prefix));
  if (!scenario) throw new Error(`no scenario ${prefix}`);
  return scenario.snapshot as SnapshotInput;
}

/** The report of a conformance scenario, analysed for real. */
export function scenarioReport(prefix: string): Report {
  return analyzeSnapshot(snapshotSchemas().SnapshotSchema.parse(scenarioSnapshot(prefix)), {
    generatedAt: GENERATED_AT,
  });
}

/**
 * A region estate with `vpcs` VPCs, each with `subnetsPerVpc` subnets: the first on a public table
 * (IGW), the others on a private table through a NAT gateway; every `healthyEvery`-th VPC has S3 and
 * DynamoDB gateway endpoints on its private table.
 */
export function generatedEstate(
  vpcs: number,
  subnetsPerVpc: number,
  options: { region?: string; healthyEvery?: number } = {},
): SnapshotInput {
  const healthyEvery = options.healthyEvery ?? 0;
  const hex = (n: number, width = 17) => n.toString(16).padStart(width, '0');
  const builder = estate(options.region);
  for (let v = 0; v < vpcs; v += 1) {
    const vpcId = `vpc-${hex(v)}`;
    const igw = `igw-${hex(v)}`;
    const nat = `nat-${hex(v)}`;
    const publicTable = `rtb-${hex(v * 2)}`;
    const privateTable = `rtb-${hex(v * 2 + 1)}`;
    const subnets = Array.from({ length: subnetsPerVpc }, (_, s) => `subnet-${hex(v * 1000 + s)}`);
    builder.vpc(vpcId, undefined, { cidr: '10.0.0.0/16' }).internetGateway(igw, vpcId);
    builder.natGateway(nat, vpcId);
    for (const subnetId of subnets) builder.subnet(subnetId, vpcId);
    builder
      .table(publicTable, vpcId, { main: true })
      .route('0.0.0.0/0', { GatewayId: igw })
      .table(privateTable, vpcId, { subnets: subnets.slice(1) })
      .route('0.0.0.0/0', { NatGatewayId: nat });
    if (healthyEvery > 0 && v % healthyEvery === 0) {
      builder
        .gatewayEndpoint(`vpce-${hex(v)}a`, vpcId, 's3', [privateTable])
        .gatewayEndpoint(`vpce-${hex(v)}b`, vpcId, 'dynamodb', [privateTable]);
    }
  }
  return builder.input();
}

/** The report of a generated estate, analysed for real. */
export function generatedReport(vpcs: number, subnetsPerVpc: number, healthyEvery = 0): Report {
  return analyzeSnapshot(
    snapshotSchemas().SnapshotSchema.parse(generatedEstate(vpcs, subnetsPerVpc, { healthyEvery })),
    {
      generatedAt: GENERATED_AT,
    },
  );
}

/** A region whose collection was throttled past every attempt (DescribeRouteTables in eu-west-1). */
export function throttledRegionError(accountId: string): RegionError {
  return {
    accountId,
    region: 'eu-west-1',
    operation: 'DescribeRouteTables',
    code: 'RequestLimitExceeded',
    message: 'Request limit exceeded.',
  };
}
