/**
 * The leaking NAT gateways a measurement may cover, from a live audit: each with its network
 * interfaces and services, marked when an existing flow log already measures it (the audit reads
 * that one, so no temporary flow log is needed); and what each region's measurement classifies and
 * attributes with (the prefix lists' CIDRs, the subnets).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Snapshot } from '../snapshot/schema';
import type { Report } from '../types';
import { coverageOf, describeFlowLogsOf } from './flow-log-reader';
import type { MeasureCandidate } from './measure-plan';
import type { MeasureRegionInputs } from './measure-run';
import { natTargets, serviceCidrsOf, subnetRangesOf } from './nat-targets';

/**
 * The candidates of every region of the report that has a leaking NAT gateway.
 *
 * @throws the EC2 error when a region's flow logs cannot be described (nothing is planned blind)
 */
export async function measureCandidates(
  report: Report,
  snapshot: Snapshot,
  ec2: (region: string) => EC2Client,
): Promise<MeasureCandidate[]> {
  const out: MeasureCandidate[] = [];
  for (const [region, inventory] of Object.entries(snapshot.regions).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const targets = natTargets(report, region, inventory);
    if (targets.length === 0) continue;
    const flowLogs = await describeFlowLogsOf(
      ec2(region),
      targets.flatMap((t) => [
        t.natGatewayId,
        ...t.interfaceIds,
        ...(t.subnetId ? [t.subnetId] : []),
        ...(t.vpcId ? [t.vpcId] : []),
      ]),
    );
    for (const target of targets) {
      const coverage = coverageOf(target, flowLogs);
      out.push({
        ...target,
        region,
        ...('flowLog' in coverage
          ? {
              coveredBy: `its flow log ${coverage.flowLog.FlowLogId ?? '?'} already measures it (the audit reads it)`,
            }
          : {}),
      });
    }
  }
  return out;
}

/** What a region's measurement classifies and attributes with. */
export function measureInputsOf(snapshot: Snapshot, region: string): MeasureRegionInputs {
  const inventory = snapshot.regions[region];
  if (!inventory) return { serviceCidrs: {}, subnets: [] };
  return { serviceCidrs: serviceCidrsOf(region, inventory), subnets: subnetRangesOf(inventory) };
}
