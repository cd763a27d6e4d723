/**
 * Benchmark of the remediation planner on a large estate: N VPCs of 10 route tables and 30 subnets
 * each (half behind NAT gateways, some with an S3 endpoint, some exempt or shared), analysed once,
 * then planned. Prints the wall time and heap growth of `planRemediation`, and the plan's size.
 *
 * Run: npx tsx bench/remediation-plan.ts [vpcs]
 */
import { analyzeSnapshot } from '../src/analysis/analyze';
import { planRemediation } from '../src/remediation/plan';
import { parseSnapshot } from '../src/snapshot/load';
import type { SnapshotInput } from '../src/snapshot/schema';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const VPCS = Number(process.argv[2] ?? 2000);

function hex(n: number, width = 17): string {
  return n.toString(16).padStart(width, '0');
}

function buildEstate(vpcs: number): SnapshotInput {
  const region = {
    Vpcs: [] as object[],
    Subnets: [] as object[],
    RouteTables: [] as object[],
    VpcEndpoints: [] as object[],
    PrefixLists: [
      {
        PrefixListId: 'pl-63a5400a',
        PrefixListName: `com.amazonaws.${REGION}.s3`,
        Cidrs: ['3.5.0.0/19', '52.216.0.0/15', '54.231.0.0/16'],
      },
      {
        PrefixListId: 'pl-02cd2c6b',
        PrefixListName: `com.amazonaws.${REGION}.dynamodb`,
        Cidrs: ['3.218.180.0/23', '52.94.0.0/22'],
      },
    ],
  };
  let subnet = 0;
  for (let v = 0; v < vpcs; v += 1) {
    const vpcId = `vpc-${hex(v)}`;
    region.Vpcs.push({
      VpcId: vpcId,
      OwnerId: v % 50 === 0 ? '999988887777' : ACCOUNT,
      Tags: v % 40 === 1 ? [{ Key: 'vpce-auditor:exempt', Value: 'true' }] : [],
    });
    const tables: string[] = [];
    for (let t = 0; t < 10; t += 1) {
      const tableId = `rtb-${hex(v * 10 + t)}`;
      tables.push(tableId);
      const subnets = [0, 1, 2].map(() => `subnet-${hex((subnet += 1))}`);
      for (const id of subnets)
        region.Subnets.push({ SubnetId: id, VpcId: vpcId, OwnerId: ACCOUNT });
      region.RouteTables.push({
        RouteTableId: tableId,
        VpcId: vpcId,
        OwnerId: ACCOUNT,
        Associations: [
          ...(t === 0 ? [{ Main: true }] : []),
          ...subnets.map((SubnetId) => ({ SubnetId })),
        ],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
          t % 2 === 0
            ? { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: `nat-${hex(v)}` }
            : { DestinationCidrBlock: '0.0.0.0/0', GatewayId: `igw-${hex(v)}` },
        ],
      });
    }
    if (v % 3 === 0) {
      region.VpcEndpoints.push({
        VpcEndpointId: `vpce-${hex(v)}`,
        VpcEndpointType: 'Gateway',
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${REGION}.s3`,
        State: 'available',
        RouteTableIds: [],
      });
    }
  }
  return {
    schemaVersion: 1,
    accountId: ACCOUNT,
    regions: { [REGION]: region as SnapshotInput['regions'][string] },
  };
}

const snapshot = parseSnapshot(buildEstate(VPCS), 'bench estate');
const report = analyzeSnapshot(snapshot, { generatedAt: 'bench' });
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const start = process.hrtime.bigint();
const plan = planRemediation(report, snapshot, { maxChanges: 1_000_000 });
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
console.log(
  `planRemediation: ${VPCS} VPCs, ${report.subnets.length} subnets, ${report.findings.length} findings -> ` +
    `${plan.summary.actions} actions (${plan.summary.endpointsToCreate} creates), ${plan.summary.skipped} skipped ` +
    `in ${ms.toFixed(1)} ms, heap +${heapMb.toFixed(1)} MB`,
);
