import { mergeAccountReports } from '../../../src/accounts/merge-reports';
import { formatReport } from '../../../src/format';
import { GENERATED_AT, scenarioReport } from '../../helpers/reports';

describe('the HTML report of an organization', () => {
  it('has an Accounts section where failed, exempt and skipped accounts show with why', () => {
    // Prepare
    const report = mergeAccountReports({
      accountId: '111111111111',
      organizationId: 'o-abcdef1234',
      generatedAt: GENERATED_AT,
      outcomes: [
        {
          accountId: '111111111111',
          name: 'management',
          status: 'audited',
          report: scenarioReport('02'),
        },
        {
          accountId: '222222222222',
          name: 'legacy',
          status: 'failed',
          reason: 'its member role cannot be assumed',
          errors: [
            { region: 'us-east-1', operation: 'AssumeRole', code: 'AccessDenied', message: 'no' },
          ],
        },
        {
          accountId: '333333333333',
          name: 'sandbox',
          status: 'exempt',
          reason: 'tagged vpce-auditor:exempt',
        },
        {
          accountId: '444444444444',
          name: 'closed',
          status: 'skipped',
          reason: 'account state SUSPENDED',
        },
      ],
    });

    // Act
    const html = formatReport(report, 'html');

    // Assess
    expect(html).toContain('<h2 id="accounts">Accounts (4) of <code>o-abcdef1234</code></h2>');
    const rows = [
      ...html.matchAll(
        /<tr class="account[^"]*" data-account="(\d+)" data-status="(\w+)">(.*?)<\/tr>/g,
      ),
    ].map((m) => [m[1], m[2], m[3]]);
    expect(rows.map(([id, status]) => [id, status])).toEqual([
      ['111111111111', 'audited'],
      ['222222222222', 'failed'],
      ['333333333333', 'exempt'],
      ['444444444444', 'skipped'],
    ]);
    expect(rows[1]?.[2]).toContain('its member role cannot be assumed');
    expect(rows[1]?.[2]).toContain('AssumeRole');
    expect(rows[2]?.[2]).toContain('tagged vpce-auditor:exempt');
    expect(rows[3]?.[2]).toContain('account state SUSPENDED');
  });

  it('has no Accounts section for one account', () => {
    expect(formatReport(scenarioReport('02'), 'html')).not.toContain('id="accounts"');
  });
});
