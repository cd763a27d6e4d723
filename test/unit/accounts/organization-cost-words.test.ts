/**
 * An organization's dollars use the words a single account's do: metrics that could not be read are
 * `unknown` (never a total of $0 or "no data"), gateways without data points are `no data` (never
 * `~$0.00` in the accounts table).
 */
import { mergeAccountReports, type AccountOutcome } from '../../../src/accounts/merge-reports';
import { withRollup } from '../../../src/analysis/rollup';
import { applyCostEstimate } from '../../../src/cost/apply-estimate';
import type { CostEstimate } from '../../../src/cost/cost-estimate';
import { accountRollupLines } from '../../../src/format/account-rollup';
import { totalCostText } from '../../../src/format/report-text';
import { accountSectionLines } from '../../../src/publish/account-text';
import { buildChatNotification } from '../../../src/publish/chat-notification';
import { buildAccountMetricData, buildMetricData } from '../../../src/publish/metrics';
import type { Report } from '../../../src/types';
import { costEstimateFor, reportOfSnapshot } from '../../helpers/report-estate';
import { generatedEstate } from '../../helpers/reports';

const HEADER = { generatedAt: '2026-11-29T03:00:00.000Z', accountId: '111111111111' };

function leakingReport(accountId: string, vpcs: number): Report {
  const snapshot = generatedEstate(vpcs, 2, {});
  (snapshot as { accountId: string }).accountId = accountId;
  return reportOfSnapshot(snapshot);
}

/** The report with its metrics unreadable: every region's estimate unknown. */
function unread(report: Report): Report {
  const read = costEstimateFor(report, () => 1);
  const estimate: CostEstimate = {
    ...read,
    regions: read.regions.map((region) => ({
      ...region,
      status: 'unknown' as const,
      error: { code: 'AccessDenied', message: 'cloudwatch:GetMetricData' },
    })),
    gateways: [],
    totalMonthlyUsd: 0,
    partial: true,
  };
  return withRollup(applyCostEstimate(report, estimate));
}

function outcome(report: Report): AccountOutcome {
  return { accountId: report.accountId, status: 'audited', report };
}

function render(rows: readonly (readonly string[])[]): string[] {
  return rows.map((row) => row.join(' | '));
}

describe('organization dollars', () => {
  it.each([1, 2, 5])(
    'says unknown, not $0 or no data, when %i account(s) could not be read and the rest cost nothing',
    (unreadable) => {
      // Prepare: unreadable accounts, and one with no leak at all (estimated at $0)
      const outcomes = [
        ...Array.from({ length: unreadable }, (_, i) =>
          outcome(unread(leakingReport(`2222222222${String(i).padStart(2, '0')}`, 2))),
        ),
        outcome(
          withRollup(
            applyCostEstimate(leakingReport('333333333333', 0), {
              ...costEstimateFor(leakingReport('333333333333', 0), () => 0),
            }),
          ),
        ),
      ];

      // Act
      const merged = mergeAccountReports({ ...HEADER, outcomes });

      // Assess
      expect(totalCostText(merged)).toBe('unknown');
      const lines = accountRollupLines(merged, render).join('\n');
      expect(lines).toMatch(/222222222200 \| .*\| unknown \|/);
      expect(lines).not.toMatch(/222222222200 .*~\$0\.00/);
    },
  );

  it('says no data for an account whose gateways had no data points, as its VPC rows do', () => {
    // Prepare
    const report = leakingReport('444444444444', 3);
    const noData = withRollup(
      applyCostEstimate(
        report,
        costEstimateFor(report, () => 0),
      ),
    );

    // Act
    const merged = mergeAccountReports({ ...HEADER, outcomes: [outcome(noData)] });

    // Assess
    expect(merged.vpcs?.every((vpc) => vpc.costStatus === 'no-data')).toBe(true);
    expect(merged.accounts?.[0]?.summary.costStatus).toBe('no-data');
    expect(accountRollupLines(merged, render).join('\n')).toContain('| no data |');
    expect(totalCostText(merged)).toBe('no data');
  });

  it('keeps the dollars of a priced account', () => {
    // Prepare
    const report = leakingReport('555555555555', 2);
    const priced = withRollup(
      applyCostEstimate(
        report,
        costEstimateFor(report, () => 10),
      ),
    );

    // Act
    const merged = mergeAccountReports({ ...HEADER, outcomes: [outcome(priced)] });

    // Assess
    expect(merged.accounts?.[0]?.summary.costStatus).toBe('priced');
    expect(accountRollupLines(merged, render).join('\n')).toMatch(/\| ~\$\d/);
    expect(totalCostText(merged)).toMatch(/^up to \$/);
  });
});

describe('organization dollars in the notification and the metrics', () => {
  /** A no-data account, an unreadable one and a priced one, merged. */
  function mixed(): Report {
    const noData = leakingReport('444444444444', 3);
    const priced = leakingReport('555555555555', 2);
    return mergeAccountReports({
      ...HEADER,
      outcomes: [
        outcome(
          withRollup(
            applyCostEstimate(
              noData,
              costEstimateFor(noData, () => 0),
            ),
          ),
        ),
        outcome(unread(leakingReport('222222222222', 2))),
        outcome(
          withRollup(
            applyCostEstimate(
              priced,
              costEstimateFor(priced, () => 10),
            ),
          ),
        ),
      ],
    });
  }

  it('says no data and unknown in the message, never $0.00', () => {
    // Act
    const lines = accountSectionLines(mixed());

    // Assess
    const line = (id: string) => lines.find((l) => l.startsWith(`- ${id}`)) ?? '';
    expect(line('444444444444')).toMatch(/\$\/month: no data$/);
    expect(line('222222222222')).toMatch(/\$\/month: unknown$/);
    expect(line('555555555555')).toMatch(/up to \$\d[\d,.]*\/month$/);
    expect(lines.join('\n')).not.toContain('$0.00');
  });

  it('puts no EstimatedMonthlyUsd datum, and words in the chat, where the dollars are no data or unknown', () => {
    // Prepare
    const report = mixed();
    const idle = leakingReport('444444444444', 1);
    const noDataOnly = mergeAccountReports({
      ...HEADER,
      outcomes: [
        outcome(
          withRollup(
            applyCostEstimate(
              idle,
              costEstimateFor(idle, () => 0),
            ),
          ),
        ),
      ],
    });

    // Act
    const usd = (data: ReturnType<typeof buildMetricData>) =>
      data.filter((datum) => datum.MetricName === 'EstimatedMonthlyUsd');
    const perAccount = usd(buildAccountMetricData(report));
    const total = usd(buildMetricData(noDataOnly));
    const chat = buildChatNotification(noDataOnly, 'subject');

    // Assess
    expect(perAccount.map((datum) => datum.Dimensions?.[0]?.Value)).toEqual(['555555555555']);
    expect(totalCostText(noDataOnly)).toBe('no data');
    expect(total).toEqual([]);
    expect(chat.metadata.additionalContext.estimatedMonthlyUsd).toBe('no data');
    expect(usd(buildMetricData(report))).toHaveLength(1);
  });
});
