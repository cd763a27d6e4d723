/**
 * The roles that audit read flow logs but can never create or delete one, nor its log group, nor
 * pass a delivery role: the audit role, the organization's AuditAccount role and the member role
 * (every statement, those behind a parameter included). The measure role (measureSchedule) is the
 * one role of a function that may, scoped to what a measurement makes; the delivery role is
 * assumed by VPC Flow Logs alone. The packaged template's exact permissions
 * (test/integration/exact-permissions.test.ts) check each function's role against its bundle.
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

  it('gives the one power to the measure role alone, of every role the stack and the member template hold', () => {
    // Prepare
    const roles = [
      ...Object.entries(stack.resources.Resources),
      ...Object.entries(member.Resources).map(([id, r]) => [`member ${id}`, r] as const),
    ].filter(([, resource]) => (resource as { Type?: string }).Type === 'AWS::IAM::Role');

    // Act
    const changing = roles
      .filter(([, resource]) => actionsIn(resource).some((a) => CHANGES_FLOW_LOGS.test(a)))
      .map(([id]) => id);

    // Assess: the delivery role may create a log group, as VPC Flow Logs delivers with it
    expect(roles.length).toBeGreaterThanOrEqual(8);
    expect(changing.sort()).toEqual(['MeasureDeliveryRole', 'MeasureRole']);
    expect(
      actionsIn(stack.resources.Resources.MeasureDeliveryRole).filter((a) => /^(ec2|iam):/.test(a)),
    ).toEqual([]);
  });

  it('lets the measure role create, tag and delete only flow logs tagged as a measurement, and pass only the delivery role to VPC Flow Logs', () => {
    // Prepare
    interface Statement {
      Sid: string;
      Action: string | string[];
      Resource: unknown;
      Condition?: Record<string, Record<string, unknown>>;
    }
    const role = stack.resources.Resources.MeasureRole as {
      Condition: string;
      Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] };
    };
    const statements = role.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement);
    const allowing = (action: string) =>
      statements.filter((s) => [s.Action].flat().includes(action));

    // Act
    const create = allowing('ec2:CreateFlowLogs');
    const remove = allowing('ec2:DeleteFlowLogs');
    const pass = allowing('iam:PassRole');
    const tag = allowing('ec2:CreateTags');

    // Assess
    expect(role.Condition).toBe('MeasureOn');
    expect(
      create.find((s) => JSON.stringify(s.Resource).includes('vpc-flow-log/'))?.Condition,
    ).toEqual({
      Null: { 'aws:RequestTag/vpce-auditor:measure': 'false' },
    });
    expect(remove.map((s) => s.Condition)).toEqual([
      { Null: { 'aws:ResourceTag/vpce-auditor:measure': 'false' } },
    ]);
    expect(tag.map((s) => s.Condition)).toEqual([
      { StringEquals: { 'ec2:CreateAction': 'CreateFlowLogs' } },
    ]);
    expect(pass).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': ['MeasureDeliveryRole', 'Arn'] },
        Condition: { StringEquals: { 'iam:PassedToService': 'vpc-flow-logs.amazonaws.com' } },
      }),
    ]);
    for (const action of ['logs:CreateLogGroup', 'logs:DeleteLogGroup']) {
      expect(JSON.stringify(allowing(action).map((s) => s.Resource))).toContain(
        'log-group:/vpce-auditor/measure/*',
      );
    }
  });

  it('has VPC Flow Logs of this account alone assume the delivery role, with the actions AWS documents', () => {
    // Prepare
    const role = stack.resources.Resources.MeasureDeliveryRole as {
      Condition: string;
      Properties: {
        AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] };
      };
    };

    // Act
    const trust = role.Properties.AssumeRolePolicyDocument.Statement;
    const actions = actionsIn(role).filter((a) => a !== 'sts:AssumeRole');

    // Assess
    expect(role.Condition).toBe('MeasureOn');
    expect(trust).toEqual([
      expect.objectContaining({
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Condition: expect.objectContaining({
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        }) as unknown,
      }),
    ]);
    expect([...new Set(actions)].sort()).toEqual([
      'logs:CreateLogGroup',
      'logs:CreateLogStream',
      'logs:DescribeLogGroups',
      'logs:DescribeLogStreams',
      'logs:PutLogEvents',
    ]);
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
