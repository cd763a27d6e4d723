/**
 * A fault-injecting HTTP proxy for the fake AWS endpoints: it sits where `AWS_ENDPOINT_URL` points,
 * forwards every request to the upstream fake (fake-ec2-endpoint.ts), and for the requests a rule
 * matches (action, and optionally region, read from the SigV4 credential scope) it instead:
 * - `hang`: never answers (the connection stays open until the proxy closes);
 * - `deny`: answers 403 `UnauthorizedOperation` (EC2's query-protocol error);
 * - `throttle`: answers 503 `RequestLimitExceeded`, the first `times` matching requests (default:
 *   all of them), then forwards;
 * - `delay`: forwards after `ms` milliseconds (a slow call that does complete).
 * The action is the query protocol's `Action` (EC2, STS) or the JSON protocol's `X-Amz-Target`
 * suffix (CloudWatch `GetMetricData`). Listens on 127.0.0.1, on a free port.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ec2ErrorXml } from './ec2-error-xml';

/** What a rule does to the requests it matches. */
export type Fault =
  | { kind: 'hang' }
  | { kind: 'deny' }
  | { kind: 'throttle'; times?: number }
  | { kind: 'delay'; ms: number };

/** One rule: the action (and region) it applies to and the fault. */
export interface FaultRule {
  action: string;
  /** Only requests signed for this region (default: every region). */
  region?: string;
  fault: Fault;
}

/** A running proxy. */
export interface FaultProxy {
  url: string;
  /** Requests each rule caught, by rule index. */
  caught: number[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function actionOf(request: IncomingMessage, body: Buffer): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? '';
  return new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
}

/** Starts the proxy in front of `upstream` (a URL such as `http://127.0.0.1:1234`). */
export async function startFaultProxy(upstream: string, rules: FaultRule[]): Promise<FaultProxy> {
  const target = new URL(upstream);
  const caught = rules.map(() => 0);
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const action = actionOf(request, body);
      const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(
        request.headers.authorization ?? '',
      )?.[1];
      const index = rules.findIndex(
        (rule, i) =>
          rule.action === action &&
          (rule.region === undefined || rule.region === region) &&
          (rule.fault.kind !== 'throttle' ||
            rule.fault.times === undefined ||
            (caught[i] ?? 0) < rule.fault.times),
      );
      const rule = rules[index];
      if (rule) {
        caught[index] = (caught[index] ?? 0) + 1;
        if (rule.fault.kind === 'hang') return; // no answer, ever
        if (rule.fault.kind === 'delay') {
          setTimeout(() => forward(body), rule.fault.ms);
          return;
        }
        const [status, code, message] =
          rule.fault.kind === 'deny'
            ? [403, 'UnauthorizedOperation', `You are not authorized to perform ${action}.`]
            : [503, 'RequestLimitExceeded', 'Request limit exceeded.'];
        response.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
        response.end(ec2ErrorXml(code, message));
        return;
      }
      forward(body);
    });
    const forward = (body: Buffer) => {
      const forwarded = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on('error', () => response.destroy());
      forwarded.end(body);
    };
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    caught,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
