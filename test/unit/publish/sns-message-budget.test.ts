/**
 * The SNS message fits by construction: for reports of any size (one VPC to 100,000, one account to
 * 10,000, with hostile names and messages), every message is at most 256 KB of UTF-8 with a subject
 * under 100 characters, and every part a subscriber reads points to the stored full report.
 */
import fc from 'fast-check';
import { buildSnsMessage } from '../../../src/publish/sns-message';
import { nestedJsonBytes } from '../../../src/publish/json-budget';
import { SNS_MAX_MESSAGE_BYTES } from '../../../src/publish/sns-limits';
import type { PublishedReport } from '../../../src/publish/types';
import type {
  AccountReport,
  Finding,
  RegionError,
  Report,
  ReportTotals,
  SubnetReport,
  VpcSummary,
} from '../../../src/types';

const URI = 's3://vpce-auditor-reports/runs/20261129T030000Z-3f2a9c1e/report.jsonl';

/** Text of any kind: long, multi-byte, control characters, quotes and backslashes. */
const text = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength, unit: 'grapheme' }),
    fc.string({ maxLength, unit: 'binary' }),
    fc.constantFrom('"\\\u0000\u001f\u2028', 'é'.repeat(Math.min(maxLength, 900))),
  );

/** A few representative items, repeated to any count (cheap: the same objects many times). */
function repeated<T>(items: readonly T[], count: number): T[] {
  return Array.from({ length: count }, (_, index) => items[index % items.length] as T);
}

const estateArbitrary = fc.record({
  vpcs: fc.integer({ min: 1, max: 100_000 }),
  accounts: fc.integer({ min: 1, max: 10_000 }),
  subnetsPerVpc: fc.integer({ min: 1, max: 3 }),
  errors: fc.integer({ min: 0, max: 5_000 }),
  resolved: fc.integer({ min: 0, max: 20_000 }),
  gateways: fc.integer({ min: 0, max: 100_000 }),
  name: text(256),
  reason: text(400),
  errorMessage: text(3_000),
  usd: fc.option(fc.double({ min: 0, max: 1e7, noNaN: true }), { nil: undefined }),
  stored: fc.boolean(),
  digestGiven: fc.boolean(),
});

type Estate = typeof estateArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** The smallest estate: its report is sent whole (always tried, as random estates are mostly large). */
const SMALLEST: Estate = {
  vpcs: 1,
  accounts: 1,
  subnetsPerVpc: 1,
  errors: 0,
  resolved: 0,
  gateways: 0,
  name: '',
  reason: '',
  errorMessage: '',
  usd: undefined,
  stored: false,
  digestGiven: false,
};

