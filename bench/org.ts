/**
 * Benchmark of `vpce-auditor audit --org`: a local fake of AWS Organizations, STS, CloudWatch and
 * EC2 over HTTP on 127.0.0.1, 100 ms added to every call, an organization of 50 accounts × 4
 * regions (each account's EC2 is the fake EC2 endpoint of test/support with its small generated
 * estate). The CLI, built from the current sources first (dist/cli.js), runs as its own process through the
 * standard SDK chain (AWS_ENDPOINT_URL pointing at the fakes, which stay in this process): it lists
 * the organization, assumes each member role, audits every region with the cost estimate. Prints
 * each run's wall time next to its floor (the fewest dependent round trips × 100 ms, every account
 * in parallel, plus the CLI's start-up), the CLI's CPU time, the calls per account and the load
 * average; the single-account audit is run too for comparison.
 *
 * Run: npx tsx bench/org.ts
 * (BENCH_CLI=path runs that bundle instead of building one; BENCH_REPEATS=n runs each case n times; BENCH_CPU_PROF=dir writes a CPU profile per CLI run.)
 */
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Report } from '../src/types';
import { startFakeEc2Endpoint, type FakeEndpoint } from '../test/support/fake-ec2-endpoint';

/** The bundle run (BENCH_CLI=path compares another build). */
const CLI = resolve(process.env.BENCH_CLI ?? join(__dirname, '..', 'dist', 'cli.js'));
const LATENCY_MS = 100;
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 50);
const REGIONS = ['eu-west-1', 'us-east-1', 'us-east-2', 'us-west-2'];
const MANAGEMENT = '100000000000';
/** Organizations answers ListAccounts 20 accounts a page (its largest MaxResults). */
const PAGE = 20;
const MEMBERS = Array.from({ length: ACCOUNTS - 1 }, (_, i) => String(200000000000 + i));
const ALL = [MANAGEMENT, ...MEMBERS];

setTimeout(() => {
  console.error('bench/org: timed out');
  process.exit(1);
}, 300_000).unref();

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => (body += chunk));
    incoming.on('end', () => resolve(body));
    incoming.on('error', reject);
  });
}

