/**
 * moto (`python3 -m moto.server`), an implementation of the AWS APIs written independently of this
 * project, started on loopback for the end-to-end tests and the benchmarks; and a proxy in front of
 * it that can answer some calls itself and sees every call it forwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { builtCli, runNode, type NodeRun } from './node-process';

/** A moto server listening on loopback. */
export interface Moto {
  /** Its URL, for `AWS_ENDPOINT_URL` or a client's `endpoint`. */
  endpoint: string;
  process: ChildProcess;
  /** The end of what it wrote to stderr (its request log and tracebacks), to explain a failure. */
  log(): string;
  /** Stops it. */
  stop(): void;
}

/** Credentials for moto: it accepts any, the SDK only needs some. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/**
 * The environment of a CLI process run against moto: moto as every service's endpoint, its
 * credentials and `region`, `home` as HOME (no profile or config of this machine), and nothing else
 * of this process's environment (no instance metadata, no runtime warnings on stderr).
 */
export function motoCliEnvironment(
  endpoint: string,
  home: string,
  region: string,
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    AWS_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
    NODE_NO_WARNINGS: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
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

/**
 * Starts moto on a free loopback port and resolves once it answers (90 s at most: importing moto
 * alone took over 30 s of a loaded machine).
 */
export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log = (log + chunk).slice(-65_536);
  });
  const stop = () => {
    // Told to end; nothing of it keeps this process alive meanwhile.
    child.kill();
    child.stderr?.destroy();
    child.unref();
  };
  const moto: Moto = { endpoint, process: child, log: () => log, stop };
  const started = Date.now();
  for (;;) {
    try {
      const answer = await fetch(`${endpoint}/moto-api/`);
      if (answer.ok) return moto;
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null || Date.now() - started > 90_000) {
      stop();
      throw new Error('moto.server did not start in 90 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A temporary folder, the CLI bundled from the current sources, and moto started beside them. */
export interface MotoWorkbench {
  /** The folder (the CLI's HOME too); the caller removes it. */
  dir: string;
  /** The bundled CLI (its folder is shared with other suites: only read). */
  cli: string;
  moto: Moto;
  /** The settings of an SDK client of moto in us-east-1 (`region`, `endpoint`, `credentials`). */
  settings: { region: string; endpoint: string; credentials: typeof MOTO_CREDENTIALS };
  /** Stops moto and removes the folder. */
  stop(): void;
}

/**
 * Makes a temporary folder named from `prefix`, and at once takes the CLI bundled from the current
 * sources ({@link builtCli}) and starts moto; moto is stopped again when the build fails.
 */
export async function startMotoWithCli(prefix: string): Promise<MotoWorkbench> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const [built, started] = await Promise.allSettled([builtCli(), startMoto()]);
  if (built.status === 'rejected') {
    if (started.status === 'fulfilled') started.value.stop();
    throw built.reason as Error;
  }
  if (started.status === 'rejected') throw started.reason as Error;
  const moto = started.value;
  return {
    dir,
    cli: built.value,
    moto,
    settings: { region: 'us-east-1', endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS },
    stop: () => {
      moto.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the bundled CLI of `bench` on `args` against its moto, with {@link motoCliEnvironment} in
 * `region`.
 */
export function runCliOnMoto(
  bench: MotoWorkbench,
  args: string[],
  region = 'us-east-1',
): Promise<NodeRun> {
  return runNode([bench.cli, ...args], motoCliEnvironment(bench.moto.endpoint, bench.dir, region));
}

/** A request the proxy received, its body read. */
export interface ProxiedRequest {
  request: IncomingMessage;
  body: Buffer;
}

/** A proxy in front of moto. */
export interface MotoProxy {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts a loopback proxy to `endpoint`: `intercept` sees each request first and may answer it
 * (returning true); every other request goes on to moto and its answer comes back unchanged.
 */
export async function startProxy(
  endpoint: string,
  intercept: (call: ProxiedRequest, response: ServerResponse) => boolean,
): Promise<MotoProxy> {
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      if (intercept({ request, body }, response)) return;
      void fetch(`${endpoint}${request.url ?? '/'}`, {
        method: request.method ?? 'POST',
        headers: Object.fromEntries(
          Object.entries(request.headers).flatMap(([name, value]) =>
            typeof value === 'string' && name !== 'host' && name !== 'content-length'
              ? [[name, value]]
              : [],
          ),
        ),
        ...(body.length > 0 ? { body } : {}),
      }).then(async (answer) => {
        response.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'text/xml',
        });
        response.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A new subnet of `cidr` in `vpcId`. */
export async function subnetIn(ec2: EC2Client, vpcId: string, cidr: string): Promise<string> {
  return (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr }))).Subnet
    ?.SubnetId as string;
}

/** A new internet gateway, attached to `vpcId`. */
export async function attachedInternetGateway(ec2: EC2Client, vpcId: string): Promise<string> {
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway
    ?.InternetGatewayId as string;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  return igw;
}

/** A new NAT gateway in `subnetId`, on an Elastic IP allocated for it. */
export async function natGatewayIn(ec2: EC2Client, subnetId: string): Promise<string> {
  const allocation = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' })))
    .AllocationId as string;
  return (
    await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: allocation }))
  ).NatGateway?.NatGatewayId as string;
}

/** Where a route table's default route (`0.0.0.0/0`) goes. */
export type DefaultTarget = { NatGatewayId: string } | { GatewayId: string };

/**
 * Routes the table's default to `target`, then associates a new subnet of `cidr` in `vpcId` with
 * it; returns the subnet.
 */
export async function routedSubnet(
  ec2: EC2Client,
  route: { vpcId: string; tableId: string; cidr: string; target: DefaultTarget },
): Promise<string> {
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: route.tableId,
      DestinationCidrBlock: '0.0.0.0/0',
      ...route.target,
    }),
  );
  const subnetId = await subnetIn(ec2, route.vpcId, route.cidr);
  await ec2.send(
    new AssociateRouteTableCommand({ RouteTableId: route.tableId, SubnetId: subnetId }),
  );
  return subnetId;
}

/** A VPC whose one subnet leaves through a NAT gateway or an internet gateway. */
export async function seedVpc(
  ec2: EC2Client,
  exit: 'nat' | 'igw',
): Promise<{ vpcId: string; subnetId: string }> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc
    ?.VpcId as string;
  const igw = await attachedInternetGateway(ec2, vpcId);
  const tableId = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable
    ?.RouteTableId as string;
  const target: DefaultTarget =
    exit === 'nat'
      ? { NatGatewayId: await natGatewayIn(ec2, await subnetIn(ec2, vpcId, '10.0.2.0/24')) }
      : { GatewayId: igw };
  const subnetId = await routedSubnet(ec2, { vpcId, tableId, cidr: '10.0.1.0/24', target });
  return { vpcId, subnetId };
}
