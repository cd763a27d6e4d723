import { analyzeSnapshot } from '../../src/analysis/analyze';
import { SnapshotSchema, type SnapshotInput } from '../../src/snapshot/schema';
import type { Report } from '../../src/types';
import { emptyInventory } from './estate';
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
  return analyzeSnapshot(SnapshotSchema.parse(scenarioSnapshot(prefix)), {
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
  const region = options.region ?? 'us-east-1';
  const healthyEvery = options.healthyEvery ?? 0;
  const hex = (n: number, width = 17) => n.toString(16).padStart(width, '0');
  const estate = emptyInventory([
    {
      PrefixListId: 'pl-63a5400a',
      PrefixListName: `com.amazonaws.${region}.s3`,
      Cidrs: ['52.216.0.0/15'],
    },
    {
      PrefixListId: 'pl-02cd2c6b',
      PrefixListName: `com.amazonaws.${region}.dynamodb`,
      Cidrs: ['52.94.0.0/22'],
    },
  ]);
  for (let v = 0; v < vpcs; v += 1) {
    const vpcId = `vpc-${hex(v)}`;
    const igw = `igw-${hex(v)}`;
    const nat = `nat-${hex(v)}`;
    const publicTable = `rtb-${hex(v * 2)}`;
    const privateTable = `rtb-${hex(v * 2 + 1)}`;
    const healthy = healthyEvery > 0 && v % healthyEvery === 0;
    estate.Vpcs.push({ VpcId: vpcId, CidrBlock: '10.0.0.0/16' });
    estate.InternetGateways.push({ InternetGatewayId: igw, Attachments: [{ VpcId: vpcId }] });
    estate.NatGateways.push({ NatGatewayId: nat, VpcId: vpcId, State: 'available' });
    const privateRoutes: object[] = [
      { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
      { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat, State: 'active' },
    ];
    if (healthy) {
      for (const [service, pl] of [
        ['s3', 'pl-63a5400a'],
        ['dynamodb', 'pl-02cd2c6b'],
      ] as const) {
        const endpoint = `vpce-${hex(v)}${service === 's3' ? 'a' : 'b'}`;
        estate.VpcEndpoints.push({
          VpcEndpointId: endpoint,
          VpcEndpointType: 'Gateway',
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${region}.${service}`,
          RouteTableIds: [privateTable],
        });
        privateRoutes.push({ DestinationPrefixListId: pl, GatewayId: endpoint, State: 'active' });
      }
    }
    const associations: object[] = [];
    for (let s = 0; s < subnetsPerVpc; s += 1) {
      const subnetId = `subnet-${hex(v * 1000 + s)}`;
      estate.Subnets.push({ SubnetId: subnetId, VpcId: vpcId, CidrBlock: `10.0.${s}.0/24` });
      if (s > 0) associations.push({ SubnetId: subnetId });
    }
    estate.RouteTables.push({
      RouteTableId: publicTable,
      VpcId: vpcId,
      Associations: [{ Main: true }],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, State: 'active' },
      ],
    });
    estate.RouteTables.push({
      RouteTableId: privateTable,
      VpcId: vpcId,
      Associations: associations,
      Routes: privateRoutes,
    });
  }
  return {
    schemaVersion: 1,
    accountId: '111122223333',
    regions: { [region]: estate },
  } as SnapshotInput;
}

/** The report of a generated estate, analysed for real. */
export function generatedReport(vpcs: number, subnetsPerVpc: number, healthyEvery = 0): Report {
  return analyzeSnapshot(
    SnapshotSchema.parse(generatedEstate(vpcs, subnetsPerVpc, { healthyEvery })),
    {
      generatedAt: GENERATED_AT,
    },
  );
}
