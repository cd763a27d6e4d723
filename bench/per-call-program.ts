/**
 * The program bench/per-call.ts runs: six Describe calls of each region's collection (the seventh,
 * DescribeEgressOnlyInternetGateways, is left out, as in the sets bench/README.md reports), for many
 * accounts of four regions,
 * against the fake EC2 endpoint (AWS_ENDPOINT_URL), through one variant of the per-call stack. It
 * prints the CPU time of the calls (not of loading). argv: `VARIANT REGIONS ACCOUNTS_AT_ONCE`;
 * BENCH_CALL_LIMIT sets the call limit (default the CLI's).
 *
 * - `bare`: plain `EC2Client`s with the SDK's defaults and `send` (as
 *   bench/bare-sdk-org-program.ts);
 * - `factory`: the clients of `defaultClientFactory` (timeouts, retry strategy, one credential chain)
 *   sharing one keep-alive pool as `audit --org` does, `send`;
 * - `limited`: those clients behind the call limiter (`limitedClientFactory`), `send`;
 * - `collect`: the limited clients through the collectors of src/collect/ec2-collectors.ts
 *   (paginators, `collectPages`, the timing hooks), as the audit calls them.
 */
import {
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { limitedClientFactory, sharedRequestHandler } from '../src/accounts/account-access';
import { CallLimiter, DEFAULT_MAX_CALLS_IN_FLIGHT } from '../src/collect/call-limit';
import { defaultClientFactory, type AwsClientFactory } from '../src/collect/client-factory';
import {
  describeInternetGateways,
  describeNatGateways,
  describeRouteTables,
  describeSubnets,
  describeVpcEndpoints,
  describeVpcs,
} from '../src/collect/ec2-collectors';
import { hooksFor } from '../src/collect/progress-hooks';

const [variant = 'bare', regionCount = '300', concurrency = '50'] = process.argv.slice(2);
/** The regions of each account (the fake serves them). */
const FAKE_REGIONS = ['eu-west-1', 'us-east-1', 'us-east-2', 'us-west-2'];

function sends(ec2: EC2Client): Promise<unknown[]> {
  return Promise.all([
    ec2.send(new DescribeVpcsCommand({ MaxResults: 1000 })),
    ec2.send(new DescribeSubnetsCommand({ MaxResults: 1000 })),
    ec2.send(new DescribeRouteTablesCommand({ MaxResults: 100 })),
    ec2.send(new DescribeVpcEndpointsCommand({ MaxResults: 1000 })),
    ec2.send(new DescribeNatGatewaysCommand({ MaxResults: 1000 })),
    ec2.send(new DescribeInternetGatewaysCommand({ MaxResults: 1000 })),
  ]);
}

function collectors(ec2: EC2Client, region: string): Promise<unknown[]> {
  const scope = { hooks: hooksFor(region, {}) };
  return Promise.all([
    describeVpcs(ec2, scope),
    describeSubnets(ec2, scope),
    describeRouteTables(ec2, scope),
    describeVpcEndpoints(ec2, scope),
    describeNatGateways(ec2, scope),
    describeInternetGateways(ec2, scope),
  ]);
}

/**
 * One account: its own factory (so its own clients and credential chain, as each account of an
 * organization run has), then the calls of its four regions at once, a client per region.
 */
function account(): Promise<unknown> {
  const factory = factoryOf();
  return Promise.all(
    FAKE_REGIONS.map((region) => {
      if (factory === undefined) return sends(new EC2Client({ region }));
      const ec2 = factory.ec2(region);
      return variant === 'collect' ? collectors(ec2, region) : sends(ec2);
    }),
  );
}

/** One limiter for the whole run, as `audit --org` has. */
const limiter = new CallLimiter(
  Number(process.env.BENCH_CALL_LIMIT ?? DEFAULT_MAX_CALLS_IN_FLIGHT),
);

/** The one pool of keep-alive connections every account's clients share, as in `audit --org`. */
const requestHandler = sharedRequestHandler(limiter.limit);

function factoryOf(): AwsClientFactory | undefined {
  if (variant === 'bare') return undefined;
  const factory = defaultClientFactory({ clientConfig: { requestHandler } });
  return variant === 'factory' ? factory : limitedClientFactory(factory, limiter);
}

async function main(): Promise<void> {
  if (!['bare', 'factory', 'limited', 'collect'].includes(variant)) {
    throw new Error(`unknown variant ${variant}`);
  }
  const started = process.cpuUsage();
  let next = 0;
  const accounts = Math.ceil(Number(regionCount) / FAKE_REGIONS.length);
  const worker = async (): Promise<void> => {
    while (next < accounts) {
      next += 1;
      await account();
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  const used = process.cpuUsage(started);
  process.stdout.write(
    `${JSON.stringify({ cpuMs: (used.user + used.system) / 1000, calls: accounts * FAKE_REGIONS.length * 6 })}\n`,
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
