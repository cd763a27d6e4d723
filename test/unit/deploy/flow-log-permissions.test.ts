/**
 * The roles that audit read flow logs but can never create or delete one, nor its log group, nor
 * pass a delivery role: the audit role, the organization's AuditAccount role and the member role
 * (every statement, those behind a parameter included). The packaged template's exact permissions
 * (test/integration/exact-permissions.test.ts) check the same against each bundle's commands.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');

/** The YAML of a file with CloudFormation's short tags (`!Ref x`) read as plain values. */
function readYaml(file: string): unknown {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(
    /!(Ref|Sub|Equals|Not|If|GetAtt|Join|And|Or|Condition)\b/g,
    '',
  );
  return parse(text);
}

/** Every IAM action named under `node`. */
function actionsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(actionsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    key === 'Action' || key === 'NotAction'
      ? (Array.isArray(value) ? value : [value]).filter((a): a is string => typeof a === 'string')
      : actionsIn(value),
  );
}

/** Actions that would create or delete a flow log or its log group, or pass its delivery role. */
const CHANGES_FLOW_LOGS =
  /^(ec2:(CreateFlowLogs|DeleteFlowLogs|Create\*|Delete\*|\*)|iam:(PassRole|\*)|logs:(CreateLogGroup|DeleteLogGroup|PutRetentionPolicy|\*)|\*)$/;

describe('the audit roles and flow logs', () => {
  const stack = readYaml('serverless.yml') as { resources: { Resources: Record<string, unknown> } };
  const member = readYaml('deploy/member-role.yml') as { Resources: Record<string, unknown> };

  it.each([
    ['AuditRole', stack.resources.Resources.AuditRole],
    ['OrgAuditAccountRole', stack.resources.Resources.OrgAuditAccountRole],
    ['the member role', member.Resources],
  ])('%s reads flow logs and can neither create nor delete one', (_name, role) => {
    // Act
    const actions = actionsIn(role);

    // Assess
    expect(actions).toContain('ec2:DescribeFlowLogs');
    expect(actions).toContain('logs:StartQuery');
    expect(actions.filter((action) => CHANGES_FLOW_LOGS.test(action))).toEqual([]);
  });

  it('would notice a role that may create flow logs', () => {
    // Act
    const actions = actionsIn({
      Statement: [{ Action: ['ec2:DescribeFlowLogs', 'ec2:CreateFlowLogs'] }],
    });

    // Assess
    expect(actions.filter((action) => CHANGES_FLOW_LOGS.test(action))).toEqual([
      'ec2:CreateFlowLogs',
    ]);
  });
});
