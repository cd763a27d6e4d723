/**
 * `--deadline` on the live commands: a region not collected by then becomes its `DeadlineExceeded`
 * error and the others are reported; and the progress line counts the retries of the AWS calls.
 */
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import fc from 'fast-check';
import { MAX_DEADLINE_MS, parseDuration, withProgress } from '../../../src/cli/live-options';
import { progressReporter } from '../../../src/cli/progress-reporter';
import { reportRetry } from '../../../src/cli/retry-feed';
import { UserInputError } from '../../../src/errors';
import type { Report } from '../../../src/types';
import { memoryIo } from '../../helpers/memory-io';
import { accountServing } from '../../helpers/mock-aws';
import { scenarioSnapshot } from '../../helpers/reports';
import { runInMemory } from '../../helpers';

/** The two-region scenario served live, with DescribeSubnets in eu-west-1 never answering. */
function accountWithAHungRegion() {
  const mocked = accountServing(scenarioSnapshot('12'));
  mocked
    .ec2('eu-west-1')
    .on(DescribeSubnetsCommand)
    .callsFake(() => new Promise(() => undefined));
  return mocked;
}

describe('--deadline', () => {
  it.each([
    ['audit', ['--format', 'json', '--no-cost']],
    ['remediate', ['--format', 'json', '--no-cost']],
  ])(
    '%s reports the hung region as DeadlineExceeded and the rest, exit 1',
    async (command, extra) => {
      // Prepare
      const mocked = accountWithAHungRegion();
      const started = Date.now();

      // Act
      const { code, stdout, stderr } = await runInMemory(
        [command, ...extra, '--deadline', '1s'],
        {},
        {
          clients: () => mocked.clients,
        },
      );

      // Assess
      expect(code).toBe(1);
      expect(Date.now() - started).toBeLessThan(10_000);
      const output = JSON.parse(stdout) as Report | { plan: { notPlanned?: unknown[] } };
      expect(stderr).toContain('eu-west-1');
      expect(stderr).toContain('DeadlineExceeded');
      if (command === 'audit') {
        const report = output as Report;
        expect(report.errors).toEqual([
          expect.objectContaining({ region: 'eu-west-1', code: 'DeadlineExceeded' }),
        ]);
        expect(new Set(report.subnets.map((s) => s.region))).toEqual(new Set(['us-east-1']));
      }
    },
  );

  it.each(['0', '0.5s', '-1', 'soon', '5 min', '25h', '1e3', ''])(
    'refuses --deadline %j with exit 2 before any call',
    async (value) => {
      // Prepare
      const mocked = accountWithAHungRegion();

      // Act
      const { code, stderr } = await runInMemory(
        ['audit', '--deadline', value],
        {},
        {
          clients: () => mocked.clients,
        },
      );

      // Assess
      expect(code).toBe(2);
      expect(stderr).toBe(
        `vpce-auditor: --deadline: "${value}" is not a duration from 1s to 24h (a number of seconds, or with ms, s, m or h: 90, 90s, 5m)\n`,
      );
      expect(mocked.sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
    },
  );

  it('reads every duration in every unit, and refuses all beyond its bounds', () => {
    const units = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
    fc.assert(
      fc.property(
        fc.constantFrom('ms', 's', 'm', 'h', '') as fc.Arbitrary<keyof typeof units | ''>,
        fc.integer({ min: 0, max: 200_000_000 }),
        (unit, amount) => {
          const ms = amount * units[unit === '' ? 's' : unit];
          const act = () => parseDuration(`${amount}${unit}`, '--deadline');
          if (ms >= 1000 && ms <= MAX_DEADLINE_MS) expect(act()).toBe(ms);
          else expect(act).toThrow(UserInputError);
        },
      ),
    );
  });
});

describe('retries on the progress line', () => {
  it('counts the retries and those after a timeout on the status line of a terminal', () => {
    // Prepare
    const io = memoryIo({}, true);
    const progress = progressReporter(io, 'normal');

    // Act
    progress.regionsSelected?.(['us-east-1', 'eu-west-1']);
    progress.callRetried?.({ timedOut: true, attempt: 2 });
    progress.callRetried?.({ timedOut: false, attempt: 2 });
    progress.callRetried?.({ timedOut: true, attempt: 3 });

    // Assess
    expect(io.stderr()).toContain(
      'collecting: 0/2 regions, 0 calls in flight, 3 retries (2 after a timeout)',
    );
  });

  it('says one retry in the singular, and each retry on its own line with --verbose', () => {
    // Prepare
    const terminal = memoryIo({}, true);
    const verbose = memoryIo({}, false);

    // Act
    progressReporter(terminal, 'normal').callRetried?.({ timedOut: false, attempt: 2 });
    progressReporter(verbose, 'verbose').callRetried?.({ timedOut: true, attempt: 3 });

    // Assess
    expect(terminal.stderr()).toContain(', 1 retry');
    expect(terminal.stderr()).not.toContain('after a timeout');
    expect(verbose.stderr()).toBe('retrying a call (attempt 3) after a timeout\n');
  });

  it('hears the retries of the clients while a command runs, and no longer after', async () => {
    // Prepare
    const io = memoryIo({}, false);

    // Act
    await withProgress(io, 'verbose', async () => {
      reportRetry({ timedOut: false, attempt: 2 });
    });
    reportRetry({ timedOut: false, attempt: 3 });

    // Assess
    expect(io.stderr()).toBe('retrying a call (attempt 2) after an error\n');
  });
});
