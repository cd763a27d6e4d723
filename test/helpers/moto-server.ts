/**
 * moto (`python3 -m moto.server`), an implementation of the AWS APIs written independently of this
 * project, started on loopback on a free port for one test file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';

/** A running moto server. */
export interface MotoServer {
  endpoint: string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts moto and waits until it answers (at most 30 s). */
export async function startMotoServer(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'python3',
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    { stdio: 'ignore' },
  );
  const stop = () => {
    child.kill('SIGTERM');
  };
  const started = Date.now();
  for (;;) {
    try {
      const answer = await fetch(`${endpoint}/moto-api/`);
      if (answer.ok) return { endpoint, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() - started > 30_000) {
      stop();
      throw new Error('moto.server did not start in 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A VPC whose one subnet leaves through a NAT gateway or an internet gateway. */
export async function seedVpc(
  ec2: EC2Client,
  exit: 'nat' | 'igw',
): Promise<{ vpcId: string; subnetId: string }> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc
    ?.VpcId as string;
  const subnetId = (
    await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))
  ).Subnet?.SubnetId as string;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway
    ?.InternetGatewayId as string;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable
    ?.RouteTableId as string;
  if (exit === 'nat') {
    const publicSubnet = (
      await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.2.0/24' }))
    ).Subnet?.SubnetId as string;
    const allocation = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' })))
      .AllocationId as string;
    const nat = (
      await ec2.send(
        new CreateNatGatewayCommand({ SubnetId: publicSubnet, AllocationId: allocation }),
      )
    ).NatGateway?.NatGatewayId as string;
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: table,
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: nat,
      }),
    );
  } else {
    await ec2.send(
      new CreateRouteCommand({
        RouteTableId: table,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: igw,
      }),
    );
  }
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: subnetId }));
  return { vpcId, subnetId };
}