function reportOf(estate: Estate): { report: Report; totals?: ReportTotals } {
  const accountIds = (index: number) => String(100000000000 + index);
  const finding = (index: number): Finding => ({
    id: `${accountIds(index)}/us-east-1/rtb-${index}/s3`,
    accountId: accountIds(index),
    severity: index % 2 === 0 ? 'high' : 'low',
    region: 'us-east-1',
    vpcId: `vpc-${index}`,
    routeTableId: `rtb-${index}`,
    subnetIds: repeated([`subnet-${index}`], estate.subnetsPerVpc * 50),
    service: 's3',
    path: 'nat-gateway',
    targets: [`nat-${index}`],
    remediation: 'create-endpoint',
    reason: estate.reason,
    exempt: false,
    name: estate.name,
    vpcName: estate.name,
    ...(estate.usd !== undefined ? { estimatedMonthlyUsd: estate.usd + index } : {}),
    status: 'new',
    firstSeen: '2026-11-29T03:00:00.000Z',
  });
  const findings = repeated([finding(0), finding(1), finding(2)], estate.vpcs);
  const subnet: SubnetReport = {
    accountId: accountIds(0),
    region: 'us-east-1',
    vpcId: 'vpc-0',
    subnetId: 'subnet-0',
    routeTableId: 'rtb-0',
    exempt: false,
    name: estate.name,
    services: {
      s3: { path: 'nat-gateway', leaking: true, targets: ['nat-0'], leakingCidrs: ['0.0.0.0/0'] },
    },
  };
  const vpc: VpcSummary = {
    accountId: accountIds(0),
    region: 'us-east-1',
    vpcId: 'vpc-0',
    name: estate.name,
    subnets: estate.subnetsPerVpc,
    leakingSubnets: 1,
    worstPath: 'nat-gateway',
    severity: 'high',
    costStatus: 'priced',
    remediation: 'create S3 endpoint',
    remediationKinds: ['create-endpoint'],
    findings: 1,
  };
  const account = (index: number): AccountReport => ({
    accountId: accountIds(index),
    name: estate.name,
    status: index % 7 === 0 ? 'failed' : 'audited',
    reason: estate.reason,
    regions: ['us-east-1', 'eu-west-1'],
    summary: { subnets: 109, leakingSubnets: index % 3, estimatedMonthlyUsd: index },
  });
  const error: RegionError = {
    accountId: accountIds(0),
    region: 'eu-west-1',
    operation: 'DescribeRouteTables',
    code: 'UnauthorizedOperation',
    message: estate.errorMessage,
  };
  const subnets = repeated([subnet], estate.vpcs * estate.subnetsPerVpc);
  const gateway = {
    accountId: accountIds(0),
    region: 'us-east-1',
    natGatewayId: 'nat-0',
    gbPerDay: 12,
    daysAveraged: 14,
    pricePerGb: 0.045,
    priceSource: 'table' as const,
    estimatedMonthlyUsd: 16.2,
  };
  const report: Report = {
    schemaVersion: 1,
    generatedAt: '2026-11-29T03:00:00.000Z',
    accountId: accountIds(0),
    organizationId: 'o-abcdefghij',
    accounts: Array.from({ length: estate.accounts }, (_, index) => account(index)),
    regions: ['eu-west-1', 'us-east-1'],
    services: ['s3', 'dynamodb'],
    summary: {
      subnets: subnets.length,
      leakingSubnets: subnets.length,
      byPath: { 'nat-gateway': subnets.length },
      ...(estate.usd !== undefined ? { estimatedMonthlyUsd: estate.usd } : {}),
      cost: {
        basis: 'nat-data-processing',
        upperBound: true,
        days: 14,
        startTime: '2026-11-15T00:00:00.000Z',
        endTime: '2026-11-29T00:00:00.000Z',
        partial: false,
        knownRegions: ['us-east-1'],
        unknownRegions: [],
        gateways: repeated([gateway], estate.gateways),
        notes: repeated([estate.reason], estate.gateways),
      },
      history: {
        since: '2026-11-28T03:00:00.000Z',
        new: { findings: findings.length },
        persisting: { findings: 0 },
        resolved: { findings: estate.resolved },
        carried: estate.resolved,
      },
    },
    vpcs: repeated([vpc], estate.vpcs),
    subnets,
    findings,
    errors: repeated([error], estate.errors),
    resolved: repeated(
      [{ ...finding(3), resolvedAt: '2026-11-29T03:00:00.000Z', why: 'fixed' as const }],
      estate.resolved,
    ),
    carried: repeated([{ ...finding(4), carriedBecause: 'failed' as const }], estate.resolved),
  };
  if (!estate.digestGiven) return { report };
  // The organization run hands over only the top of each list, with the real sizes.
  return {
    report: {
      ...report,
      subnets: [],
      findings: findings.slice(0, 500),
      vpcs: report.vpcs?.slice(0, 100) ?? [],
      resolved: report.resolved?.slice(0, 100) ?? [],
      carried: [],
    },
    totals: {
      subnets: subnets.length,
      findings: findings.length,
      errors: report.errors.length,
      vpcs: estate.vpcs,
      resolved: estate.resolved,
      carried: estate.resolved,
    },
  };
}

interface Structure {
  default: string;
  email: string;
  sms: string;
  https: string;
}

describe('the SNS message of a report of any size', () => {
  it('is at most 256 KB with a subject under 100 characters, and every part points to the full report', () => {
    fc.assert(
      fc.property(estateArbitrary, (estate) => {
        // Prepare
        const { report, totals } = reportOf(estate);

        // Act
        const built = buildSnsMessage(report, {
          ...(estate.stored ? { fullReport: { uri: URI } } : {}),
          ...(totals ? { totals } : {}),
        });

        // Assess
        expect(Buffer.byteLength(built.message.Message, 'utf8')).toBe(built.bytes);
        expect(built.bytes).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
        expect(built.message.Subject.length).toBeLessThanOrEqual(100);
        expect(built.message.MessageStructure).toBe('json');
        const structure = JSON.parse(built.message.Message) as Structure;
        expect(Object.keys(structure).sort()).toEqual(['default', 'email', 'https', 'sms']);
        expect(structure.sms).toBe(built.message.Subject);
        const published = JSON.parse(structure.default) as PublishedReport;
        expect(published.summary.subnets).toBe(report.summary.subnets);
        // A report sent whole says nothing of omissions; a digest counts what it left out.
        expect(published.truncated?.findingsOmitted ?? 0).toBe(
          (totals?.findings ?? report.findings.length) - published.findings.length,
        );
        if (estate.stored) {
          expect(published.reportObject).toBe(URI);
          expect(structure.email).toContain(URI);
          expect(structure.https).toContain(URI);
        }
      }),
      { numRuns: 15, examples: [[SMALLEST]] },
    );
  });
});

describe('the nested JSON size of a value', () => {
  it('is exactly what the value adds inside a JSON string, or undefined past the limit', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(2000), (value, limit) => {
        // Prepare
        const exact = Buffer.byteLength(JSON.stringify(JSON.stringify(value)), 'utf8') - 2;

        // Act
        const measured = nestedJsonBytes(value);
        const capped = nestedJsonBytes(value, limit);

        // Assess
        expect(measured).toBe(exact);
        expect(capped).toBe(exact <= limit ? exact : undefined);
      }),
    );
  });
});
