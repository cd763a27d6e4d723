/** A timed-out call gets at most 3 attempts; throttling keeps the client's longer budget. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DEFAULT_REQUEST_TIMEOUT_MS, HUNG_CALL_BUDGET_MS } from '../../src/aws-client-limits';
import { awsClientSettings } from '../../src/aws-client-settings';
import { MAX_TIMEOUT_ATTEMPTS, awsErrorCode } from '../../src/aws-errors';

/** A local EC2 stand-in: answers each request as `answer` says (`hang` never answers). */
async function stub(answer: (n: number) => 'hang' | 'throttle' | 'ok') {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    requests += 1;
    const what = answer(requests);
    request.resume();
    if (what === 'hang') return;
    if (what === 'throttle') {
      response.writeHead(503, { 'content-type': 'text/xml' });
      response.end(
        '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow down</Message></Error></Errors><RequestID>r</RequestID></Response>',
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end('<DescribeVpcsResponse><vpcSet/></DescribeVpcsResponse>');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function ec2(
  url: string,
  maxAttempts: number,
  retries: boolean[] = [],
  requestTimeoutMs = 200,
): EC2Client {
  return new EC2Client({
    ...awsClientSettings(
      { connectTimeoutMs: 1_000, requestTimeoutMs },
      { maxAttempts, onRetry: ({ timedOut }) => retries.push(timedOut) },
    ),
    endpoint: url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
}

describe('the retry strategy of every AWS client', () => {
  it('gives a call that never answers 3 attempts, not the 10 its client allows', async () => {
    // Prepare
    const server = await stub(() => 'hang');
    const retries: boolean[] = [];

    // Act
    const error = await ec2(server.url, 10, retries)
      .send(new DescribeVpcsCommand({}))
      .catch((e: unknown) => e);
    await server.close();

    // Assess
    expect(awsErrorCode(error)).toBe('TimeoutError');
    expect(server.requests()).toBe(MAX_TIMEOUT_ATTEMPTS);
    expect(retries).toEqual([true, true]);
  });

  it('keeps the long budget for throttling: a call throttled 4 times still gets its answer', async () => {
    // Prepare
    const recovering = await stub((n) => (n <= 4 ? 'throttle' : 'ok'));
    const retries: boolean[] = [];

    // Act
    // A long request timeout: on a loaded machine a slow answer must not count as a timeout.
    const answer = await ec2(recovering.url, 5, retries, 10_000).send(new DescribeVpcsCommand({}));
    await recovering.close();

    // Assess
    expect(answer.Vpcs ?? []).toEqual([]);
    expect(recovering.requests()).toBe(5);
    expect(retries).toEqual([false, false, false, false]);
  }, 30_000);

  it('with the default settings, a hung call is given up well within 2 minutes', () => {
    // Assess: 3 attempts of at most the connection and request timeouts each, plus backoff.
    expect(DEFAULT_REQUEST_TIMEOUT_MS).toBe(20_000);
    expect(HUNG_CALL_BUDGET_MS).toBeLessThanOrEqual(90_000);
  });
});