/** The fake front: routes by the signing scope (service) and access key (account). */
async function startFront(ec2: Map<string, FakeEndpoint>) {
  const calls = new Map<string, number>();
  const count = (account: string) => calls.set(account, (calls.get(account) ?? 0) + 1);
  const later = (response: ServerResponse, status: number, type: string, body: string) =>
    setTimeout(() => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    }, LATENCY_MS);
  const server = createServer((incoming, response) => {
    const auth = incoming.headers.authorization ?? '';
    const scope = /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(auth);
    const key = scope?.[1] ?? '';
    const service = scope?.[3] ?? '';
    const account = key.startsWith('ASIA') ? key.slice(4) : MANAGEMENT;
    count(account);
    const accountEc2 = ec2.get(account);
    if (service === 'ec2' && accountEc2) {
      // The account's own fake EC2 answers (and adds the latency itself), in this process.
      accountEc2.handle(incoming, response);
      return;
    }
    void readBody(incoming).then((body) => {
      if (service === 'organizations') {
        const target = String(incoming.headers['x-amz-target'] ?? '').split('.')[1];
        const input = JSON.parse(body || '{}') as { NextToken?: string };
        if (target === 'DescribeOrganization') {
          later(
            response,
            200,
            'application/x-amz-json-1.1',
            JSON.stringify({ Organization: { Id: 'o-bench00000', MasterAccountId: MANAGEMENT } }),
          );
        } else if (target === 'ListAccounts') {
          const start = Number(input.NextToken ?? 0);
          const page = ALL.slice(start, start + PAGE).map((Id) => ({
            Id,
            Name: `account-${Id}`,
            State: 'ACTIVE',
            Status: 'ACTIVE',
          }));
          const next = start + PAGE < ALL.length ? { NextToken: String(start + PAGE) } : {};
          later(
            response,
            200,
            'application/x-amz-json-1.1',
            JSON.stringify({ Accounts: page, ...next }),
          );
        } else if (target === 'ListTagsForResource') {
          later(response, 200, 'application/x-amz-json-1.1', JSON.stringify({ Tags: [] }));
        } else {
          later(
            response,
            400,
            'application/x-amz-json-1.1',
            JSON.stringify({ __type: 'InvalidInputException', message: target }),
          );
        }
        return;
      }
      if (service === 'monitoring') {
        later(
          response,
          200,
          'application/x-amz-json-1.0',
          JSON.stringify({ MetricDataResults: [] }),
        );
        return;
      }
      if (service === 'sts') {
        const params = new URLSearchParams(body);
        const action = params.get('Action');
        if (action === 'AssumeRole') {
          const member = /iam::(\d{12}):role\//.exec(params.get('RoleArn') ?? '')?.[1] ?? '';
          const expiration = new Date(Date.now() + 3_600_000).toISOString();
          later(
            response,
            200,
            'text/xml',
            `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${member}</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${member}:assumed-role/vpce-auditor-member/vpce-auditor</Arn><AssumedRoleId>AROA:vpce-auditor</AssumedRoleId></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
          );
        } else {
          later(
            response,
            200,
            'text/xml',
            `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/bench</Arn><UserId>AIDA</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
          );
        }
        return;
      }
      later(
        response,
        400,
        'text/xml',
        `<ErrorResponse><Error><Code>UnknownService</Code><Message>${service}</Message></Error></ErrorResponse>`,
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface RunFigures {
  wallMs: number;
  /** CPU time of the CLI process. */
  cpuMs: number;
  /** CPU time of this process during the run: the fakes, which share the machine with the CLI. */
  fakeCpuMs: number;
  code: number;
  report: Report;
  callsPerAccount: { min: number; max: number; management: number };
}

/** Runs the built CLI (dist/cli.js) as its own process: the fakes keep this one. */
function runChild(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; err: string; cpuMs: number }> {
  // BENCH_CPU_PROF=dir: a V8 CPU profile of the CLI process (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
    : [];
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        ...profile,
        '-e',
        `const c0=process.cpuUsage();process.on('exit',()=>{const c=process.cpuUsage(c0);process.stderr.write('\\nCPU '+((c.user+c.system)/1000)+'\\n')});process.argv.splice(1,0,'cli');require(${JSON.stringify(CLI)})`,
        '--',
        ...args,
      ],
      {
        env: {
          ...env,
          NODE_NO_WARNINGS: '1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('exit', (code) =>
      resolve({
        code: code ?? -1,
        out,
        err,
        cpuMs: Number(/CPU ([\d.]+)/.exec(err)?.[1] ?? NaN),
      }),
    );
  });
}

/** One audit by the CLI process against fresh fakes: `--org`, or the caller's account alone. */
async function run(extraArgs: string[], org = true): Promise<RunFigures> {
  const ec2 = new Map<string, FakeEndpoint>();
  for (const account of ALL) {
    ec2.set(
      account,
      await startFakeEc2Endpoint({
        regions: REGIONS,
        latencyMs: LATENCY_MS,
        throttleFirstAttempt: false,
        accountId: account,
        endpointApiBucket: null,
      }),
    );
  }
  const front = await startFront(ec2);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: front.url,
    AWS_ACCESS_KEY_ID: 'AKIDMANAGEMENT',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_REGION: 'us-east-1',
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  try {
    const argv = [
      'audit',
      ...(org ? ['--org'] : []),
      '--regions',
      REGIONS.join(','),
      '--format',
      'json',
      '--quiet',
      ...extraArgs,
    ];
    const started = performance.now();
    const fakeCpu = process.cpuUsage();
    const child = await runChild(argv, env);
    const wallMs = performance.now() - started;
    const fakeCpuUsed = process.cpuUsage(fakeCpu);
    if (!child.out.trim()) {
      throw new Error(`the CLI printed no report (exit ${child.code}):\n${child.err.trim()}`);
    }
    const perAccount = ALL.map((account) => front.calls.get(account) ?? 0);
    const members = perAccount.slice(1);
    return {
      wallMs,
      cpuMs: child.cpuMs,
      fakeCpuMs: (fakeCpuUsed.user + fakeCpuUsed.system) / 1000,
      code: child.code,
      report: JSON.parse(child.out) as Report,
      callsPerAccount: {
        min: Math.min(...members),
        max: Math.max(...members),
        management: perAccount[0] ?? 0,
      },
    };
  } finally {
    await front.close();
    for (const endpoint of ec2.values()) await endpoint.close();
  }
}

/**
 * The dependent round trips of the whole run with every account in parallel: GetCallerIdentity;
 * DescribeOrganization ‖ ListAccounts (its pages one after the other); then per account, all
 * accounts at once: ListTagsForResource (exempt tag), AssumeRole (the management account skips it:
 * its own credentials), DescribeRegions, the Describe* calls ‖ DescribeManagedPrefixLists,
 * GetManagedPrefixListEntries, GetMetricData (cost).
 */
const PAGES = Math.ceil(ALL.length / PAGE);
const ORG_ROUND_TRIPS = 1 + PAGES + 6;
/** The same for the caller's account alone: GetCallerIdentity ‖ DescribeRegions, then 3. */
const SINGLE_ROUND_TRIPS = 4;

/**
 * What any CLI run pays before its first call and after its last: starting node, loading the
 * bundle, printing. Measured (best of 3) as `--version` of the same bundle; the floor adds it
 * because the single-account run pays it too; leaving it out would make the floor unreachable by
 * any CLI, however fast its calls.
 */
async function startupMs(): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    await runChild(['--version'], process.env);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function describe(label: string, figures: RunFigures, floor: number): void {
  const accounts = figures.report.accounts ?? [];
  const audited = figures.report.accounts
    ? `${accounts.filter((a) => a.status === 'audited').length}/${accounts.length} accounts audited, `
    : '';
  const calls = figures.report.accounts
    ? `calls per member account ${figures.callsPerAccount.min}-${figures.callsPerAccount.max}, management ${figures.callsPerAccount.management}`
    : `calls ${figures.callsPerAccount.management}`;
  console.log(
    `${label.padEnd(34)} wall ${Math.round(figures.wallMs).toString().padStart(6)} ms = ${(figures.wallMs / floor).toFixed(2)}x its floor (cpu: cli ${Math.round(figures.cpuMs)} ms, fakes ${Math.round(figures.fakeCpuMs)} ms); exit ${figures.code}; ` +
      `${audited}${figures.report.summary.subnets} subnets, ${figures.report.errors.length} errors; ${calls}; load ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}`,
  );
}

async function main(): Promise<void> {
  // A stale dist/ would measure yesterday's code (or refuse today's flags).
  if (!process.env.BENCH_CLI) {
    execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build-cli.mjs')], {
      stdio: 'inherit',
    });
  }
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const startup = await startupMs();
  const orgFloor = ORG_ROUND_TRIPS * LATENCY_MS + startup;
  const singleFloor = SINGLE_ROUND_TRIPS * LATENCY_MS + startup;
  console.log(
    `bench/org: ${ACCOUNTS} accounts x ${REGIONS.length} regions, ${LATENCY_MS} ms added to every call, ${cpus().length} cores, load ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `floor --org (every account in parallel) = ${ORG_ROUND_TRIPS} dependent round trips x ${LATENCY_MS} ms ` +
      `[GetCallerIdentity 1 + ListAccounts pages ${PAGES} + ListTagsForResource 1 + AssumeRole 1 + DescribeRegions 1 + Describe* 1 + GetManagedPrefixListEntries 1 + GetMetricData 1] ` +
      `+ CLI start-up ${Math.round(startup)} ms = ${Math.round(orgFloor)} ms`,
  );
  console.log(
    `floor single account = ${SINGLE_ROUND_TRIPS} round trips x ${LATENCY_MS} ms + CLI start-up ${Math.round(startup)} ms = ${Math.round(singleFloor)} ms`,
  );
  for (let i = 1; i <= repeats; i += 1) {
    describe(`single account, run ${i}`, await run([], false), singleFloor);
  }
  for (let i = 1; i <= repeats; i += 1) {
    describe(
      `--org, 50 accounts at once, run ${i}`,
      await run(['--account-concurrency', '50']),
      orgFloor,
    );
  }
  describe('--org, defaults (8 at once)', await run([]), orgFloor);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
