/**
 * `vpce-auditor snapshot` against the fake EC2 endpoint over HTTP: what the real SDK reads from
 * EC2's XML lands in the snapshot, the egress-only internet gateways of the audited VPCs included.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../src/snapshot/schema';
import { startFakeEc2Endpoint, type FakeEndpoint } from '../support/fake-ec2-endpoint';
import { builtCli, fakeAwsEnvironment, runNode } from '../helpers/node-process';
import { ACCOUNT, IDS, remediationEstate } from '../helpers/remediation-estate';

let dir: string;
let cli: string;
let ec2: FakeEndpoint;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-live-snapshot-'));
  cli = await builtCli();
  const estates = remediationEstate();
  const usEast1 = estates['us-east-1'];
  if (usEast1 === undefined) throw new Error('the remediation estate has no us-east-1');
  usEast1.egressOnlyInternetGateways = [
    {
      egressOnlyInternetGatewayId: 'eigw-0aaaaaaaaaaaaaaa1',
      attachmentSet: [{ vpcId: IDS.leaky.vpc, state: 'attached' }],
      tagSet: [{ key: 'Name', value: 'ipv6-out' }],
    },
  ];
  ec2 = await startFakeEc2Endpoint({
    regions: ['eu-west-1', 'us-east-1'],
    accountId: ACCOUNT,
    estates,
  });
}, 60_000);

afterAll(async () => {
  await ec2?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vpce-auditor snapshot against EC2 over HTTP', () => {
  it("records the egress-only internet gateways of the region's VPCs, read from EC2's XML", async () => {
    // Prepare
    const out = join(dir, 'snapshot.json');

    // Act
    const run = await runNode(
      [cli, 'snapshot', '--out', out, '--no-cost', '--regions', 'us-east-1'],
      fakeAwsEnvironment(ec2.url, dir),
    );

    // Assess
    expect(run.code).toBe(0);
    const snapshot = JSON.parse(readFileSync(out, 'utf8')) as Snapshot;
    expect(snapshot.regions['us-east-1']?.EgressOnlyInternetGateways).toEqual([
      {
        EgressOnlyInternetGatewayId: 'eigw-0aaaaaaaaaaaaaaa1',
        Attachments: [{ VpcId: IDS.leaky.vpc, State: 'attached' }],
        Tags: [{ Key: 'Name', Value: 'ipv6-out' }],
      },
    ]);
    const calls = ec2.requests.filter((r) => r.action === 'DescribeEgressOnlyInternetGateways');
    expect(calls.map((r) => [r.region, r.errorCode ?? 'answered'])).toEqual([
      ['us-east-1', 'answered'],
    ]);
  }, 60_000);
});
