import { Readable } from 'node:stream';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { collectPages } from '../../../src/collect/call-timing';
import { COST_READ_MAX_ATTEMPTS, defaultClientFactory } from '../../../src/collect/client-factory';
import { regionErrorFrom } from '../../../src/collect/collect-account';
import { describeVpcs } from '../../../src/collect/ec2-collectors';

// aws-sdk-client-mock replaces `send` and so skips the SDK's retry middleware: to test the retries
// the clients really make, answer at the HTTP layer instead.
interface FakeRequest {
  headers: Record<string, string>;
  body?: unknown;
}

const THROTTLED = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r1</RequestID></Response>`;
const VPCS = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r2</requestId><vpcSet><item><vpcId>vpc-0a1b2c3d</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet></DescribeVpcsResponse>`;

/** An HTTP handler that throttles the first `throttledAttempts` attempts of every call. */
function fakeHttp(throttledAttempts: number) {
  const attempts: string[] = [];
  return {
    attempts,
    handler: {
      handle: async (request: FakeRequest) => {
        const attempt = Number(/attempt=(\d+)/.exec(request.headers['amz-sdk-request'] ?? '')?.[1]);
        attempts.push(request.headers['amz-sdk-request'] ?? '');
        const throttled = attempt <= throttledAttempts;
        return {
          response: {
            statusCode: throttled ? 503 : 200,
            headers: { 'content-type': 'text/xml' },
            body: Readable.from([Buffer.from(throttled ? THROTTLED : VPCS)]),
          },
        };
      },
    },
  };
}

describe('defaultClientFactory', () => {
  beforeEach(() => {
    // No jitter: the SDK's backoff is random() x base, so every retry happens at once.
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('retries a throttled call (RequestLimitExceeded once, then the answer)', async () => {
    // Prepare
    const http = fakeHttp(1);
    const clients = defaultClientFactory({
      clientConfig: {
        requestHandler: http.handler as never,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      },
    });

    // Act
    const vpcs = await describeVpcs(clients.ec2('eu-west-1'), { hooks: {} });

    // Assess
    expect(vpcs).toEqual([{ VpcId: 'vpc-0a1b2c3d', CidrBlock: '10.0.0.0/16' }]);
    expect(http.attempts).toEqual(['attempt=1; max=10', 'attempt=2; max=10']);
  });

  it('gives up after maxAttempts and the error names the throttling', async () => {
    // Prepare
    const http = fakeHttp(99);
    const clients = defaultClientFactory({
      maxAttempts: 3,
      clientConfig: {
        requestHandler: http.handler as never,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      },
    });

    // Act
    const failure = await collectPages(
      'DescribeVpcs',
      (async function* () {
        yield await clients.ec2('eu-west-1').send(new DescribeVpcsCommand({}));
      })(),
      (page) => page.Vpcs,
      {},
    ).catch((error: unknown) => error);

    // Assess
    expect(http.attempts).toHaveLength(3);
    expect(regionErrorFrom('eu-west-1', failure)).toEqual({
      region: 'eu-west-1',
      operation: 'DescribeVpcs',
      code: 'RequestLimitExceeded',
      message: 'Request limit exceeded.',
    });
  });

  it('gives endpoint changes a client that sends once: the paced lane is their only retry layer', async () => {
    // Prepare: every attempt throttled
    const http = fakeHttp(99);
    const clients = defaultClientFactory({
      clientConfig: {
        requestHandler: http.handler as never,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      },
    });
    const changes = clients.ec2Changes('eu-west-1');

    // Act
    const sent = changes.send(new DescribeVpcsCommand({})).catch((error: unknown) => error);

    // Assess
    expect((await sent) as Error).toMatchObject({ name: 'RequestLimitExceeded' });
    expect(http.attempts).toHaveLength(1);
    expect(clients.ec2Changes('eu-west-1')).toBe(changes);
    expect(await clients.ec2('eu-west-1').config.maxAttempts()).toBe(10);
  });

  it('caches one EC2 client per region', () => {
    // Prepare
    const clients = defaultClientFactory();

    // Act
    const first = clients.ec2('eu-west-1');

    // Assess
    expect(clients.ec2('eu-west-1')).toBe(first);
    expect(clients.ec2('us-east-1')).not.toBe(first);
    expect(clients.sts()).toBe(clients.sts());
  });

  it('takes the home region it is given for STS instead of asking the SDK chain', async () => {
    // Prepare
    const homeRegion = jest.fn(() => Promise.resolve('eu-central-1'));
    const clients = defaultClientFactory({ homeRegion });

    // Act
    const own = await clients.homeRegion?.();
    const stsRegion = await clients.sts().config.region();

    // Assess
    expect(own).toBe('eu-central-1');
    expect(stsRegion).toBe('eu-central-1');
    expect(homeRegion).toHaveBeenCalled();
  });

  it.each(['cloudwatch', 'logs'] as const)(
    'caches one %s client per region, signing with the factory credentials, with a short retry budget for the cost reads',
    async (service) => {
      // Prepare
      const clients = defaultClientFactory({
        clientConfig: { credentials: { accessKeyId: 'member', secretAccessKey: 'b' } },
      });
      const clientOf = (region: string) => clients[service](region);

      // Act
      const first = clientOf('eu-west-1');
      const credentials = await first?.config.credentials();

      // Assess
      expect(clientOf('eu-west-1')).toBe(first);
      expect(clientOf('us-east-1')).not.toBe(first);
      expect(await first?.config.region()).toBe('eu-west-1');
      expect(credentials?.accessKeyId).toBe('member');
      expect(await first?.config.maxAttempts()).toBe(COST_READ_MAX_ATTEMPTS);
      expect(await clients.ec2('eu-west-1').config.maxAttempts()).toBe(10);
    },
  );
});
