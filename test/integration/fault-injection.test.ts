/**
 * Faults injected over HTTP: the bundled CLI (built from the current sources) audits the fake EC2
 * endpoint of test/support through a proxy that hangs, denies or throttles chosen actions in chosen
 * regions. Every run must finish within its timeouts (made short through the documented
 * `VPCE_AUDITOR_*` variables) and report every region the faults did not touch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/types';
import { builtCli, fakeAwsEnvironment, runNode, type NodeRun } from '../helpers/node-process';
import { startFakeEc2Endpoint, type FakeEndpoint } from '../support/fake-ec2-endpoint';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../support/fault-proxy';

const ACCOUNT = '111122223333';
const REGIONS = ['ap-south-1', 'eu-west-1', 'us-east-1'];
/**
 * Short timeouts and few attempts: a call that never answers costs a few seconds. One second, not
 * less: a healthy call on a loaded machine (CI, or a developer running other work) can take a few
 * hundred milliseconds, and must not be mistaken for a hang.
 */
const FAST = {
  VPCE_AUDITOR_CONNECT_TIMEOUT_MS: '1000',
  VPCE_AUDITOR_REQUEST_TIMEOUT_MS: '1000',
  VPCE_AUDITOR_MAX_ATTEMPTS: '3',
};

let dir: string;
let cli: string;
let ec2: FakeEndpoint;
const proxies: FaultProxy[] = [];

/** Runs the CLI against the fake EC2 behind a proxy applying `rules`. */
async function auditThrough(rules: FaultRule[], args: string[], env = FAST): Promise<NodeRun> {
  const proxy = await startFaultProxy(ec2.url, rules);
  proxies.push(proxy);
  return runNode(
    [cli, ...args],
    { ...fakeAwsEnvironment(proxy.url, dir), ...env },
    // A run that hangs fails the test instead of holding the suite.
    60_000,
  );
}

function regionsOf(report: Report): string[] {
  return [...new Set(report.subnets.map((s) => s.region))].sort();
}

