import { statSync } from 'node:fs';
import {
  PRIVATE_BUCKET_PROPERTIES,
  actionsOf,
  roleStatements,
  type PolicyStatement,
  requireFreshPackage,
  FUNCTIONS,
  packageWithParams,
  readTemplate,
  zipPath,
  type CfnResource,
  type CfnTemplate,
} from '../helpers/packaging';
import { settingsReadBy } from '../../src/config';
import { endpointServiceName } from '../../src/net/aws-names';
import { SERVICES } from '../../src/types';

const MAX_ZIP_BYTES = 1.5 * 1024 * 1024;
const DENIED_WRITES =
  /^(ec2:(Delete|Create|Modify|Replace|Associate|Disassociate|Attach|Detach|Revoke|Authorize|Run|Terminate|Stop|Start|Reboot)|.*:Delete)/;

let template: CfnTemplate;

/**
 * Statements of a role, in a template (the default package unless another is given). Every choice
 * is made while packaging: no statement is conditional.
 */
function statementsOf(roleName: string, from: CfnTemplate = template): PolicyStatement[] {
  const statements = roleStatements(from, roleName);
  for (const statement of statements) expect(statement).not.toHaveProperty('Fn::If');
  return statements;
}

/** The statements of the report store (the audit's reports/ prefix). */
const REPORT_SIDS = ['WriteReports', 'ListReports', 'ReadMeasurements'];

/** The statements that let a role create or extend gateway endpoints. */
const ENDPOINT_SIDS = [
  'GatewayEndpointsForS3AndDynamoDbOnly',
  'GatewayEndpointPlacement',
  'GatewayEndpointRouteTables',
  'TagEndpointsOnCreation',
];

