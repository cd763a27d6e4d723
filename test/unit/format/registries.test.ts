import type { Command, Option } from 'commander';
import { auditCommand } from '../../../src/cli/audit-command';
import { diffCommand } from '../../../src/cli/diff-command';
import { measureCommand } from '../../../src/cli/measure-command';
import { MEASURE_PLAN_FORMATS } from '../../../src/cli/measure-plan-format';
import { remediateCommand } from '../../../src/cli/remediate-command';
import { REPORT_FORMATS, formatReport } from '../../../src/format';
import { DIFF_FORMATS, formatDiff } from '../../../src/format/diff-report';
import { PLAN_FORMATS, formatRemediation } from '../../../src/format/plan-format';
import { formatNames, renderedText, renderWith } from '../../../src/format/registry';
import { diffReports } from '../../../src/history/diff';
import { planRemediation } from '../../../src/remediation/plan';
import { ExitCode } from '../../../src/cli/exit-codes';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { estate } from '../../helpers';
import { scenarioReport } from '../../helpers/reports';

function formatChoices(command: Command): readonly string[] | undefined {
  const option = command.options.find((candidate: Option) => candidate.long === '--format');
  return option?.argChoices;
}

const noRun = () => Promise.resolve(ExitCode.Ok);

describe('the output registries', () => {
  it('give each command exactly its registry’s formats as --format choices, in order', () => {
    // Act
    const audit = formatChoices(auditCommand(noRun));
    const remediate = formatChoices(remediateCommand({}, noRun));
    const diff = formatChoices(diffCommand(noRun));
    const measure = formatChoices(measureCommand(noRun));

    // Assess
    expect(audit).toEqual(Object.keys(REPORT_FORMATS));
    expect(remediate).toEqual(Object.keys(PLAN_FORMATS));
    expect(diff).toEqual(Object.keys(DIFF_FORMATS));
    expect(measure).toEqual(Object.keys(MEASURE_PLAN_FORMATS));
    expect(audit).toEqual(expect.arrayContaining(['json', 'asff']));
  });

  it('render every report format, the streamed JSON and ASFF as ordinary entries', () => {
    // Prepare
    const report = scenarioReport('02');

    // Act
    const texts = formatNames(REPORT_FORMATS).map((name) => [
      name,
      renderedText(renderWith(REPORT_FORMATS, name, report, {})),
    ]);

    // Assess
    for (const [name, text] of texts) {
      expect([name, text?.length]).toEqual([name, expect.any(Number)]);
      expect(text).toBe(formatReport(report, name as keyof typeof REPORT_FORMATS));
    }
    expect(JSON.parse(formatReport(report, 'json'))).toMatchObject({ accountId: report.accountId });
    expect(Array.isArray(JSON.parse(formatReport(report, 'asff')))).toBe(true);
  });

  it('stream the JSON report in pieces that can be made again', () => {
    // Prepare
    const rendered = REPORT_FORMATS.json.render(scenarioReport('02'));

    // Act
    const first = typeof rendered === 'string' ? rendered : [...rendered()].join('');
    const second = typeof rendered === 'string' ? rendered : [...rendered()].join('');

    // Assess
    expect(typeof rendered).toBe('function');
    expect(second).toBe(first);
  });

  it('render every plan and diff format', () => {
    // Prepare
    const snapshot = estate('us-east-1')
      .vpcs([
        {
          id: 'vpc-0a000000000000001',
          tables: [{ id: 'rtb-011', subnets: ['subnet-011'], via: 'nat-0123456789abcdef0' }],
        },
      ])
      .build();
    const report = analyzeSnapshot(snapshot, { generatedAt: 'now' });
    const plan = planRemediation(report, snapshot);
    const diff = diffReports(scenarioReport('01'), scenarioReport('02'));

    // Act
    const plans = formatNames(PLAN_FORMATS).map((name) => formatRemediation(plan, name));
    const diffs = formatNames(DIFF_FORMATS).map((name) => formatDiff(diff, name, 100));

    // Assess
    for (const text of [...plans, ...diffs]) expect(text.length).toBeGreaterThan(0);
    expect(JSON.parse(plans[formatNames(PLAN_FORMATS).indexOf('json')] ?? '')).toHaveProperty(
      'plan',
    );
  });
});
