import { mergeAccountReports } from '../../../src/accounts/merge-reports';
import { buildMetricData, METRIC_NAMES } from '../../../src/publish/metrics';
import { buildSubject } from '../../../src/publish/sns-message';
import type { Report } from '../../../src/types';
import { GENERATED_AT, scenarioReport } from '../../helpers/reports';

const MANAGEMENT = '111111111111';
const ORGANIZATION = 'o-abcdef1234';

/** An organization run: the management account audited, `refused` accounts failed at AssumeRole. */
function organizationReport(refused: readonly string[], lostRegion = false): Report {
  const audited = scenarioReport('02');
  return mergeAccountReports({
    accountId: MANAGEMENT,
    organizationId: ORGANIZATION,
    generatedAt: GENERATED_AT,
    outcomes: [
      {
        accountId: MANAGEMENT,
        status: 'audited',
        report: {
          ...audited,
          accountId: MANAGEMENT,
          errors: lostRegion
            ? [
                {
                  region: 'eu-west-1',
                  operation: 'DescribeSubnets',
                  code: 'UnauthorizedOperation',
                  message: 'SCP',
                },
              ]
            : [],
        },
      },
      ...refused.map((accountId) => ({
        accountId,
        status: 'failed' as const,
        reason: 'its member role cannot be assumed',
        errors: [
          {
            region: 'us-east-1',
            operation: 'AssumeRole',
            code: 'AccessDenied',
            message: 'not authorized',
          },
        ],
      })),
    ],
  });
}

function metric(report: Report, name: string): number | undefined {
  return buildMetricData(report).find((d) => d.MetricName === name && !d.Dimensions)?.Value;
}

describe('an organization run with failed accounts', () => {
  it('counts the failed accounts in its subject and names the organization, not the management account', () => {
    // Prepare
    const report = organizationReport(['222222222222', '333333333333']);

    // Act
    const subject = buildSubject(report);

    // Assess
    expect(subject).toMatch(/^2 account\(s\) failed: vpce-auditor o-abcdef1234: /);
    expect(subject).not.toContain(MANAGEMENT);
    expect(subject).not.toContain('region(s) failed');
  });

  it('says regions apart from accounts when an audited account lost a region', () => {
    // Prepare
    const report = organizationReport(['222222222222'], true);

    // Act
    const subject = buildSubject(report);

    // Assess
    expect(subject).toMatch(
      /^1 account\(s\) failed, 1 region\(s\) failed: vpce-auditor o-abcdef1234/,
    );
  });

  it('puts AccountsFailed, and RegionsFailed per account and region, in its metrics', () => {
    // Prepare
    const report = organizationReport(['222222222222', '333333333333'], true);

    // Act
    const accountsFailed = metric(report, METRIC_NAMES.accountsFailed);
    const regionsFailed = metric(report, METRIC_NAMES.regionsFailed);

    // Assess
    expect(accountsFailed).toBe(2);
    expect(regionsFailed).toBe(3);
  });

  it('keeps a single-account run as it was: its account in the subject, no AccountsFailed', () => {
    // Prepare
    const report: Report = {
      ...scenarioReport('02'),
      accountId: MANAGEMENT,
      errors: [
        { region: 'eu-west-1', operation: 'DescribeSubnets', code: 'Throttling', message: 'x' },
      ],
    };

    // Act
    const subject = buildSubject(report);

    // Assess
    expect(subject).toMatch(/^1 region\(s\) failed: vpce-auditor 111111111111: /);
    expect(metric(report, METRIC_NAMES.regionsFailed)).toBe(1);
    expect(buildMetricData(report).some((d) => d.MetricName === 'AccountsFailed')).toBe(false);
  });
});