/** The report of a run that exits 1 with exactly one failed region, the one described. */
function reportWithOneFailedRegion(
  run: NodeRun,
  failed: { region: string; operation: string; code: string },
): Report {
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout) as Report;
  expect(report.errors).toEqual([expect.objectContaining(failed)]);
  return report;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-faults-'));
  cli = await builtCli();
  ec2 = await startFakeEc2Endpoint({
    regions: REGIONS,
    accountId: ACCOUNT,
  });
}, 60_000);

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await ec2?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('faults injected over HTTP', () => {
  it('a DescribeSubnets that never answers in one region becomes its Timeout error; the others are reported', async () => {
    // Act
    const run = await auditThrough(
      [{ action: 'DescribeSubnets', region: 'eu-west-1', fault: { kind: 'hang' } }],
      ['audit', '--format', 'json', '--no-cost'],
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(15_000);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.errors).toEqual([
      expect.objectContaining({
        region: 'eu-west-1',
        operation: 'DescribeSubnets',
        code: 'Timeout',
      }),
    ]);
    expect(regionsOf(report)).toEqual(['ap-south-1', 'us-east-1']);
    expect(run.stderr).toContain(
      'vpce-auditor: region eu-west-1 failed: DescribeSubnets: Timeout:',
    );
  }, 30_000);

  it('a hung call gets 3 attempts, not the collection budget of 10: the region is reported after 3 timeouts', async () => {
    // Act: the default budget of attempts (10, for throttling), short timeouts.
    const run = await auditThrough(
      [{ action: 'DescribeSubnets', region: 'ap-south-1', fault: { kind: 'hang' } }],
      ['audit', '--format', 'json', '--no-cost'],
      {
        VPCE_AUDITOR_CONNECT_TIMEOUT_MS: '1000',
        VPCE_AUDITOR_REQUEST_TIMEOUT_MS: '1000',
        VPCE_AUDITOR_MAX_ATTEMPTS: '',
      },
    );

    // Assess
    expect(run.code).toBe(1);
    expect(proxies.at(-1)?.caught).toEqual([3]);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.errors).toEqual([
      expect.objectContaining({
        region: 'ap-south-1',
        operation: 'DescribeSubnets',
        code: 'Timeout',
      }),
    ]);
    expect(regionsOf(report)).toEqual(['eu-west-1', 'us-east-1']);
  }, 30_000);

  it('--deadline reports a hung region as DeadlineExceeded when it comes first, and --verbose shows each retry after a timeout', async () => {
    // Act: a call given up after 3 x 3 s, a deadline of 6 s (room for the healthy regions on a
    // loaded machine)
    const run = await auditThrough(
      [{ action: 'DescribeSubnets', region: 'us-east-1', fault: { kind: 'hang' } }],
      ['audit', '--format', 'json', '--no-cost', '--deadline', '6s', '--verbose'],
      { ...FAST, VPCE_AUDITOR_REQUEST_TIMEOUT_MS: '3000' },
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(15_000);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.errors).toEqual([
      expect.objectContaining({ region: 'us-east-1', code: 'DeadlineExceeded' }),
    ]);
    expect(regionsOf(report)).toEqual(['ap-south-1', 'eu-west-1']);
    expect(run.stderr).toContain('retrying a call (attempt 2) after a timeout');
  }, 30_000);

  it('a GetMetricData that never answers leaves the cost unknown and every region reported', async () => {
    // Act
    const run = await auditThrough(
      [{ action: 'GetMetricData', fault: { kind: 'hang' } }],
      ['audit', '--format', 'json'],
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.ms).toBeLessThan(15_000);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.errors).toEqual([]);
    expect(regionsOf(report)).toEqual(REGIONS);
    expect(report.summary.cost?.partial).toBe(true);
    expect(report.summary.cost?.unknownRegions.length).toBeGreaterThan(0);
    expect(report.summary.cost?.knownRegions).toEqual([]);
  }, 30_000);

  it('a denial in one region and a throttling storm in another: one error, every other region reported', async () => {
    // Act
    const run = await auditThrough(
      [
        { action: 'DescribeRouteTables', region: 'ap-south-1', fault: { kind: 'deny' } },
        { action: 'DescribeVpcs', region: 'us-east-1', fault: { kind: 'throttle', times: 2 } },
        { action: 'DescribeSubnets', region: 'us-east-1', fault: { kind: 'throttle', times: 2 } },
        {
          action: 'DescribeRouteTables',
          region: 'us-east-1',
          fault: { kind: 'throttle', times: 2 },
        },
      ],
      ['audit', '--format', 'json', '--no-cost'],
    );

    // Assess
    const report = reportWithOneFailedRegion(run, {
      region: 'ap-south-1',
      operation: 'DescribeRouteTables',
      code: 'UnauthorizedOperation',
    });
    expect(regionsOf(report)).toEqual(['eu-west-1', 'us-east-1']);
    expect(proxies.at(-1)?.caught).toEqual([1, 2, 2, 2]);
  }, 30_000);

  it('a region throttled past every attempt fails alone, and the snapshot records it', async () => {
    // Act
    const run = await auditThrough(
      [{ action: 'DescribeNatGateways', region: 'eu-west-1', fault: { kind: 'throttle' } }],
      ['snapshot', '--out', '-', '--quiet'],
    );

    // Assess
    expect(run.code).toBe(1);
    const snapshot = JSON.parse(run.stdout) as {
      regions: Record<string, unknown>;
      errors: { region: string; code: string }[];
    };
    expect(Object.keys(snapshot.regions).sort()).toEqual(['ap-south-1', 'us-east-1']);
    expect(snapshot.errors).toEqual([
      expect.objectContaining({ region: 'eu-west-1', code: 'RequestLimitExceeded' }),
    ]);
  }, 30_000);
});
