import { RegionLane, defaultPacing } from '../../../src/remediation/pacing';
import { awsError } from '../../helpers';
import { virtualClock } from '../../helpers/virtual-clock';

/** Pacing on a virtual clock, and a call that records the time it starts at. */
function virtualPacing(overrides = {}) {
  const clock = virtualClock();
  const calls: number[] = [];
  const pacing = defaultPacing({
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0,
    ...overrides,
  });
  return {
    pacing,
    sleeps: clock.sleeps,
    calls,
    call: () => Promise.resolve(calls.push(clock.now())),
  };
}

describe('RegionLane', () => {
  it('lets a small burst through, then spaces calls 3.4 s apart', async () => {
    // Prepare
    const time = virtualPacing();
    const lane = new RegionLane(time.pacing);

    // Act
    for (let i = 0; i < 5; i += 1) await lane.run(time.call);

    // Assess
    expect(time.calls).toEqual([0, 0, 0, 3400, 6800]);
  });

  it('spaces every call when the burst is 1, and refills while idle', async () => {
    // Prepare
    const time = virtualPacing({ burst: 1 });
    const lane = new RegionLane(time.pacing);

    // Act
    await lane.run(time.call);
    await lane.run(time.call);
    await time.pacing.sleep(10000);
    await lane.run(time.call);

    // Assess
    expect(time.calls).toEqual([0, 3400, 13400]);
  });

  it('retries RequestLimitExceeded with growing backoff, and gives up after maxAttempts', async () => {
    // Prepare
    const time = virtualPacing({ burst: 1, maxAttempts: 3 });
    const lane = new RegionLane(time.pacing);
    const call = jest.fn(() =>
      Promise.reject(awsError('RequestLimitExceeded', 'Request limit exceeded.')),
    );

    // Act
    const act = lane.run(call);

    // Assess
    await expect(act).rejects.toThrow('Request limit exceeded.');
    expect(call).toHaveBeenCalledTimes(3);
    // backoffs of 5 s and 10 s (halved by the zero jitter); each leaves the bucket empty
    expect(time.sleeps).toEqual([2500, 900, 5000]);
  });

  it('does not retry other errors', async () => {
    // Prepare
    const time = virtualPacing();
    const lane = new RegionLane(time.pacing);
    const call = jest.fn(() => Promise.reject(awsError('UnauthorizedOperation')));

    // Act
    const act = lane.run(call);

    // Assess
    await expect(act).rejects.toThrow('UnauthorizedOperation');
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('retries timeouts and transient failures, a call that keeps timing out 3 times in all', async () => {
    // Prepare
    const time = virtualPacing();
    const lane = new RegionLane(time.pacing);
    let sends = 0;
    const failures = [
      Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }),
      awsError('InternalError'),
      Object.assign(new Error('unavailable'), {
        name: 'Weird',
        $metadata: { httpStatusCode: 503 },
      }),
    ];
    const flaky = () => {
      sends += 1;
      const failure = failures[sends - 1];
      return failure ? Promise.reject(failure) : Promise.resolve('done');
    };
    let hung = 0;
    const neverAnswers = () => {
      hung += 1;
      return Promise.reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    };

    // Act
    const answer = await lane.run(flaky);
    const lastError = await lane.run(neverAnswers).catch((error: unknown) => error);

    // Assess
    expect(answer).toBe('done');
    expect(sends).toBe(4);
    // A timeout is not throttling: at most 3 attempts that time out, not the lane's 6.
    expect(hung).toBe(3);
    expect((lastError as Error).name).toBe('TimeoutError');
  });

  it('does not retry an error that is not transient', async () => {
    // Prepare
    const lane = new RegionLane(virtualPacing().pacing);
    let sends = 0;

    // Act
    const error = await lane
      .run(() => {
        sends += 1;
        return Promise.reject(awsError('InvalidVpcId.NotFound'));
      })
      .catch((e: unknown) => e);

    // Assess
    expect((error as Error).name).toBe('InvalidVpcId.NotFound');
    expect(sends).toBe(1);
  });
});
