/**
 * `vpce-auditor snapshot` against the fake EC2 endpoint over HTTP: what the real SDK reads from
 * EC2's XML lands in the snapshot, the egress-only internet gateways of the audited VPCs included.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../src/snapshot/schema';
import { startFakeEc2Endpoint } from '../support/fake-ec2-endpoint';
import type { RegionEstate } from '../support/fake-ec2-estate';
import { builtCli, fakeAwsEnvironment, runNode } from '../helpers/node-process';
import { ACCOUNT, IDS, remediationEstate } from '../helpers/remediation-estate';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-live-snapshot-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The remediation estate, its us-east-1 with an egress-only gateway on the leaky VPC. */
function estateWithEgressOnlyGateway(): Record<string, RegionEstate> {
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
  return estates;
}

describe('vpce-auditor snapshot against EC2 over HTTP', () => {
  it("records the egress-only internet gateways of the region's VPCs, read from EC2's XML", async () => {
    // Prepare
    const cli = await builtCli();
    const out = join(dir, 'snapshot.json');
    const ec2 = await startFakeEc2Endpoint({
      regions: ['us-east-1'],
      accountId: ACCOUNT,
      estates: estateWithEgressOnlyGateway(),
    });

    try {
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
    } finally {
      await ec2.close();
    }
  }, 60_000);
});
