import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  PRIVATE_BUCKET_PROPERTIES,
  actionsOf,
  ORGANIZATION_PARAMS,
  packageWithParams,
  roleStatements,
  type CfnResource,
  type CfnTemplate,
} from '../helpers/packaging';
import { settingsReadBy } from '../../src/config';

let template: CfnTemplate;
let folder: string;

function resource(id: string): CfnResource {
  const found = template.Resources[id];
  expect(found).toBeDefined();
  return found as CfnResource;
}

function actions(roleId: string): string[] {
  return roleStatements(template, roleId)
    .filter((statement) => statement.Sid !== 'WriteOwnLogs')
    .flatMap(actionsOf)
    .sort();
}

const BUCKET = { Ref: 'ReportBucket' };
const runs = { 'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Bucket}/runs/*', { Bucket: BUCKET }] };

beforeAll(() => {
  // Prepare: the stack packaged with organization=true, in a copy of the service (kept for the
  // other suites that read the same stack).
  const outcome = packageWithParams(ORGANIZATION_PARAMS);
  if (!outcome.ok) throw new Error(outcome.output);
  template = outcome.template;
  folder = outcome.folder;
}, 300_000);

describe('the stack packaged with organization=true', () => {
  it('is cfn-lint clean', () => {
    // Act / Assess: cfn-lint exits non-zero on any error or warning.
    expect(() =>
      execFileSync('cfn-lint', [join(folder, 'cloudformation-template-update-stack.json')], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it('starts the state machine <service>-<stage>-org on the nightly schedule instead of the audit function', () => {
    // Assess
    const rules = Object.entries(template.Resources).filter(
      ([, r]) => r.Type === 'AWS::Events::Rule',
    );
    expect(rules.map(([id]) => id)).toEqual(['OrgScheduleRule']);
    expect(resource('OrgScheduleRule').Properties).toMatchObject({
      ScheduleExpression: 'cron(0 3 * * ? *)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { Ref: 'OrgStateMachine' },
          RoleArn: { 'Fn::GetAtt': ['OrgScheduleRole', 'Arn'] },
        },
      ],
    });
    expect(roleStatements(template, 'OrgScheduleRole')).toEqual([
      expect.objectContaining({
        Action: 'states:StartExecution',
        Resource: { Ref: 'OrgStateMachine' },
      }),
    ]);
    expect(resource('OrgStateMachine').Properties).toMatchObject({
      StateMachineName: 'vpce-auditor-dev-org',
      StateMachineType: 'STANDARD',
      DefinitionSubstitutions: {
        ListAccountsFunctionArn: { 'Fn::GetAtt': ['OrgListAccountsLambdaFunction', 'Arn'] },
        AuditAccountFunctionArn: { 'Fn::GetAtt': ['OrgAuditAccountLambdaFunction', 'Arn'] },
        AggregateFunctionArn: { 'Fn::GetAtt': ['OrgAggregateLambdaFunction', 'Arn'] },
        ReportBucket: BUCKET,
      },
    });
    const definition = resource('OrgStateMachine').Properties.Definition as {
      States: Record<string, { MaxConcurrency?: number }>;
    };
    expect(definition.States.AuditAccounts?.MaxConcurrency).toBe(40);
  });

  it('gives the three functions their handlers and only the variables each reads', () => {
    // Assess
    for (const [id, name, handler] of [
      ['OrgListAccountsLambdaFunction', 'orgListAccounts', 'handlers/org-list-accounts.handler'],
      ['OrgAuditAccountLambdaFunction', 'orgAuditAccount', 'handlers/org-audit-account.handler'],
      ['OrgAggregateLambdaFunction', 'orgAggregate', 'handlers/org-aggregate.handler'],
    ] as const) {
      const properties = resource(id).Properties;
      const variables = (properties.Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(properties).toMatchObject({ Handler: handler, Runtime: 'nodejs22.x' });
      expect(variables.REPORT_BUCKET).toEqual(BUCKET);
      // Each variable the function reads that the stack sets (the clients' timeouts it does not).
      expect(Object.keys(variables).sort()).toEqual(
        settingsReadBy(name)
          .filter((setting) => setting.stack !== undefined)
          .map(({ variable }) => variable)
          .sort(),
      );
      // The remediation settings never reach them: a bad policy file cannot stop a run.
      expect(variables).not.toHaveProperty('ENDPOINT_POLICY_S3_FILE');
    }
    const variablesOf = (id: string) =>
      (resource(id).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variablesOf('OrgAuditAccountLambdaFunction').MEMBER_ROLE_NAME).toBe('auditor-member');
    expect(variablesOf('OrgAggregateLambdaFunction').ACCOUNT_METRICS).toBe('false');
  });

  it('gives each role exactly the actions of its function', () => {
    // Assess
    expect(actions('OrgListAccountsRole')).toEqual([
      'organizations:DescribeOrganization',
      'organizations:ListAccounts',
      'organizations:ListAccountsForParent',
      'organizations:ListOrganizationalUnitsForParent',
      'organizations:ListTagsForResource',
      's3:PutObject',
    ]);
    expect(actions('OrgAuditAccountRole')).toEqual([
      'cloudwatch:GetMetricData',
      'ec2:DescribeEgressOnlyInternetGateways',
      'ec2:DescribeFlowLogs',
      'ec2:DescribeInternetGateways',
      'ec2:DescribeManagedPrefixLists',
      'ec2:DescribeNatGateways',
      'ec2:DescribeRegions',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSubnets',
      'ec2:DescribeTransitGatewayAttachments',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcs',
      'ec2:GetManagedPrefixListEntries',
      'logs:GetQueryResults',
      'logs:StartQuery',
      'logs:StopQuery',
      's3:PutObject',
      'sts:AssumeRole',
    ]);
    // The stack's own topic key (created by default) is used through SNS only.
    expect(actions('OrgAggregateRole')).toEqual([
      'cloudwatch:PutMetricData',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'sns:Publish',
    ]);
  });

  it('lets AuditAccount assume only role/<memberRoleName>, and write only under runs/ (Aggregate also the merged report and its history)', () => {
    // Assess
    const assume = roleStatements(template, 'OrgAuditAccountRole').find(
      (s) => s.Action === 'sts:AssumeRole',
    );
    expect(assume?.Resource).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/auditor-member',
    });
    for (const role of ['OrgListAccountsRole', 'OrgAuditAccountRole']) {
      const put = roleStatements(template, role).find((s) => s.Action === 's3:PutObject');
      expect(put?.Resource).toEqual(runs);
    }
    const aggregatePut = roleStatements(template, 'OrgAggregateRole').find(
      (s) => s.Sid === 'WriteMergedReport',
    );
    expect(aggregatePut?.Resource).toEqual([
      runs,
      { 'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Bucket}/latest/*', { Bucket: BUCKET }] },
      { 'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Bucket}/reports/*', { Bucket: BUCKET }] },
    ]);
    const aggregateGet = roleStatements(template, 'OrgAggregateRole').find(
      (s) => s.Sid === 'ReadRunFiles',
    );
    expect(aggregateGet?.Resource).toEqual([
      runs,
      {
        'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Bucket}/latest/report.jsonl', { Bucket: BUCKET }],
      },
      {
        'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Bucket}/latest/report.json', { Bucket: BUCKET }],
      },
    ]);
  });

  it('lets the state machine invoke its three functions and run its own children only', () => {
    // Assess
    const byAction = Object.fromEntries(
      roleStatements(template, 'OrgStateMachineRole').flatMap((s) =>
        (Array.isArray(s.Action) ? s.Action : [s.Action]).map((action) => [action, s.Resource]),
      ),
    );
    expect(byAction['lambda:InvokeFunction']).toEqual([
      { 'Fn::GetAtt': ['OrgListAccountsLambdaFunction', 'Arn'] },
      { 'Fn::GetAtt': ['OrgAuditAccountLambdaFunction', 'Arn'] },
      { 'Fn::GetAtt': ['OrgAggregateLambdaFunction', 'Arn'] },
    ]);
    expect(byAction['states:StartExecution']).toEqual({
      'Fn::Sub':
        'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:vpce-auditor-dev-org',
    });
    expect(byAction['states:DescribeExecution']).toEqual({
      'Fn::Sub':
        'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:vpce-auditor-dev-org/*',
    });
    expect(byAction['s3:GetObject']).toEqual(runs);
    expect(byAction['s3:PutObject']).toEqual(runs);
  });

  it('keeps the report bucket private, encrypted, TLS-only and expiring', () => {
    // Assess
    expect(resource('ReportBucket').Properties).toMatchObject({
      ...PRIVATE_BUCKET_PROPERTIES,
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 90 })] },
    });
    expect(JSON.stringify(resource('ReportBucketPolicy').Properties)).toContain(
      '"aws:SecureTransport":"false"',
    );
  });

  it('alarms on failed runs to the topic', () => {
    // Assess
    expect(resource('OrgFailedExecutionsAlarm').Properties).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: 'OrgStateMachine' } }],
      AlarmActions: [{ Ref: 'AlertTopic' }],
    });
    // An account the run could not audit alarms like a failed region, on the Aggregate's total.
    expect(resource('AccountsFailedAlarm').Properties).toMatchObject({
      Namespace: resource('RegionsFailedAlarm').Properties.Namespace,
      MetricName: 'AccountsFailed',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: 'AlertTopic' }],
    });
    expect(resource('AccountsFailedAlarm').Properties).not.toHaveProperty('Dimensions');
  });
});
