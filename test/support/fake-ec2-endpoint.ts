/**
 * A local stand-in for the EC2 and STS query APIs (benchmarks and integration tests): a small
 * stateful EC2 holding an estate per region (the generated one of the benchmarks, or one seeded by
 * the caller) that answers the collection's `Describe*` calls with their filters and pages, and
 * `CreateVpcEndpoint` / `ModifyVpcEndpoint` with EC2's effects and errors (see fake-ec2-actions.ts).
 * It adds a fixed latency to every call, can throttle the first attempt of every call (HTTP 503
 * `RequestLimitExceeded`), mirrors the endpoint APIs' token bucket, and logs every request.
 * Listens on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ec2ErrorXml, escapeXml } from './ec2-error-xml';
import { Ec2Error, runAction, type ActionContext } from './fake-ec2-actions';
import { generatedEstate, type RegionEstate, type XmlValue } from './fake-ec2-estate';

export type { RegionEstate } from './fake-ec2-estate';

/** `{vpcSet: [{vpcId: 'vpc-1'}]}` → `<vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet>`. */
function toXml(value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => `<item>${toXml(item)}</item>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => `<${key}>${toXml(v)}</${key}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** The token bucket EC2 applies to the endpoint APIs, per account and region. */
export interface EndpointApiBucket {
  capacity: number;
  refillPerSecond: number;
}

/** Options of {@link startFakeEc2Endpoint}. */
export interface FakeEndpointOptions {
  /** Region names served (all opted in). */
  regions: readonly string[];
  /** Latency added to every call, in milliseconds (default none). */
  latencyMs?: number;
  /** Answer the first attempt of every call with HTTP 503 `RequestLimitExceeded` (default not). */
  throttleFirstAttempt?: boolean;
  accountId: string;
  /**
   * The estate of some regions (copied, then changed by the calls); the other regions get the
   * benchmarks' generated estate.
   */
  estates?: Readonly<Record<string, RegionEstate>>;
  /**
   * `CreateVpcEndpoint` and `ModifyVpcEndpoint` (dry runs included) share this bucket per region;
   * an empty bucket answers `RequestLimitExceeded`. Default: AWS's 4 tokens refilled at 0.3 a
   * second; null for none.
   */
  endpointApiBucket?: EndpointApiBucket | null;
  /**
   * Filters answered as not implemented, by action (default none): stands for implementations of the
   * EC2 API whose filter support is partial, such as moto's `DescribeVpcEndpoints` without `vpc-id`.
   */
  unimplementedFilters?: Readonly<Record<string, readonly string[]>>;
  /** Make the change even when `DryRun` is set (moto ignores it on the endpoint APIs). */
  ignoreDryRun?: boolean;
  /**
   * Actions whose first successful answer is lost: the change is made, then the connection is
   * closed without an answer, so the SDK retries the very same request.
   */
  loseFirstAnswerOf?: readonly string[];
}

/** One request as the fake saw it. */
export interface RecordedRequest {
  region: string;
  action: string;
  params: URLSearchParams;
  /** The error code answered, if any. */
  errorCode?: string;
}

/** A running fake endpoint. */
export interface FakeEndpoint {
  url: string;
  /** Calls received per region and action (throttled attempts included). */
  calls: Map<string, Map<string, number>>;
  /** Every request, in order (throttled attempts included). */
  requests: RecordedRequest[];
  /** Requests answered with a throttling error. */
  throttled(): number;
  /** The region's current estate (live: changed by later calls). */
  estate(region: string): RegionEstate | undefined;
  /**
   * Answers a request received by another server (a front that routes many accounts), as if it had
   * come to this one: no second HTTP hop. The request's body must not have been read yet.
   */
  handle(request: IncomingMessage, response: ServerResponse): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

const ENDPOINT_APIS = new Set(['CreateVpcEndpoint', 'ModifyVpcEndpoint']);

/** Starts the endpoint on 127.0.0.1 (a free port). */
export async function startFakeEc2Endpoint(options: FakeEndpointOptions): Promise<FakeEndpoint> {
  const estates = new Map<string, RegionEstate>(
    options.regions.map((region, i) => {
      const seeded = options.estates?.[region];
      return [
        region,
        seeded
          ? (structuredClone(seeded) as RegionEstate)
          : generatedEstate(region, i + 1, options.accountId),
      ];
    }),
  );
  const tokens = new Map<string, Map<string, { fingerprint: string; endpointId: string }>>();
  const bucketSettings =
    options.endpointApiBucket === undefined
      ? { capacity: 4, refillPerSecond: 0.3 }
      : options.endpointApiBucket;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let endpointCounter = 0;
  const calls = new Map<string, Map<string, number>>();
  const requests: RecordedRequest[] = [];
  let throttled = 0;
  const answersToLose = new Set(options.loseFirstAnswerOf ?? []);

  /** Takes a token of the region's endpoint-API bucket; false when it is empty. */
  const takeEndpointToken = (region: string): boolean => {
    if (!bucketSettings) return true;
    const now = Date.now();
    const bucket = buckets.get(region) ?? { tokens: bucketSettings.capacity, at: now };
    bucket.tokens = Math.min(
      bucketSettings.capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * bucketSettings.refillPerSecond,
    );
    bucket.at = now;
    buckets.set(region, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  const answer = (response: ServerResponse, status: number, xml: string) => {
    setTimeout(() => {
      response.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
      response.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
    }, options.latencyMs ?? 0);
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    void readBody(request).then((body) => {
      const params = new URLSearchParams(body);
      const action = params.get('Action') ?? '';
      const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(
        request.headers.authorization ?? '',
      );
      const region = scope?.[1] ?? 'unknown';
      const service = scope?.[2] ?? 'unknown';
      const perRegion = calls.get(region) ?? new Map<string, number>();
      calls.set(region, perRegion);
      perRegion.set(action, (perRegion.get(action) ?? 0) + 1);
      const recorded: RecordedRequest = { region, action, params };
      requests.push(recorded);
      const fail = (status: number, code: string, message: string) => {
        recorded.errorCode = code;
        answer(response, status, ec2ErrorXml(code, message));
      };

      if (service === 'organizations') {
        // The account is in no organization: it carries no exemption tag.
        recorded.action = String(request.headers['x-amz-target'] ?? '').replace(/^.*\./, '');
        recorded.errorCode = 'AWSOrganizationsNotInUseException';
        setTimeout(() => {
          response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
          response.end(
            JSON.stringify({
              __type: 'AWSOrganizationsNotInUseException',
              Message: 'Your account is not a member of an organization.',
            }),
          );
        }, options.latencyMs ?? 0);
        return;
      }
      const attempt = /attempt=(\d+)/.exec(String(request.headers['amz-sdk-request'] ?? ''))?.[1];
      if (options.throttleFirstAttempt && attempt === '1') {
        throttled += 1;
        if (service === 'sts') {
          recorded.errorCode = 'Throttling';
          answer(
            response,
            400,
            `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
          );
        } else {
          fail(503, 'RequestLimitExceeded', 'Request limit exceeded.');
        }
        return;
      }
      if (service === 'sts' && action === 'GetCallerIdentity') {
        answer(
          response,
          200,
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${options.accountId}:user/bench</Arn><UserId>AIDABENCH</UserId><Account>${options.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
        return;
      }
      const ec2 = (result: Record<string, XmlValue>) =>
        answer(
          response,
          200,
          `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>${toXml(result)}</${action}Response>`,
        );
      if (action === 'DescribeRegions') {
        ec2({
          regionInfo: options.regions.map((regionName) => ({
            regionName,
            regionEndpoint: `ec2.${regionName}.amazonaws.com`,
            optInStatus: 'opted-in',
          })),
        });
        return;
      }
      const estate = estates.get(region);
      if (!estate) {
        fail(400, 'InvalidRegion', `unknown region ${region}`);
        return;
      }
      if (ENDPOINT_APIS.has(action) && !takeEndpointToken(region)) {
        throttled += 1;
        fail(503, 'RequestLimitExceeded', 'Request limit exceeded.');
        return;
      }
      let regionTokens = tokens.get(region);
      if (!regionTokens) tokens.set(region, (regionTokens = new Map()));
      const context: ActionContext = {
        region,
        accountId: options.accountId,
        estate,
        tokens: regionTokens,
        nextEndpointId: () => `vpce-0${(++endpointCounter).toString(16).padStart(16, '0')}`,
        ...(options.unimplementedFilters
          ? { unimplementedFilters: options.unimplementedFilters }
          : {}),
        ...(options.ignoreDryRun ? { ignoreDryRun: true } : {}),
      };
      try {
        const result = runAction(action, params, context);
        if (result === undefined) {
          fail(400, 'InvalidAction', `${action} is not served`);
          return;
        }
        if (answersToLose.delete(action)) {
          recorded.errorCode = 'AnswerLost';
          response.socket?.destroy();
          return;
        }
        ec2(result);
      } catch (error) {
        if (!(error instanceof Ec2Error)) throw error;
        fail(error.status, error.code, error.message);
      }
    });
  };
  const server: Server = createServer(handle);

  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    requests,
    throttled: () => throttled,
    estate: (region) => estates.get(region),
    handle,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
