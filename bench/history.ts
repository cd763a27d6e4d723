/**
 * Prints how long the finding history and the ASFF mapping take on a large estate: two reports of
 * N findings (a tenth fixed, a tenth new between them), then `withHistory`, `diffReports` and
 * `reportToAsff` + import batching. Run: `npx tsx bench/history.ts [findings]`.
 */
import { performance } from 'node:perf_hooks';
import { findingIdOf } from '../src/analysis/finding-id';
import { diffReports } from '../src/history/diff';
import { withHistory } from '../src/history/compare';
import { reportToAsff } from '../src/securityhub/asff';
import { importBatches } from '../src/securityhub/batches';
import type { Finding, Report, SubnetReport } from '../src/types';

const ACCOUNT = '111122223333';
const count = Number(process.argv[2] ?? 40_000);

function reportOf(generatedAt: string, tables: number[]): Report {
  const findings: Finding[] = [];
  const subnets: SubnetReport[] = [];
  for (const n of tables) {
    const region = ['us-east-1', 'eu-west-1', 'ap-southeast-2'][n % 3] as string;
    const routeTableId = `rtb-${n.toString(16).padStart(17, '0')}`;
    const subnetIds = [0, 1, 2].map((i) => `subnet-${(n * 3 + i).toString(16).padStart(17, '0')}`);
    findings.push({
      id: findingIdOf({ accountId: ACCOUNT, region, routeTableId, service: 's3' }),
      accountId: ACCOUNT,
      severity: 'high',
      region,
      vpcId: `vpc-${(n >> 4).toString(16).padStart(17, '0')}`,
      routeTableId,
      subnetIds,
      service: 's3',
      path: 'nat-gateway',
      targets: [`nat-${(n >> 4).toString(16).padStart(17, '0')}`],
      remediation: 'create-endpoint',
      reason: 'S3 traffic from 3 subnets leaves through a NAT gateway',
      exempt: false,
    });
    for (const subnetId of subnetIds) {
      subnets.push({
        accountId: ACCOUNT,
        region,
        vpcId: `vpc-${(n >> 4).toString(16).padStart(17, '0')}`,
        subnetId,
        routeTableId,
        exempt: false,
        services: { s3: { path: 'nat-gateway', leaking: true, targets: [], leakingCidrs: [] } },
      });
    }
  }
  return {
    schemaVersion: 1,
    generatedAt,
    accountId: ACCOUNT,
    regions: ['ap-southeast-2', 'eu-west-1', 'us-east-1'],
    services: ['s3'],
    summary: { subnets: subnets.length, leakingSubnets: subnets.length, byPath: {} },
    subnets,
    findings,
    errors: [],
  };
}

function timed<T>(label: string, run: () => T): T {
  const start = performance.now();
  const result = run();
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms`);
  return result;
}

const tenth = Math.floor(count / 10);
const before = reportOf(
  '2026-11-27T03:00:00.000Z',
  Array.from({ length: count }, (_, i) => i),
);
const after = reportOf(
  '2026-11-28T03:00:00.000Z',
  Array.from({ length: count }, (_, i) => i + tenth),
);
console.log(`${count} findings per report (${count * 3} subnets), ${tenth} fixed, ${tenth} new`);
const compared = timed('withHistory', () => withHistory(after, withHistory(before, undefined)));
console.log(`  ${JSON.stringify(compared.summary.history)}`);
timed('diffReports', () => diffReports(before, after));
const asff = timed('reportToAsff', () => reportToAsff(compared));
const batches = timed('importBatches', () => importBatches(asff));
console.log(
  `  ${asff.length} ASFF findings in ${batches.length} BatchImportFindings calls (${(Buffer.byteLength(JSON.stringify(asff)) / 2 ** 20).toFixed(1)} MiB)`,
);
