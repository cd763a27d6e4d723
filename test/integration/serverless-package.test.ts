import { statSync } from 'node:fs';
import {
  ensurePackaged,
  FUNCTIONS,
  readTemplate,
  zipPath,
  type CfnResource,
  type CfnTemplate,
} from '../helpers/packaging';

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const MAX_ZIP_BYTES = 1.5 * 1024 * 1024;
const DENIED_WRITES =
  /^(ec2:(Delete|Create|Modify|Replace|Associate|Disassociate|Attach|Detach|Revoke|Authorize|Run|Terminate|Stop|Start|Reboot)|.*:Delete)/;

let template: CfnTemplate;

function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/**
 * Statements of a role. The conditional ones (Fn::If, else AWS::NoValue) on UseCustomerKey resolve
 * to their "then"; those on AutoRemediate to their "then" only when `autoRemediate` is true (a stack
 * deployed with the param autoRemediate=true), and are absent otherwise (the default stack).
 */
function statementsOf(roleName: string, { autoRemediate = false } = {}): Statement[] {
  const role = template.Resources[roleName] as CfnResource;
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[];
  return policies.flatMap((policy) =>
    policy.PolicyDocument.Statement.flatMap((entry) => {
      const conditional = (entry as { 'Fn::If'?: [string, Statement, unknown] })['Fn::If'];
      if (conditional) {
        expect(['UseCustomerKey', 'AutoRemediate']).toContain(conditional[0]);
        expect(conditional[2]).toEqual({ Ref: 'AWS::NoValue' });
        if (conditional[0] === 'AutoRemediate' && !autoRemediate) return [];
        return [conditional[1]];
      }
      return [entry as Statement];
    }),
  );
}

/** The statements that let a role create or extend gateway endpoints. */
const ENDPOINT_SIDS = [
  'GatewayEndpointsForS3AndDynamoDbOnly',
  'GatewayEndpointPlacement',
  'GatewayEndpointRouteTables',
  'TagEndpointsOnCreation',
];

function bySid(statements: Statement[], sid: string): Statement {
  const found = statements.filter((statement) => statement.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0] as Statement;
}

function functionResource(name: string): CfnResource {
  const logical = `${name.charAt(0).toUpperCase()}${name.slice(1)}LambdaFunction`;
  const resource = template.Resources[logical];
  expect(resource?.Type).toBe('AWS::Lambda::Function');
  return resource as CfnResource;
}

