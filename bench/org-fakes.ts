/**
 * The fakes of bench/org.ts (and bench/bare-sdk-org.ts, which measures a bare AWS SDK program
 * against the very same): AWS Organizations, STS, CloudWatch and EC2 over HTTP on 127.0.0.1 with
 * 100 ms added to every call, an organization of BENCH_ACCOUNTS (default 50) accounts, each with its
 * own fake EC2 (test/support's endpoint, its small generated estate) in 4 regions. One front routes
 * each request by its signing scope (the service) and access key (the account: `ASIA<account>` after
 * AssumeRole, the management account otherwise), counts the calls per account and records them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeEc2Endpoint, type FakeEndpoint } from '../test/support/fake-ec2-endpoint';

export const LATENCY_MS = 100;
export const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 50);
export const REGIONS = ['eu-west-1', 'us-east-1', 'us-east-2', 'us-west-2'];
export const MANAGEMENT = '100000000000';
/** Organizations answers ListAccounts 20 accounts a page (its largest MaxResults). */
export const PAGE = 20;
export const MEMBERS = Array.from({ length: ACCOUNTS - 1 }, (_, i) => String(200000000000 + i));
export const ALL = [MANAGEMENT, ...MEMBERS];

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
export async function startFront(ec2: Map<string, FakeEndpoint>) {
  const calls = new Map<string, number>();
  /** Each account's calls as `service Action`, in the order they came. */
  const log = new Map<string, string[]>();
  const count = (account: string) => calls.set(account, (calls.get(account) ?? 0) + 1);
  const record = (account: string, call: string) =>
    log.set(account, [...(log.get(account) ?? []), call]);
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
      const action = actionOf(incoming) ?? new URLSearchParams(body).get('Action') ?? '?';
      record(account, `${service} ${action}`);
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
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A JSON or CBOR request's action: its `x-amz-target` header, or the last part of its path
 * (`/service/…/operation/GetMetricData`); undefined for a query request (its body says).
 */
function actionOf(incoming: IncomingMessage): string | undefined {
  const target = incoming.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop();
  const operation = /\/operation\/([A-Za-z]+)/.exec(incoming.url ?? '');
  return operation?.[1];
}

/** Starts fresh fakes: every account's EC2, then the front. */
export async function startFakes() {
  const ec2 = new Map<string, FakeEndpoint>();
  for (const account of ALL) {
    ec2.set(
      account,
      await startFakeEc2Endpoint({
        regions: REGIONS,
        latencyMs: LATENCY_MS,
        accountId: account,
        endpointApiBucket: null,
      }),
    );
  }
  const front = await startFront(ec2);
  return {
    ...front,
    /**
     * The environment of a program run against the fakes: the standard SDK chain pointed at the
     * front, with the management account's credentials (no profile, no session token).
     */
    environment: (): NodeJS.ProcessEnv => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        AWS_ENDPOINT_URL: front.url,
        AWS_ACCESS_KEY_ID: 'AKIDMANAGEMENT',
        AWS_SECRET_ACCESS_KEY: 'bench-secret',
        AWS_REGION: 'us-east-1',
      };
      delete env.AWS_PROFILE;
      delete env.AWS_SESSION_TOKEN;
      return env;
    },
    /** An account's calls, `service Action`, sorted: the front's and its EC2's. */
    callsOf: (account: string): string[] =>
      [
        ...(front.log.get(account) ?? []),
        ...(ec2.get(account)?.requests ?? []).map((request) => `ec2 ${request.action}`),
      ].sort(),
    close: async () => {
      await front.close();
      for (const endpoint of ec2.values()) await endpoint.close();
    },
  };
}
