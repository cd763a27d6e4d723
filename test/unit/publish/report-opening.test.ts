import { buildChatNotification } from '../../../src/publish/chat-notification';
import { buildTextSummary } from '../../../src/publish/text-summary';
import { pricedNamedReport } from '../../helpers/report-estate';

describe('the SNS email text and the chat notification', () => {
  it('open with the totals, then the VPCs to fix first by dollars', () => {
    // Prepare
    const report = pricedNamedReport(12, 2);
    const top = report.vpcs?.[0];

    // Act
    const text = buildTextSummary(report);
    const chat = buildChatNotification(report, 'subject');

    // Assess
    const lines = text.split('\n');
    expect(lines.slice(3, 7)).toEqual([
      `Subnets audited: ${report.summary.subnets} in 1 region`,
      `Leaking subnets: ${report.summary.leakingSubnets}`,
      expect.stringMatching(/^Estimated \$\/month: up to \$[\d,.]+\/month$/) as string,
      'Regions failed: 0',
    ]);
    const rollup = lines.findIndex((l) => l.startsWith('VPCs to fix first'));
    expect(rollup).toBeGreaterThan(0);
    expect(rollup).toBeLessThan(lines.findIndex((l) => l.startsWith('Findings')));
    expect(lines[rollup + 1]).toContain(`1. ${top?.vpcId ?? '?'}`);
    expect(chat.content.description.split('\n')[0]).toContain(
      `*Leaking subnets*: ${report.summary.leakingSubnets}`,
    );
    expect(chat.content.description).toContain(`\`${top?.vpcId ?? '?'}\``);
    expect(chat.content.description.indexOf('*VPCs to fix first*')).toBeLessThan(
      chat.content.description.indexOf(top?.vpcId ?? '?'),
    );
  });
});
