/**
 * SIGINT and SIGTERM sent to the bundled CLI (built from the current sources) while
 * `remediate --apply` changes the stateful fake EC2 (test/support) over HTTP: the change in flight
 * finishes, no new one starts, the results are written and the exit code is the signal's; a second
 * signal ends the process at once. A fault proxy makes CreateVpcEndpoint slow (or hang) so that
 * the signal lands while a change is in flight.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RemediationResult } from '../../src/remediation/result-types';
import { builtCli, fakeAwsEnvironment, startNode, type RunningNode } from '../helpers/node-process';
import { ACCOUNT, IDS, remediationEstate } from '../helpers/remediation-estate';
import { startFakeEc2Endpoint, type FakeEndpoint } from '../support/fake-ec2-endpoint';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../support/fault-proxy';

const REGIONS = ['eu-west-1', 'us-east-1'];

let dir: string;
let cli: string;
const closers: (() => Promise<void>)[] = [];

/** A fresh fake EC2 with the remediation estate, behind a proxy applying `rules`. */
async function estateBehind(rules: FaultRule[]): Promise<{ ec2: FakeEndpoint; proxy: FaultProxy }> {
  const ec2 = await startFakeEc2Endpoint({
    regions: REGIONS,
    accountId: ACCOUNT,
    estates: remediationEstate(),
  });
  const proxy = await startFaultProxy(ec2.url, rules);
  closers.push(
    () => proxy.close(),
    () => ec2.close(),
  );
  return { ec2, proxy };
}

function remediate(proxy: FaultProxy, out: string): RunningNode {
  return startNode(
    [cli, 'remediate', '--apply', '--format', 'json', '--no-cost', '--out', out],
    fakeAwsEnvironment(proxy.url, dir),
  );
}

function gatewayServices(ec2: FakeEndpoint, region: string, vpcId: string): string[] {
  return (ec2.estate(region)?.vpcEndpoints ?? [])
    .filter((e) => e.vpcId === vpcId && e.vpcEndpointType === 'Gateway')
    .map((e) => e.serviceName.split('.').pop() ?? '')
    .sort();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-interrupt-'));
  cli = await builtCli();
}, 60_000);

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a signal during remediate --apply', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: the change in flight finishes, none starts after it, the results are written, exit %d',
    async (signal, code) => {
      // Prepare
      const { ec2, proxy } = await estateBehind([
        { action: 'CreateVpcEndpoint', region: 'us-east-1', fault: { kind: 'delay', ms: 1500 } },
      ]);
      const out = join(dir, `results-${signal}.json`);
      const run = remediate(proxy, out);

      // Act: the signal comes while the first CreateVpcEndpoint (DynamoDB) is in flight.
      await run.stderrMatches((text) => text.includes('us-east-1: creating a DynamoDB'));
      run.child.kill(signal);
      const done = await run.done;

      // Assess
      expect(done.code).toBe(code);
      expect(done.stdout).toBe('');
      expect(done.stderr).toContain(`${signal} received: no new change is started`);
      const { result } = JSON.parse(readFileSync(out, 'utf8')) as { result: RemediationResult };
      const byId = new Map(result.results.map((r) => [r.actionId, r] as const));
      expect(byId.get(`us-east-1/${IDS.leaky.vpc}/dynamodb`)?.status).toMatch(
        /^(verified|applied)$/,
      );
      expect(byId.get(`us-east-1/${IDS.leaky.vpc}/s3`)).toMatchObject({
        status: 'skipped',
        reason: expect.stringContaining(`the run was interrupted (${signal})`) as string,
      });
      expect(gatewayServices(ec2, 'us-east-1', IDS.leaky.vpc)).toEqual(['dynamodb']);
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    },
    60_000,
  );

  it('a second signal ends the process at once, even with a change that never answers', async () => {
    // Prepare
    const { proxy } = await estateBehind([
      { action: 'CreateVpcEndpoint', region: 'us-east-1', fault: { kind: 'hang' } },
    ]);
    const out = join(dir, 'results-twice.json');
    const run = remediate(proxy, out);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if ((proxy.caught[0] ?? 0) > 0) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });

    // Act
    run.child.kill('SIGTERM');
    await run.stderrMatches((text) => text.includes('SIGTERM received'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const runningAfterFirst = run.child.exitCode === null;
    const second = Date.now();
    run.child.kill('SIGINT');
    const done = await run.done;

    // Assess
    expect(runningAfterFirst).toBe(true);
    expect(done.code).toBe(130);
    expect(Date.now() - second).toBeLessThan(5_000);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
