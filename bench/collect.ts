/**
 * Benchmark of the live collection: a local fake EC2 + STS endpoint adds 100 ms to every call and
 * serves 30 regions with a small estate; the real code (`auditLive` through `defaultClientFactory`,
 * AWS_ENDPOINT_URL pointing at the fake) audits `--regions all`. Prints the wall time, the calls per
 * region and the floor (fewest dependent round trips × latency), then the same with the first
 * attempt of every call throttled, in both SDK retry modes, and the CLI process end to end.
 *
 * Run: npx tsx bench/collect.ts
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { auditLive } from '../src/audit-live';
import { defaultClientFactory, type RetryMode } from '../src/collect/client-factory';
import { startFakeEc2Endpoint, type FakeEndpoint } from '../test/support/fake-ec2-endpoint';

const LATENCY_MS = 100;
const ACCOUNT = '111122223333';
const REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
];
/** STS ‖ DescribeRegions, then Describe* ‖ DescribeManagedPrefixLists, then the entries. */
const DEPENDENT_ROUND_TRIPS = 3;

// Stop by ourselves whatever happens.
setTimeout(() => {
  console.error('bench/collect: timed out');
  process.exit(1);
}, 300_000).unref();

function useEndpoint(endpoint: FakeEndpoint): void {
  process.env.AWS_ENDPOINT_URL = endpoint.url;
  process.env.AWS_ACCESS_KEY_ID = 'AKIDBENCH';
  process.env.AWS_SECRET_ACCESS_KEY = 'bench-secret';
  process.env.AWS_REGION = 'us-east-1';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
}

interface RunFigures {
  wallMs: number;
  /** CPU time of this process (the collection and the fake endpoint together). */
  cpuMs: number;
  regionErrors: number;
  subnets: number;
  callsPerRegion: { min: number; max: number };
  throttled: number;
}

async function runInProcess(
  retryMode: RetryMode,
  throttle: boolean,
  regions: 'all' | string[] = 'all',
): Promise<RunFigures> {
  const endpoint = await startFakeEc2Endpoint({
    regions: REGIONS,
    latencyMs: LATENCY_MS,
    throttleFirstAttempt: throttle,
    accountId: ACCOUNT,
  });
  try {
    useEndpoint(endpoint);
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const { report } = await auditLive({
      regions,
      services: ['s3', 'dynamodb'],
      clients: defaultClientFactory({ retryMode }),
    });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const perRegion = (regions === 'all' ? REGIONS : regions).map((region) =>
      [...(endpoint.calls.get(region)?.values() ?? [])].reduce((a, b) => a + b, 0),
    );
    return {
      wallMs,
      cpuMs,
      regionErrors: report.errors.length,
      subnets: report.summary.subnets,
      callsPerRegion: { min: Math.min(...perRegion), max: Math.max(...perRegion) },
      throttled: endpoint.throttled(),
    };
  } finally {
    await endpoint.close();
  }
}

async function runCliProcess(throttle: boolean): Promise<{ wallMs: number; code: number | null }> {
  const cli = join(__dirname, '..', 'dist', 'cli.js');
  const endpoint = await startFakeEc2Endpoint({
    regions: REGIONS,
    latencyMs: LATENCY_MS,
    throttleFirstAttempt: throttle,
    accountId: ACCOUNT,
  });
  try {
    useEndpoint(endpoint);
    const started = performance.now();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        [cli, 'audit', '--regions', 'all', '--format', 'json', '--quiet'],
        { env: { ...process.env, NODE_NO_WARNINGS: '1' }, stdio: ['ignore', 'ignore', 'inherit'] },
      );
      child.on('exit', resolve);
    });
    return { wallMs: performance.now() - started, code };
  } finally {
    await endpoint.close();
  }
}

function describe(label: string, figures: RunFigures): void {
  console.log(
    `${label.padEnd(34)} wall ${Math.round(figures.wallMs).toString().padStart(6)} ms  ` +
      `cpu ${Math.round(figures.cpuMs).toString().padStart(5)} ms  ` +
      `calls/region ${figures.callsPerRegion.min}-${figures.callsPerRegion.max}  ` +
      `throttled ${figures.throttled}  region errors ${figures.regionErrors}  subnets ${figures.subnets}`,
  );
}

async function main(): Promise<void> {
  const floor = DEPENDENT_ROUND_TRIPS * LATENCY_MS;
  console.log(
    `bench/collect: ${REGIONS.length} regions (us-east-1, the home region, also answers STS and DescribeRegions), ${LATENCY_MS} ms added to every call; ` +
      `floor = ${DEPENDENT_ROUND_TRIPS} dependent round trips x ${LATENCY_MS} ms = ${floor} ms`,
  );
  // The first run loads the SDK and warms the JIT: shown, but not the figure to compare.
  describe('warm-up (standard)', await runInProcess('standard', false));
  const normal = await runInProcess('standard', false);
  describe('standard, no throttling', normal);
  console.log(`  -> ${(normal.wallMs / floor).toFixed(2)}x the floor`);
  describe(
    'standard, one region (eu-west-1)',
    await runInProcess('standard', false, ['eu-west-1']),
  );
  describe('adaptive, no throttling', await runInProcess('adaptive', false));
  describe('standard, 1st attempt throttled', await runInProcess('standard', true));
  describe('adaptive, 1st attempt throttled', await runInProcess('adaptive', true));
  if (existsSync(join(__dirname, '..', 'dist', 'cli.js'))) {
    const cli = await runCliProcess(false);
    console.log(
      `CLI process (node dist/cli.js audit --regions all), no throttling: wall ${Math.round(cli.wallMs)} ms, exit ${cli.code}`,
    );
    const cliThrottled = await runCliProcess(true);
    console.log(
      `CLI process, 1st attempt throttled: wall ${Math.round(cliThrottled.wallMs)} ms, exit ${cliThrottled.code}`,
    );
  } else {
    console.log('dist/cli.js missing (npm run build): CLI process not measured');
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
