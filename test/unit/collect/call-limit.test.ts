import { awsClientSettings } from '../../../src/aws-client-settings';
import { EC2Client, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { CallLimiter, limitCalls } from '../../../src/collect/call-limit';

describe('the bound on calls in flight', () => {
  it('never runs more tasks at once than its limit, and runs them all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }),
        async (limit, delays) => {
          // Prepare
          const limiter = new CallLimiter(limit);
          let running = 0;
          let most = 0;

          // Act
          const results = await Promise.all(
            delays.map((delay, index) =>
              limiter.run(async () => {
                running += 1;
                most = Math.max(most, running);
                await new Promise((resolve) => setTimeout(resolve, delay));
                running -= 1;
                return index;
              }),
            ),
          );

          // Assess
          expect(results).toEqual(delays.map((_, index) => index));
          expect(most).toBeLessThanOrEqual(limit);
          expect(limiter.peak).toBe(most);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('frees the slot of a call that fails', async () => {
    // Prepare
    const limiter = new CallLimiter(1);

    // Act
    const failed = limiter.run(() => Promise.reject(new Error('boom')));
    const next = limiter.run(() => Promise.resolve('next'));

    // Assess
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });

  it('holds every HTTP attempt of the SDK clients it limits, across clients, with their middleware cache on', async () => {
    // Prepare: two clients whose handler answers after a tick, limited together to 2 in flight,
    // built with the settings every client of the tool has (the middleware stack cached).
    const limiter = new CallLimiter(2);
    let inFlight = 0;
    let most = 0;
    const requestHandler = {
      handle: async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return {
          response: {
            statusCode: 200,
            headers: {},
            body: Buffer.from(
              '<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><vpcSet/></DescribeVpcsResponse>',
            ),
          },
        };
      },
    };
    const clients = ['us-east-1', 'eu-west-1'].map((region) =>
      limitCalls(
        new EC2Client({
          region,
          credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
          cacheMiddleware: awsClientSettings().cacheMiddleware,
          requestHandler: requestHandler as never,
        }),
        limiter,
      ),
    );

    // Act
    await Promise.all(
      clients.flatMap((client) =>
        Array.from({ length: 5 }, () => client.send(new DescribeVpcsCommand({}))),
      ),
    );

    // Assess
    expect(most).toBe(2);
    expect(limiter.peak).toBe(2);
  });
});
