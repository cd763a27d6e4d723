/**
 * A subnet shared with the audited account through AWS RAM belongs to its owner, the only account
 * that can change its route table: the table, markdown and HTML formats name the owner beside the
 * subnet's id, and say nothing more of the account's own subnets.
 */
import { formatReport } from '../../../src/format';
import { formatTable } from '../../../src/format/table';
import type { Report } from '../../../src/types';
import { analyze, estate } from '../../helpers';

const PARTICIPANT = '222222222222';
const OWNER = '111111111111';
const MARK = ` (shared by ${OWNER})`;

/** A participant's view of a VPC whose one subnet leaks through NAT; `owner` owns the subnet. */
function participantReport(owner: string): Report {
  const snapshot = estate()
    .account(PARTICIPANT)
    .vpc('vpc-shared', undefined, { owner })
    .subnet('subnet-shared', 'vpc-shared', undefined, { owner })
    .table('rtb-shared', 'vpc-shared', { main: true })
    .route('0.0.0.0/0', { NatGatewayId: 'nat-shared' })
    .build();
  return analyze(snapshot);
}

describe('a subnet shared through AWS RAM in the human formats', () => {
  it('is named with its owner in the table, markdown and HTML', () => {
    // Prepare
    const report = participantReport(OWNER);

    // Act
    const table = formatTable(report, { width: 200 });
    const markdown = formatReport(report, 'markdown') as string;
    const html = formatReport(report, 'html') as string;

    // Assess
    expect(report.subnets[0]?.ownerId).toBe(OWNER);
    expect(table).toContain(`subnet-shared${MARK}`);
    expect(markdown).toContain(`\`subnet-shared\`${MARK} |`);
    expect(html).toContain(`<code>subnet-shared</code>${MARK}</td>`);
  });

  it.each(['markdown', 'html'] as const)(
    'changes nothing else of the %s: without the owner the report reads as an own subnet’s',
    (format) => {
      // Prepare
      const shared = participantReport(OWNER);
      const unmarked = structuredClone(shared);
      for (const subnet of unmarked.subnets) delete subnet.ownerId;

      // Act
      const withOwner = formatReport(shared, format) as string;
      const withoutOwner = formatReport(unmarked, format) as string;

      // Assess
      expect(withOwner).not.toBe(withoutOwner);
      expect(withOwner.replace(MARK, '')).toBe(withoutOwner);
    },
  );

  it('marks none of the account’s own subnets', () => {
    // Prepare
    const report = participantReport(PARTICIPANT);

    // Act
    const texts = [
      formatTable(report, { width: 200 }),
      formatReport(report, 'markdown') as string,
      formatReport(report, 'html') as string,
    ];

    // Assess
    expect(report.subnets[0]?.ownerId).toBeUndefined();
    for (const text of texts) expect(text).not.toContain('shared by');
  });
});
