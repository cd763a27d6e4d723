import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { formatRemediation } from '../../../src/format/plan-format';
import { planRemediation } from '../../../src/remediation/plan';
import type { RemediationResult } from '../../../src/remediation/result-types';
import { estate } from '../../helpers';

const snapshot = estate('us-east-1')
  .vpcs([
    {
      id: 'vpc-0a000000000000001',
      tables: [
        { id: 'rtb-011', subnets: ['subnet-011'], via: 'nat-0123456789abcdef0' },
        { id: 'rtb-012', subnets: ['subnet-012'], via: 'tgw-0123456789abcdef0' },
      ],
    },
  ])
  .build();
const plan = planRemediation(analyzeSnapshot(snapshot, { generatedAt: 'now' }), snapshot, {
  services: ['s3'],
});
const result: RemediationResult = {
  accountId: plan.accountId,
  overCap: false,
  verification: 'done',
  results: [
    {
      actionId: 'us-east-1/vpc-0a000000000000001/s3',
      kind: 'create-endpoint',
      region: 'us-east-1',
      vpcId: 'vpc-0a000000000000001',
      service: 's3',
      routeTableIds: ['rtb-011'],
      findingIds: ['111122223333/us-east-1/rtb-011/s3'],
      endpointId: 'vpce-0c000000000000001',
      status: 'verified',
      reason: 'every subnet of rtb-011 now reaches s3 through vpce-0c000000000000001',
    },
  ],
  errors: [],
  counts: {
    endpointsCreated: 1,
    routeTablesAttached: 1,
    applied: 0,
    verified: 1,
    failed: 0,
    skipped: 0,
  },
};

describe('remediation formats', () => {
  it('shows the plan as a dry run with its changes and what it leaves alone', () => {
    // Act
    const text = formatRemediation(plan, 'table');

    // Assess
    expect(text).toContain('(dry run: nothing is changed without --apply)');
    expect(text).toMatch(/us-east-1 +vpc-0a000000000000001 +s3 +create gateway endpoint +rtb-011 /);
    expect(text).toMatch(
      /rtb-012 +s3 +path-not-included +path transit-gateway may pass through central inspection/,
    );
    expect(text).toContain(
      'Summary: 1 change(s): 1 endpoint(s) to create, 1 route table(s) to put on an endpoint; 1 finding(s) left alone',
    );
  });

  it('shows the results with status, endpoint and counts in every format', () => {
    // Act
    const table = formatRemediation(plan, 'table', result);
    const markdown = formatRemediation(plan, 'markdown', result);
    const json = JSON.parse(formatRemediation(plan, 'json', result)) as {
      plan: unknown;
      result: unknown;
    };

    // Assess
    expect(table).toMatch(
      /VERIFIED +us-east-1 +vpc-0a000000000000001 +s3 +create gateway endpoint \(vpce-0c000000000000001\)/,
    );
    expect(table).toContain(
      'Summary: 1 endpoint(s) created, 1 route table(s) attached; 1 verified',
    );
    expect(markdown).toContain('| **verified** | us-east-1 | `vpc-0a000000000000001` | s3 |');
    expect(json).toEqual({ plan, result });
  });
});
