import fc from 'fast-check';
import { NOTIFY_MODES } from '../../../src/config';
import {
  notificationPolicy,
  shouldNotify,
  type NotificationPolicy,
} from '../../../src/publish/notification-policy';
import { countResults, type RemediationResult } from '../../../src/remediation/result-types';
import type { HistorySummary, RegionError, Report, Severity } from '../../../src/types';
import { finding, report } from '../../helpers';

const FAILED: RegionError = {
  region: 'eu-west-1',
  operation: 'DescribeSubnets',
  code: 'Timeout',
  message: 'timed out',
};

const NO_CHANGE: HistorySummary = {
  since: '2026-11-26T03:00:00.000Z',
  new: { findings: 0 },
  persisting: { findings: 1 },
  resolved: { findings: 0 },
  carried: 0,
};

function remediation(errors: RegionError[] = []): RemediationResult {
  return {
    accountId: '111122223333',
    overCap: false,
    verification: 'not-run',
    results: [],
    errors,
    counts: countResults([]),
  };
}

const policy = (mode: NotificationPolicy['mode'], minSeverity: Severity = 'low') => ({
  mode,
  minSeverity,
});

describe('the notification policy', () => {
  it('is built from the configuration, NOTIFY_MIN_SEVERITY defaulting to low', () => {
    // Act
    const built = notificationPolicy({ notify: 'on-change', notifyMinSeverity: 'high' });
    const remediateFunction = notificationPolicy({ notify: 'on-leak' });

    // Assess
    expect(built).toEqual({ mode: 'on-change', minSeverity: 'high' });
    expect(remediateFunction).toEqual({ mode: 'on-leak', minSeverity: 'low' });
  });

  it('notifies a leak under on-leak only when it is at least the least severity', () => {
    // Prepare
    const medium = report([finding({ severity: 'medium' })]);
    const exemptHigh = report([finding({ severity: 'high', exempt: true })]);

    // Act
    const decisions = [
      shouldNotify(policy('on-leak'), { report: medium }),
      shouldNotify(policy('on-leak', 'high'), { report: medium }),
      shouldNotify(policy('on-leak'), { report: exemptHigh }),
      shouldNotify(policy('on-leak'), { report: report([]) }),
    ];

    // Assess
    expect(decisions).toEqual([true, false, false, false]);
  });

  it('notifies under on-change only a new or resolved leak, and falls back to on-leak without history', () => {
    // Prepare
    const persisting = report([finding({ status: 'persisting' })], {
      summary: { subnets: 1, leakingSubnets: 1, byPath: {}, history: NO_CHANGE },
    });
    const fresh = report([finding({ status: 'new' })], {
      summary: { subnets: 1, leakingSubnets: 1, byPath: {}, history: NO_CHANGE },
    });
    const noHistory = report([finding()]);

    // Act
    const decisions = [persisting, fresh, noHistory].map((r) =>
      shouldNotify(policy('on-change'), { report: r }),
    );

    // Assess
    expect(decisions).toEqual([false, true, true]);
  });

  it('notifies a failed region or a remediation that failed whatever the leaks', () => {
    // Act
    const decisions = [
      shouldNotify(policy('on-leak', 'high'), { report: report([], { errors: [FAILED] }) }),
      shouldNotify(policy('on-change'), { remediation: remediation([FAILED]) }),
      shouldNotify(policy('on-leak'), { remediation: remediation() }),
      shouldNotify(policy('on-leak'), { report: report([]), remediation: remediation() }),
    ];

    // Assess
    expect(decisions).toEqual([true, true, false, false]);
  });

  it('always notifies under always, and never a clean run under the other modes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTIFY_MODES),
        fc.constantFrom<Severity>('high', 'medium', 'low'),
        fc.boolean(),
        (mode, minSeverity, withRemediation) => {
          // Prepare
          const clean: Report = report([]);
          const run = { report: clean, ...(withRemediation ? { remediation: remediation() } : {}) };

          // Act
          const notified = shouldNotify({ mode, minSeverity }, run);

          // Assess
          expect(notified).toBe(mode === 'always');
        },
      ),
    );
  });
});