function resourcesOfType(type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

const TOPIC = { 'Fn::If': ['CreateTopic', { Ref: 'AlertTopic' }, ''] };

beforeAll(() => {
  // Prepare: CI packages before `npm test`; a contributor running the tests alone packages here.
  ensurePackaged();
  template = readTemplate();
}, 240_000);

describe('the packaged CloudFormation template', () => {
  it('runs both functions on nodejs22.x with their own role and the documented environment', () => {
    // Assess
    for (const name of FUNCTIONS) {
      const properties = functionResource(name).Properties;
      expect(properties.Runtime).toBe('nodejs22.x');
      expect(properties.Handler).toBe(`handlers/${name}.handler`);
      expect(properties.Role).toEqual({
        'Fn::GetAtt': [`${name.charAt(0).toUpperCase()}${name.slice(1)}Role`, 'Arn'],
      });
      expect(properties.Environment).toEqual({
        Variables: {
          SNS_TOPIC_ARN: TOPIC,
          METRICS_NAMESPACE: 'VpceAuditor',
          REGIONS: 'all',
          SERVICES: 's3,dynamodb',
          NOTIFY: 'on-leak',
          COST_ESTIMATE: 'true',
          COST_DAYS: '14',
          NAT_PRICE_PER_GB: '',
          MAX_CHANGES: '25',
          INCLUDE_PATHS: '',
          ENDPOINT_POLICY_S3_FILE: '',
          ENDPOINT_POLICY_DYNAMODB_FILE: '',
          // Only the audit reads it: remediate applies on request ({"dryRun": false}).
          ...(name === 'audit' ? { AUTO_REMEDIATE: 'false' } : {}),
        },
      });
      expect(properties.Timeout).toBe(name === 'audit' ? 600 : 900);
      expect(properties.MemorySize).toBe(1024);
    }
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('schedules the audit nightly at 03:00 UTC and gives remediate no event', () => {
    // Assess
    const rules = resourcesOfType('AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1] as CfnResource;
    expect(rule.Properties.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(rule.Properties.State).toBe('ENABLED');
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { 'Fn::GetAtt': ['AuditLambdaFunction', 'Arn'] } }),
    ]);
    const permissions = resourcesOfType('AWS::Lambda::Permission');
    expect(permissions.map(([, p]) => p.Properties.FunctionName)).toEqual([
      { 'Fn::GetAtt': ['AuditLambdaFunction', 'Arn'] },
    ]);
    const mappings = resourcesOfType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(0);
  });

  it('creates an encrypted topic unless an existing one is given', () => {
    // Assess
    const topic = template.Resources.AlertTopic as CfnResource;
    expect(topic.Type).toBe('AWS::SNS::Topic');
    expect(topic.Condition).toBe('CreateTopic');
    expect(topic.Properties.KmsMasterKeyId).toBe('alias/aws/sns');
    expect(template.Conditions?.CreateTopic).toEqual({ 'Fn::Equals': ['', ''] });
  });

  it('lets the audit role read EC2, publish to its topic and put and read metrics, nothing else', () => {
    // Prepare
    const statements = statementsOf('AuditRole');

    // Assess
    expect(statements.map((s) => s.Sid).sort()).toEqual(
      [
        'EncryptForTopic',
        'PublishToOwnTopic',
        'PutOwnMetrics',
        'ReadNatMetrics',
        'ReadNetwork',
        'WriteOwnLogs',
      ].sort(),
    );
    expect(bySid(statements, 'ReadNetwork')).toEqual({
      Sid: 'ReadNetwork',
      Effect: 'Allow',
      Action: ['ec2:Describe*', 'ec2:GetManagedPrefixListEntries'],
      Resource: '*',
    });
    expect(bySid(statements, 'PublishToOwnTopic')).toEqual({
      Sid: 'PublishToOwnTopic',
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: TOPIC,
    });
    expect(bySid(statements, 'PutOwnMetrics')).toEqual({
      Sid: 'PutOwnMetrics',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': 'VpceAuditor' } },
    });
    expect(bySid(statements, 'ReadNatMetrics')).toEqual({
      Sid: 'ReadNatMetrics',
      Effect: 'Allow',
      Action: 'cloudwatch:GetMetricData',
      Resource: '*',
    });
    const logs = bySid(statements, 'WriteOwnLogs');
    expect(actionsOf(logs)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(JSON.stringify(logs.Resource)).toContain(
      'log-group:/aws/lambda/vpce-auditor-dev-audit:*',
    );
    const kms = bySid(statements, 'EncryptForTopic');
    expect(actionsOf(kms)).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    expect(kms.Condition?.StringEquals?.['kms:ViaService']).toBeDefined();
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of actionsOf(statement)) {
        expect(action).not.toMatch(DENIED_WRITES);
        expect(action).not.toBe('*');
        if (action.startsWith('ec2:')) expect(action).toMatch(/^ec2:(Describe\*|Get)/);
      }
    }
  });

  it('gives the audit role the endpoint statements only in a stack deployed with autoRemediate=true', () => {
    // Prepare
    const remediate = statementsOf('RemediateRole');
    const readOnly = statementsOf('AuditRole');
    const autoRemediating = statementsOf('AuditRole', { autoRemediate: true });

    // Assess: the default stack resolves the condition to false
    expect(template.Conditions?.AutoRemediate).toEqual({ 'Fn::Equals': ['false', 'true'] });
    expect(readOnly.filter((s) => ENDPOINT_SIDS.includes(s.Sid ?? ''))).toEqual([]);
    expect(autoRemediating).toHaveLength(readOnly.length + ENDPOINT_SIDS.length);
    for (const sid of ENDPOINT_SIDS) {
      expect(bySid(autoRemediating, sid)).toEqual(bySid(remediate, sid));
    }
  });

  it('lets the remediate role create or extend S3/DynamoDB gateway endpoints and never delete', () => {
    // Prepare
    const statements = statementsOf('RemediateRole');
    const audit = statementsOf('AuditRole');

    // Assess: the audit's statements, with its own log group
    for (const statement of audit) {
      const same = bySid(statements, statement.Sid ?? '');
      if (statement.Sid === 'WriteOwnLogs') {
        expect(JSON.stringify(same.Resource)).toContain('vpce-auditor-dev-remediate:*');
      } else {
        expect(same).toEqual(statement);
      }
    }
    const services = {
      StringLike: { 'ec2:VpceServiceName': ['com.amazonaws.*.s3', 'com.amazonaws.*.dynamodb'] },
    };
    expect(bySid(statements, 'GatewayEndpointsForS3AndDynamoDbOnly')).toMatchObject({
      Action: ['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint'],
      Condition: services,
    });
    expect(
      JSON.stringify(bySid(statements, 'GatewayEndpointsForS3AndDynamoDbOnly').Resource),
    ).toMatch(/:vpc-endpoint\/\*"/);
    const placement = bySid(statements, 'GatewayEndpointPlacement');
    expect(placement.Action).toBe('ec2:CreateVpcEndpoint');
    expect(JSON.stringify(placement.Resource)).toMatch(/:vpc\/\*".*:route-table\/\*"/);
    expect(JSON.stringify(placement.Resource)).not.toMatch(/subnet|security-group/);
    const tables = bySid(statements, 'GatewayEndpointRouteTables');
    expect(tables.Action).toBe('ec2:ModifyVpcEndpoint');
    expect(JSON.stringify(tables.Resource)).toMatch(/:route-table\/\*"/);
    expect(bySid(statements, 'TagEndpointsOnCreation')).toMatchObject({
      Action: 'ec2:CreateTags',
      Condition: { StringEquals: { 'ec2:CreateAction': 'CreateVpcEndpoint' } },
    });
    expect(statements).toHaveLength(audit.length + 4);
    const writes = statements
      .flatMap(actionsOf)
      .filter((action) => action.startsWith('ec2:') && !/^ec2:(Describe\*|Get)/.test(action));
    expect([...new Set(writes)].sort()).toEqual([
      'ec2:CreateTags',
      'ec2:CreateVpcEndpoint',
      'ec2:ModifyVpcEndpoint',
    ]);
  });

  it('grants Delete* to nobody and wildcards no action', () => {
    // Assess
    const text = JSON.stringify(template);
    expect(text).not.toMatch(/"[a-z0-9-]+:Delete/);
    for (const [, role] of resourcesOfType('AWS::IAM::Role')) {
      for (const policy of role.Properties.Policies as {
        PolicyDocument: { Statement: unknown[] };
      }[]) {
        expect(JSON.stringify(policy)).not.toMatch(/"Action":"\*"|"[a-z0-9-]+:\*"/);
      }
    }
  });

  it('keeps each function zip at most 1.5 MiB', () => {
    // Assess
    for (const name of FUNCTIONS) {
      expect([name, statSync(zipPath(name)).size <= MAX_ZIP_BYTES]).toEqual([name, true]);
    }
  });
});
