import { analyzeSnapshot } from '../../../src/analysis/analyze';
import {
  buildRemediationSnsMessage,
  buildRemediationSubject,
} from '../../../src/publish/remediation-message';
import type { PublishedRemediation } from '../../../src/publish/types';
import { planRemediation } from '../../../src/remediation/plan';
import { countResults, type ActionResult } from '../../../src/remediation/result-types';
import type { RemediationResult } from '../../../src/remediation/result-types';
import { estate } from '../../helpers';

/** A plan of many actions and a result where every tenth action failed. */
function bigRun(vpcs: number) {
  const snapshot = estate('us-east-1')
    .vpcs(
      Array.from({ length: vpcs }, (_, v) => ({
        id: `vpc-${v.toString(16).padStart(17, '0')}`,
        tables: [0, 1].map((t) => ({
          id: `rtb-${v.toString(16).padStart(8, '0')}${t}`,
          subnets: [`subnet-${v.toString(16).padStart(8, '0')}${t}`],
          via: 'nat-0123456789abcdef0',
        })),
      })),
    )
    .build();
  const report = analyzeSnapshot(snapshot, { generatedAt: '2026-11-27T03:00:00.000Z' });
  const plan = planRemediation(report, snapshot, { maxChanges: 100_000 });
  const results: ActionResult[] = plan.actions.map((action, index) => ({
    actionId: action.id,
    kind: action.kind,
    region: action.region,
    vpcId: action.vpcId,
    service: action.service,
    routeTableIds: action.routeTableIds,
    findingIds: action.findingIds,
    status: index % 10 === 9 ? 'failed' : 'verified',
    reason: index % 10 === 9 ? 'RouteAlreadyExists: a route exists' : 'verified',
  }));
  const result: RemediationResult = {
    accountId: plan.accountId,
    overCap: false,
    verification: 'done',
    results,
    errors: [],
    counts: countResults(results),
  };
  return { plan, result };
}

function sqsOf(message: string): PublishedRemediation {
  return JSON.parse((JSON.parse(message) as { default: string }).default) as PublishedRemediation;
}

describe('the remediation SNS message', () => {
  it('carries the whole plan and result when they fit', () => {
    // Prepare
    const run = bigRun(3);

    // Act
    const built = buildRemediationSnsMessage(run);

    // Assess
    expect(sqsOf(built.message.Message)).toEqual({ schemaVersion: 1, kind: 'remediation', ...run });
    expect(built.message.MessageStructure).toBe('json');
  });

  it('trims to the byte budget, keeping failed results first and saying what was left out', () => {
    // Prepare
    const run = bigRun(400);
    const maxBytes = 150_000;

    // Act
    const built = buildRemediationSnsMessage(run, { maxBytes });

    // Assess
    expect(built.bytes).toBeLessThanOrEqual(maxBytes);
    expect(Buffer.byteLength(built.message.Message, 'utf8')).toBe(built.bytes);
    const published = sqsOf(built.message.Message);
    if (!('digest' in published)) throw new Error('expected a digest');
    const { digest, truncated } = published;
    const failed = run.result.results.filter((r) => r.status === 'failed').length;
    expect(digest.counts).toEqual(run.result.counts);
    expect(digest.results.length).toBeGreaterThanOrEqual(failed);
    expect(digest.results.length).toBeLessThan(run.result.results.length);
    expect(digest.results.filter((r) => r.status === 'failed')).toHaveLength(failed);
    expect(digest.resultsOmitted).toBe(run.result.results.length - digest.results.length);
    expect(truncated.note).toContain(
      `${digest.resultsOmitted} of ${run.result.results.length} results were left out`,
    );
  });

  it('keeps the subject under 100 characters with large counts, failures and a long account id', () => {
    // Prepare
    const { result } = bigRun(3);
    const large: RemediationResult = {
      ...result,
      accountId: '111122223333',
      counts: {
        ...result.counts,
        endpointsCreated: 12345,
        routeTablesAttached: 67890,
        failed: 4321,
      },
    };

    // Act
    const subject = buildRemediationSubject(large);

    // Assess
    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(
      /^4321 action\(s\) failed: vpce-auditor 111122223333 remediation: 12345 endpoints created/,
    );
  });

  it('warns in the email text that aws:SourceIp conditions stop matching once traffic moved', () => {
    // Prepare
    const run = bigRun(1);

    // Act
    const built = buildRemediationSnsMessage(run);

    // Assess
    const email = (JSON.parse(built.message.Message) as { email: string }).email;
    expect(email).toContain('aws:SourceIp stop matching');
    expect(email).toContain('aws:SourceVpce or aws:SourceVpc');
  });
});