function bySid(statements: PolicyStatement[], sid: string): PolicyStatement {
  const found = statements.filter((statement) => statement.Sid === sid);
  expect(found).toHaveLength(1);
  return found[0] as PolicyStatement;
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

const TOPIC = { Ref: 'AlertTopic' };
const BUCKET = { Ref: 'ReportBucket' };

beforeAll(() => {
  // Prepare: CI packages before `npm test`; a contributor running the tests alone packages here.
  requireFreshPackage();
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
      // Each function gets the variables it reads (src/config.ts), set from the stack's defaults.
      const defaults: Record<string, unknown> = {
        SNS_TOPIC_ARN: TOPIC,
        REPORT_BUCKET: BUCKET,
        METRICS_NAMESPACE: 'VpceAuditor',
        REGIONS: 'all',
        SERVICES: 's3,dynamodb',
        NOTIFY: 'on-change',
        NOTIFY_MIN_SEVERITY: 'low',
        COST_ESTIMATE: 'true',
        COST_DAYS: '14',
        NAT_PRICE_PER_GB: '',
        FLOW_LOG_HOURS: '24',
        MAX_CHANGES: '25',
        INCLUDE_PATHS: '',
        IAC_TAGS: '',
        ENDPOINT_POLICY_S3_FILE: '',
        ENDPOINT_POLICY_DYNAMODB_FILE: '',
        AUTO_REMEDIATE: 'false',
        SECURITY_HUB: 'false',
      };
      expect(properties.Environment).toEqual({
        Variables: Object.fromEntries(
          settingsReadBy(name).map(({ variable }) => [variable, defaults[variable]]),
        ),
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
    expect(topic.Condition).toBeUndefined();
    expect(topic.Properties.KmsMasterKeyId).toEqual({ Ref: 'AlertTopicKey' });
    // Decided while packaging: no CloudFormation condition on a fixed value remains.
    expect(template.Conditions).toBeUndefined();
  });

  it('lets the audit role read EC2, publish to its topic and put and read metrics, nothing else', () => {
    // Prepare
    const statements = statementsOf('AuditRole');

    // Assess
    expect(statements.map((s) => s.Sid).sort()).toEqual(
      [
        'EncryptForTopic',
        'PublishToOwnTopic',
        ...REPORT_SIDS,
        'PutOwnMetrics',
        'QueryFlowLogGroups',
        'ReadFlowLogs',
        'ReadNatMetrics',
        'ReadNetwork',
        'ReadTransitGatewayAttachments',
        'WriteOwnLogs',
      ].sort(),
    );
    expect(bySid(statements, 'ReadNetwork')).toEqual({
      Sid: 'ReadNetwork',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeRegions',
        'ec2:DescribeVpcs',
        'ec2:DescribeSubnets',
        'ec2:DescribeRouteTables',
        'ec2:DescribeVpcEndpoints',
        'ec2:DescribeNatGateways',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeEgressOnlyInternetGateways',
        'ec2:DescribeManagedPrefixLists',
        'ec2:GetManagedPrefixListEntries',
      ],
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
    expect(bySid(statements, 'ReadTransitGatewayAttachments')).toEqual({
      Sid: 'ReadTransitGatewayAttachments',
      Effect: 'Allow',
      Action: 'ec2:DescribeTransitGatewayAttachments',
      Resource: '*',
    });
    expect(bySid(statements, 'ReadNatMetrics')).toEqual({
      Sid: 'ReadNatMetrics',
      Effect: 'Allow',
      Action: 'cloudwatch:GetMetricData',
      Resource: '*',
    });
    expect(bySid(statements, 'EncryptForTopic')).toMatchObject({
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: { 'Fn::GetAtt': ['AlertTopicKey', 'Arn'] },
    });
    const logs = bySid(statements, 'WriteOwnLogs');
    expect(actionsOf(logs)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(JSON.stringify(logs.Resource)).toContain(
      'log-group:/aws/lambda/vpce-auditor-dev-audit:*',
    );
    expect(bySid(statements, 'WriteReports')).toEqual({
      Sid: 'WriteReports',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:GetObject'],
      Resource: {
        'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Bucket}/reports/*', { Bucket: BUCKET }],
      },
    });
    expect(bySid(statements, 'ListReports')).toMatchObject({
      Action: 's3:ListBucket',
      Resource: { 'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Bucket}', { Bucket: BUCKET }] },
      Condition: { StringLike: { 's3:prefix': ['reports/*', 'measurements/*'] } },
    });
    // The scheduled measurement, read only (the measure function writes it)
    expect(bySid(statements, 'ReadMeasurements')).toEqual({
      Sid: 'ReadMeasurements',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: {
        'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Bucket}/measurements/*', { Bucket: BUCKET }],
      },
    });
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of actionsOf(statement)) {
        expect(action).not.toMatch(DENIED_WRITES);
        expect(action).not.toBe('*');
        if (action.startsWith('ec2:')) expect(action).toMatch(/^ec2:(Describe|Get)[A-Za-z]+$/);
      }
    }
  });

  it('gives the audit role the endpoint statements only in a stack packaged with autoRemediate=true', () => {
    // Act
    const packaged = packageWithParams({
      autoRemediate: 'true',
      kmsMasterKeyId: 'arn:aws:kms:us-east-1:111122223333:key/topic-key',
      reportKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/report-key',
    });

    // Assess
    if (!packaged.ok) throw new Error(packaged.output);
    const remediate = statementsOf('RemediateRole');
    const readOnly = statementsOf('AuditRole');
    const autoRemediating = statementsOf('AuditRole', packaged.template);
    expect(readOnly.filter((s) => ENDPOINT_SIDS.includes(s.Sid ?? ''))).toEqual([]);
    // plus the report key (the topic key statement is there in both, on different keys)
    expect(autoRemediating).toHaveLength(readOnly.length + ENDPOINT_SIDS.length + 1);
    for (const sid of ENDPOINT_SIDS) {
      expect(bySid(autoRemediating, sid)).toEqual(bySid(remediate, sid));
    }
    expect(
      (
        packaged.template.Resources.AuditLambdaFunction?.Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables.AUTO_REMEDIATE,
    ).toBe('true');
    // The customer keys: the topic's and the report bucket's, each through its own service.
    const topicKey = bySid(autoRemediating, 'EncryptForTopic');
    expect(topicKey.Resource).toBe('arn:aws:kms:us-east-1:111122223333:key/topic-key');
    expect(actionsOf(topicKey)).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    const reportKey = bySid(autoRemediating, 'EncryptReports');
    expect(reportKey.Resource).toBe('arn:aws:kms:us-east-1:111122223333:key/report-key');
    expect(JSON.stringify(reportKey.Condition)).toContain('s3.${AWS::Region}');
    const bucket = packaged.template.Resources.ReportBucket as CfnResource;
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          ServerSideEncryptionByDefault: {
            SSEAlgorithm: 'aws:kms',
            KMSMasterKeyID: 'arn:aws:kms:us-east-1:111122223333:key/report-key',
          },
          BucketKeyEnabled: true,
        },
      ],
    });
    expect(packaged.template.Conditions).toBeUndefined();
  }, 240_000);

  it('refuses to package a boolean parameter of any other spelling, naming each one', () => {
    // Act
    const packaged = packageWithParams({
      autoRemediate: 'TRUE',
      costEstimate: 'yes',
      accountMetrics: '1',
    });

    // Assess
    expect(packaged.ok).toBe(false);
    if (packaged.ok) return;
    expect(packaged.output).toContain('autoRemediate: "TRUE" is not true or false');
    expect(packaged.output).toContain('costEstimate: "yes" is not true or false');
    expect(packaged.output).toContain('accountMetrics: "1" is not true or false');
  }, 240_000);

  it('refuses to package a number or choice the functions would refuse, naming the parameter', () => {
    // Act
    const packaged = packageWithParams({
      costDays: 'two weeks',
      notify: 'sometimes',
      reportRetentionDays: '0',
    });

    // Assess
    expect(packaged.ok).toBe(false);
    if (packaged.ok) return;
    expect(packaged.output).toContain('costDays (COST_DAYS: "two weeks" is not a whole number');
    expect(packaged.output).toContain('notify (NOTIFY: "sometimes" is not one of');
    expect(packaged.output).toContain('reportRetentionDays: "0" is not a whole number from 1');
  }, 240_000);

  it('uses an existing topic and bucket when given, creating neither, and keeps the logs as long as told', () => {
    // Act
    const packaged = packageWithParams({
      existingTopicArn: 'arn:aws:sns:eu-west-1:111122223333:ops',
      reportBucket: 'my-reports',
      costEstimate: 'false',
      // A command-line value is text: Serverless's schema turns it into the number the log groups take.
      logRetentionInDays: '90',
    });

    // Assess
    if (!packaged.ok) throw new Error(packaged.output);
    const resources = packaged.template.Resources;
    expect(resources.AlertTopic).toBeUndefined();
    expect(resources.AlertTopicKey).toBeUndefined();
    expect(resources.AlertTopicPolicy).toBeUndefined();
    expect(resources.AuditHeartbeatAlarm?.Properties.AlarmActions).toEqual([
      'arn:aws:sns:eu-west-1:111122223333:ops',
    ]);
    expect(resources.ReportBucket).toBeUndefined();
    expect(resources.ReportBucketPolicy).toBeUndefined();
    const variables = (
      resources.AuditLambdaFunction?.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(variables).toMatchObject({
      SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:ops',
      REPORT_BUCKET: 'my-reports',
      COST_ESTIMATE: 'false',
    });
    const statements = statementsOf('AuditRole', packaged.template);
    expect(bySid(statements, 'PublishToOwnTopic').Resource).toBe(
      'arn:aws:sns:eu-west-1:111122223333:ops',
    );
    expect(bySid(statements, 'WriteReports').Resource).toEqual({
      'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Bucket}/reports/*', { Bucket: 'my-reports' }],
    });
    expect(packaged.template.Outputs?.ReportBucketName).toMatchObject({ Value: 'my-reports' });
    const retention = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::Logs::LogGroup')
      .map((group) => group.Properties.RetentionInDays);
    expect(retention).toEqual(FUNCTIONS.map(() => 90));
  }, 240_000);

  it('lets CloudWatch alarms publish to the created topic and encrypt for it', () => {
    // Assess
    const key = template.Resources.AlertTopicKey as CfnResource;
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const keyStatements = (key.Properties.KeyPolicy as { Statement: PolicyStatement[] }).Statement;
    expect(keyStatements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
    const policy = template.Resources.AlertTopicPolicy as CfnResource;
    expect(policy.Properties).toMatchObject({
      Topics: [TOPIC],
      PolicyDocument: {
        Statement: [
          expect.objectContaining({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: TOPIC,
          }),
        ],
      },
    });
  });

  it('raises an alarm to the topic on errors, failed regions, failed remediation, a refused message and a missing heartbeat', () => {
    // Prepare
    const alarms = Object.fromEntries(
      resourcesOfType('AWS::CloudWatch::Alarm').map(([id, alarm]) => [id, alarm.Properties]),
    );

    // Assess
    expect(Object.keys(alarms).sort()).toEqual([
      'AuditErrorsAlarm',
      'AuditHeartbeatAlarm',
      'PublishFailedAlarm',
      'RegionsFailedAlarm',
      'RemediationActionsFailedAlarm',
    ]);
    for (const alarm of Object.values(alarms)) expect(alarm.AlarmActions).toEqual([TOPIC]);
    expect(alarms.AuditErrorsAlarm).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: 'vpce-auditor-dev-audit' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarms.RegionsFailedAlarm).toMatchObject({
      Namespace: 'VpceAuditor',
      MetricName: 'RegionsFailed',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarms.RemediationActionsFailedAlarm).toMatchObject({
      Namespace: 'VpceAuditor',
      MetricName: 'RemediationActionsFailed',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarms.PublishFailedAlarm).toMatchObject({
      Namespace: 'VpceAuditor',
      MetricName: 'PublishFailed',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    const heartbeat = alarms.AuditHeartbeatAlarm as Record<string, number | string>;
    expect(heartbeat).toMatchObject({
      Namespace: 'VpceAuditor',
      MetricName: 'AuditsCompleted',
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
    expect(Number(heartbeat.Period) * Number(heartbeat.EvaluationPeriods)).toBe(26 * 3600);
    expect(heartbeat.DatapointsToAlarm).toBe(heartbeat.EvaluationPeriods);
  });

  it('creates a private, encrypted report bucket that expires reports and refuses plain HTTP', () => {
    // Assess
    const bucket = template.Resources.ReportBucket as CfnResource & { DeletionPolicy?: string };
    expect(bucket.Type).toBe('AWS::S3::Bucket');
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toEqual({
      ...PRIVATE_BUCKET_PROPERTIES,
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'expire-reports',
            Status: 'Enabled',
            ExpirationInDays: 90,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
    const policy = template.Resources.ReportBucketPolicy as CfnResource;
    expect(policy.Properties.Bucket).toEqual(BUCKET);
    expect(policy.Properties.PolicyDocument).toMatchObject({
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('${ReportBucket.Arn}/*');
    expect(template.Outputs?.ReportBucketName).toMatchObject({ Value: BUCKET });
  });

  it('lets the remediate role create or extend S3/DynamoDB gateway endpoints and never delete', () => {
    // Prepare
    const statements = statementsOf('RemediateRole');
    const audit = statementsOf('AuditRole');

    // Assess: the audit's statements (but its reports and the cost estimate's reads), with its own
    // log group
    const notRemediate = [
      ...REPORT_SIDS,
      'ReadNatMetrics',
      'ReadTransitGatewayAttachments',
      'ReadFlowLogs',
      'QueryFlowLogGroups',
    ];
    for (const statement of audit.filter((s) => !notRemediate.includes(s.Sid ?? ''))) {
      const same = bySid(statements, statement.Sid ?? '');
      if (statement.Sid === 'WriteOwnLogs') {
        expect(JSON.stringify(same.Resource)).toContain('vpce-auditor-dev-remediate:*');
      } else {
        expect(same).toEqual(statement);
      }
    }
    const patterns = [
      'com.amazonaws.*.s3',
      'com.amazonaws.*.dynamodb',
      'cn.com.amazonaws.*.s3',
      'cn.com.amazonaws.*.dynamodb',
    ];
    const services = { StringLike: { 'ec2:VpceServiceName': patterns } };
    expect(bySid(statements, 'GatewayEndpointsForS3AndDynamoDbOnly')).toMatchObject({
      Action: ['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint'],
      Condition: services,
    });
    // Every name the planner gives CreateVpcEndpoint, China's included, passes the condition.
    const likes = patterns.map(
      (pattern) => new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^.]*')}$`),
    );
    for (const region of ['us-east-1', 'us-gov-west-1', 'cn-north-1', 'cn-northwest-1']) {
      for (const service of SERVICES) {
        const name = endpointServiceName(region, service);
        expect(likes.some((like) => like.test(name))).toBe(true);
      }
    }
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
    expect(bySid(statements, 'WriteRemediations')).toEqual({
      Sid: 'WriteRemediations',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: {
        'Fn::Sub': ['arn:${AWS::Partition}:s3:::${Bucket}/remediations/*', { Bucket: BUCKET }],
      },
    });
    expect(statements).toHaveLength(audit.length - notRemediate.length + 5);
    const writes = statements
      .flatMap(actionsOf)
      .filter((action) => action.startsWith('ec2:') && !/^ec2:(Describe|Get)/.test(action));
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
