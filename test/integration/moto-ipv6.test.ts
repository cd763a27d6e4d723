/**
 * An IPv6-only subnet against moto (`python3 -m moto.server`), an implementation of the AWS APIs
 * written independently of this project. The estate is made through the EC2 API itself: a VPC with
 * an Amazon-provided IPv6 block, an IPv6-only subnet (`Ipv6Native`, no IPv4 CIDR) and an IPv4
 * subnet on one route table that routes `0.0.0.0/0` to a NAT gateway, `::/0` to an egress-only
 * internet gateway and `64:ff9b::/96` to the NAT gateway. The bundled CLI audits it live, as a user
 * would. The IPv6-only subnet sends no IPv4, so it must not be reported `nat-gateway`; the IPv4
 * subnet on the same table must (the table's NAT route is read).
 *
 * What moto supports and what it does not (checked against moto 5.x), and so what this test can
 * show:
 * - moto creates `Ipv6Native` subnets without an IPv4 CIDR, egress-only gateways and IPv6 routes
 *   (`DestinationIpv6CidrBlock`, `EgressOnlyInternetGatewayId`, `64:ff9b::/96 → nat-`).
 * - moto answers a subnet's `Ipv6CidrBlockState.State` as the text `{'State': 'associated'}`
 *   rather than `associated`, so the audit (rightly) does not count the block as associated: the
 *   subnet has no `ipv6` family here. The `ipv6` family is checked with fakes (the conformance
 *   cases through mocked EC2).
 * - moto has no DNS64 (`EnableDns64` is ignored), no `IpAddressType` and no S3 IPv6 prefix list,
 *   so the `nat64` family and the S3 IPv6 ranges are checked with fakes too.
 */
import {
  AssociateRouteTableCommand,
  CreateEgressOnlyInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { Report } from '../../src/types';
import {
  attachedInternetGateway,
  natGatewayIn,
  runCliOnMoto,
  startMotoWithCli,
  subnetIn,
  type MotoWorkbench,
} from '../helpers/moto';
import type { NodeRun } from '../helpers/node-process';

const REGION = 'us-east-1';

let bench: MotoWorkbench;
const ids = { ipv6Only: '', ipv4: '', nat: '', eigw: '', table: '' };

/** The first /64 of a VPC's Amazon-provided /56 (`2600:1f18:…:ab00::/56` → `…:ab00::/64`). */
function firstSlash64(block: string): string {
  const [prefix] = block.split('/');
  return `${prefix ?? ''}/64`;
}

async function seedEstate(): Promise<void> {
  const ec2 = new EC2Client(bench.settings);
  const vpcId = (
    await ec2.send(
      new CreateVpcCommand({ CidrBlock: '10.0.0.0/16', AmazonProvidedIpv6CidrBlock: true }),
    )
  ).Vpc?.VpcId as string;
  const vpc = (await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))).Vpcs?.[0];
  const ipv6Block = vpc?.Ipv6CidrBlockAssociationSet?.[0]?.Ipv6CidrBlock as string;
  ids.ipv6Only = (
    await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        Ipv6Native: true,
        Ipv6CidrBlock: firstSlash64(ipv6Block),
      }),
    )
  ).Subnet?.SubnetId as string;
  ids.ipv4 = await subnetIn(ec2, vpcId, '10.0.1.0/24');
  await attachedInternetGateway(ec2, vpcId);
  ids.nat = await natGatewayIn(ec2, ids.ipv4);
  ids.eigw = (await ec2.send(new CreateEgressOnlyInternetGatewayCommand({ VpcId: vpcId })))
    .EgressOnlyInternetGateway?.EgressOnlyInternetGatewayId as string;
  ids.table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable
    ?.RouteTableId as string;
  const routes = [
    { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ids.nat },
    { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: ids.eigw },
    { DestinationIpv6CidrBlock: '64:ff9b::/96', NatGatewayId: ids.nat },
  ];
  for (const route of routes) {
    await ec2.send(new CreateRouteCommand({ RouteTableId: ids.table, ...route }));
  }
  for (const subnetId of [ids.ipv6Only, ids.ipv4]) {
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: ids.table, SubnetId: subnetId }));
  }
  ec2.destroy();
}

/** The bundled CLI with moto as the SDK's endpoint and nothing else of this environment. */
function vpceAuditor(args: string[]): Promise<NodeRun> {
  return runCliOnMoto(bench, args, REGION);
}

beforeAll(async () => {
  bench = await startMotoWithCli('vpce-moto-ipv6-');
  await seedEstate();
}, 120_000);

afterAll(() => bench?.stop());

describe('an IPv6-only subnet behind 0.0.0.0/0 → NAT gateway, audited live against moto', () => {
  it('is not reported nat-gateway: it has no ipv4 family; the IPv4 subnet on its table is', async () => {
    // Act
    const run = await vpceAuditor([
      'audit',
      '--regions',
      REGION,
      '--no-cost',
      '--quiet',
      '--format',
      'json',
    ]);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.errors).toEqual([]);
    const ipv6Only = report.subnets.find((s) => s.subnetId === ids.ipv6Only);
    const ipv4 = report.subnets.find((s) => s.subnetId === ids.ipv4);
    expect(ipv6Only?.routeTableId).toBe(ids.table);
    expect(ipv6Only?.stack).toBe('ipv6-only');
    for (const service of ['s3', 'dynamodb'] as const) {
      const verdict = ipv6Only?.services[service];
      expect(verdict?.path).not.toBe('nat-gateway');
      expect(verdict?.leaking).toBe(false);
      expect(Object.keys(verdict?.families ?? {})).not.toContain('ipv4');
      // moto's association state is not `associated` (see above): no family applies at all.
      expect(verdict?.path).toBe('no-route');
      expect(verdict?.families).toEqual({});
      expect(verdict?.reason).toMatch(/no address family applies/);
      expect(ipv4?.services[service]?.path).toBe('nat-gateway');
      expect(ipv4?.services[service]?.targets).toEqual([ids.nat]);
    }
    expect(ipv4?.stack).toBe('ipv4');
    const natFindings = report.findings.filter((f) => f.path === 'nat-gateway');
    expect(natFindings.map((f) => [f.service, f.family, f.subnetIds])).toEqual([
      ['dynamodb', 'ipv4', [ids.ipv4]],
      ['s3', 'ipv4', [ids.ipv4]],
    ]);
  });
});
