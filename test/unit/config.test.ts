import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LAMBDA_FUNCTIONS,
  SETTING_LIST,
  loadConfig,
  loadLambdaConfig,
  loggableConfig,
  readSettings,
  regionOfTopicArn,
  requiredReportBucket,
  settingsReadBy,
} from '../../src/config';
import { ConfigurationError } from '../../src/errors';

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:vpce-auditor-alerts';

function errorOf(env: Record<string, string>): ConfigurationError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('the Lambda configuration', () => {
  it('defaults every variable', () => {
    // Act
    const config = loadConfig({});

    // Assess
    expect(config).toEqual({
      metricsNamespace: 'VpceAuditor',
      regions: 'all',
      services: ['s3', 'dynamodb'],
      notify: 'on-leak',
      notifyMinSeverity: 'low',
      cost: { enabled: true, days: 14, flowLogHours: 24 },
      measure: { minutes: 5 },
      remediation: {
        autoRemediate: false,
        maxChanges: 25,
        includePaths: [],
        iacTags: [],
        endpointPolicyFiles: {},
        policyDocuments: {},
      },
      securityHub: false,
      organization: {
        scope: {},
        member: { roleName: 'vpce-auditor-member' },
        accountMetrics: false,
      },
      awsClients: { connectTimeoutMs: 5_000, requestTimeoutMs: 20_000 },
    });
  });

  it('reads every variable and treats blank ones as unset', () => {
    // Act
    const config = loadConfig({
      SNS_TOPIC_ARN: TOPIC,
      METRICS_NAMESPACE: 'Finops/Vpce',
      REGIONS: ' eu-west-1 , us-east-1,eu-west-1',
      SERVICES: 'dynamodb',
      NOTIFY: 'on-change',
      NOTIFY_MIN_SEVERITY: ' HIGH ',
      COST_ESTIMATE: 'False',
      COST_DAYS: '30',
      NAT_PRICE_PER_GB: '0.05',
      AUTO_REMEDIATE: 'TRUE',
      MAX_CHANGES: ' 7 ',
      INCLUDE_PATHS: 'transit-gateway, other,transit-gateway',
      IAC_TAGS: 'ManagedBy=terraform, tf:workspace=*',
      ENDPOINT_POLICY_S3_FILE: '/opt/s3.json',
      REPORT_BUCKET: ' vpce-reports.example-1 ',
      SECURITY_HUB: 'True',
      MEMBER_ROLE_NAME: 'auditor',
      EXTERNAL_ID: 'x-123456',
      ORGANIZATIONAL_UNITS: 'ou-ab12-cdefgh34,r-ab12',
      EXCLUDE_ACCOUNTS: '111122223333',
      ACCOUNT_METRICS: 'true',
      MEASURE_MINUTES: ' 3 ',
      DELIVERY_ROLE_ARN: 'arn:aws:iam::111122223333:role/flow-logs-delivery',
      VPCE_AUDITOR_CONNECT_TIMEOUT_MS: '300',
      VPCE_AUDITOR_REQUEST_TIMEOUT_MS: ' 900 ',
      VPCE_AUDITOR_MAX_ATTEMPTS: '4',
      AWS_SECRET_ACCESS_KEY: 'never-read',
    });
    const blank = loadConfig({
      SNS_TOPIC_ARN: '',
      REGIONS: ' ',
      NOTIFY: '',
      AUTO_REMEDIATE: '',
      MAX_CHANGES: '',
      INCLUDE_PATHS: ' ',
      ENDPOINT_POLICY_FILE: '',
      REPORT_BUCKET: '',
      SECURITY_HUB: '',
    });

    // Assess
    expect(config).toEqual({
      snsTopicArn: TOPIC,
      metricsNamespace: 'Finops/Vpce',
      regions: ['eu-west-1', 'us-east-1'],
      services: ['dynamodb'],
      notify: 'on-change',
      notifyMinSeverity: 'high',
      cost: { enabled: false, days: 30, pricePerGb: 0.05, flowLogHours: 24 },
      measure: {
        minutes: 3,
        deliveryRoleArn: 'arn:aws:iam::111122223333:role/flow-logs-delivery',
      },
      remediation: {
        autoRemediate: true,
        maxChanges: 7,
        includePaths: ['transit-gateway', 'other'],
        iacTags: [
          { key: 'ManagedBy', value: 'terraform' },
          { key: 'tf:workspace', value: '*' },
        ],
        endpointPolicyFiles: { s3: { file: '/opt/s3.json', label: 'ENDPOINT_POLICY_S3_FILE' } },
        policyDocuments: {},
      },
      reportBucket: 'vpce-reports.example-1',
      securityHub: true,
      organization: {
        scope: { parentIds: ['ou-ab12-cdefgh34', 'r-ab12'], exclude: ['111122223333'] },
        member: { roleName: 'auditor', externalId: 'x-123456' },
        accountMetrics: true,
      },
      awsClients: { connectTimeoutMs: 300, requestTimeoutMs: 900, maxAttempts: 4 },
    });
    expect(blank.securityHub).toBe(false);
    expect(blank.reportBucket).toBeUndefined();
    expect(blank.remediation).toEqual({
      autoRemediate: false,
      maxChanges: 25,
      includePaths: [],
      iacTags: [],
      endpointPolicyFiles: {},
      policyDocuments: {},
    });
    expect(blank.snsTopicArn).toBeUndefined();
    expect(blank.regions).toBe('all');
    expect(blank.notify).toBe('on-leak');
  });

  it.each([
    [{ SNS_TOPIC_ARN: 'my-topic' }, 'SNS_TOPIC_ARN: "my-topic" is not a standard SNS topic ARN'],
    [
      { SNS_TOPIC_ARN: `${TOPIC}.fifo` },
      'SNS_TOPIC_ARN: "arn:aws:sns:eu-west-1:111122223333:vpce-auditor-alerts.fifo"',
    ],
    [{ METRICS_NAMESPACE: 'AWS/EC2' }, 'METRICS_NAMESPACE: "AWS/EC2" must not start with "AWS/"'],
    [
      { METRICS_NAMESPACE: 'bad*name' },
      'METRICS_NAMESPACE: "bad*name" is not a CloudWatch namespace',
    ],
    [{ REGIONS: 'us-east-1,mars-1' }, 'REGIONS: "mars-1" is not an AWS region name'],
    [{ SERVICES: 's3,ec2' }, 'SERVICES: "ec2" is not a service (expected one of s3, dynamodb)'],
    [{ NOTIFY: 'sometimes' }, 'NOTIFY: "sometimes" is not one of "always", "on-leak", "on-change"'],
    [{ SECURITY_HUB: 'yes' }, 'SECURITY_HUB: "yes" is not one of "true", "false"'],
    [
      { NOTIFY_MIN_SEVERITY: 'critical' },
      'NOTIFY_MIN_SEVERITY: "critical" is not one of high, medium, low',
    ],
    [{ COST_ESTIMATE: 'yes' }, 'COST_ESTIMATE: "yes" is not one of "true", "false"'],
    [{ COST_DAYS: '500' }, 'COST_DAYS: "500" is not a whole number of days from 1 to 455'],
    [{ NAT_PRICE_PER_GB: '-1' }, 'NAT_PRICE_PER_GB: "-1" is not a positive number of USD per GB'],
    [{ AUTO_REMEDIATE: 'yes' }, 'AUTO_REMEDIATE: "yes" is not one of "true", "false"'],
    [{ MAX_CHANGES: '-1' }, 'MAX_CHANGES: "-1" is not a whole number of changes (0 or more)'],
    [{ MAX_CHANGES: '2.5' }, 'MAX_CHANGES: "2.5" is not a whole number of changes (0 or more)'],
    [
      { INCLUDE_PATHS: 'nat-gateway,peering' },
      'INCLUDE_PATHS: "peering" is not a path remediation can act on',
    ],
    [{ INCLUDE_PATHS: ',' }, 'INCLUDE_PATHS: "," is empty'],
    [{ IAC_TAGS: 'ManagedBy' }, 'IAC_TAGS: "ManagedBy" is not KEY=VALUE'],
    [{ REPORT_BUCKET: 'My_Bucket' }, 'REPORT_BUCKET: "My_Bucket" is not an S3 bucket name'],
    [{ REPORT_BUCKET: 's3://b/k' }, 'REPORT_BUCKET: "s3://b/k" is not an S3 bucket name'],
    [{ ACCOUNT_METRICS: 'yes' }, 'ACCOUNT_METRICS: "yes" is not one of "true", "false"'],
    [{ EXCLUDE_ACCOUNTS: '12345' }, 'EXCLUDE_ACCOUNTS: "12345"'],
    [{ ORGANIZATIONAL_UNITS: 'ou-1' }, 'ORGANIZATIONAL_UNITS: "ou-1"'],
    [
      { MEASURE_MINUTES: '6' },
      'MEASURE_MINUTES: "6" is more than 5 minutes: the measure function has 15 minutes',
    ],
    [{ MEASURE_MINUTES: '0' }, 'MEASURE_MINUTES: "0" is not a positive integer'],
    [{ DELIVERY_ROLE_ARN: 'flow-logs' }, 'DELIVERY_ROLE_ARN: "flow-logs" is not an IAM role ARN'],
    [{ MEMBER_ROLE_NAME: 'a/b' }, 'MEMBER_ROLE_NAME: "a/b"'],
    [
      { VPCE_AUDITOR_REQUEST_TIMEOUT_MS: '2147483648' },
      'VPCE_AUDITOR_REQUEST_TIMEOUT_MS: "2147483648" is over the 2147483647 milliseconds allowed',
    ],
    [
      { VPCE_AUDITOR_CONNECT_TIMEOUT_MS: '0' },
      'VPCE_AUDITOR_CONNECT_TIMEOUT_MS: "0" is not a positive whole number of milliseconds',
    ],
    [
      { VPCE_AUDITOR_MAX_ATTEMPTS: '101' },
      'VPCE_AUDITOR_MAX_ATTEMPTS: "101" is over the 100 attempts allowed',
    ],
  ])('refuses %j with a message naming the variable and value', (env, expected) => {
    // Act
    const error = errorOf(env);

    // Assess
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain('\n');
  });

  it('lists every invalid variable at once', () => {
    // Act
    const error = errorOf({ REGIONS: 'nowhere', NOTIFY: 'x', SERVICES: 'rds' });

    // Assess
    expect(error.message).toMatch(/REGIONS: .*; SERVICES: .*; NOTIFY: /);
  });

  it('reads and validates one policy file per service at cold start, compacting them', async () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'vpce-config-'));
    const s3 = join(folder, 's3.json');
    const dynamodb = join(folder, 'dynamodb.json');
    writeFileSync(
      s3,
      '{\n  "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*" }]\n}\n',
    );
    writeFileSync(
      dynamodb,
      '{"Statement":[{"Effect":"Allow","Principal":"*","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],"Resource":"*"}]}',
    );

    // Act
    const config = await loadLambdaConfig({
      ENDPOINT_POLICY_S3_FILE: s3,
      ENDPOINT_POLICY_DYNAMODB_FILE: dynamodb,
    });
    const none = await loadLambdaConfig({});

    // Assess
    expect(config.remediation.policyDocuments).toEqual({
      s3: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}',
      dynamodb:
        '{"Statement":[{"Effect":"Allow","Principal":"*","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],"Resource":"*"}]}',
    });
    expect(none.remediation.policyDocuments).toEqual({});
    expect(loggableConfig(config).remediation).toMatchObject({
      policyChars: { s3: 81, dynamodb: 131 },
    });
  });

  it('refuses a policy that blocks what a workload of its service needs, naming what it blocks', async () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'vpce-config-'));
    const file = join(folder, 'dynamo-only.json');
    writeFileSync(
      file,
      '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"dynamodb:*","Resource":"*"}]}',
    );

    // Act
    const run = loadLambdaConfig({ ENDPOINT_POLICY_S3_FILE: file });

    // Assess
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(run).rejects.toThrow(
      `ENDPOINT_POLICY_S3_FILE: policy file "${file}" would cut S3 off: it blocks s3:GetObject, s3:PutObject for every principal`,
    );
    await expect(run).rejects.toThrow('fix the policy file');
  });

  it('refuses the single ENDPOINT_POLICY_FILE of earlier versions, pointing to the per-service ones', () => {
    // Act
    const error = errorOf({ ENDPOINT_POLICY_FILE: '/etc/policy.json' });

    // Assess
    expect(error.message).toContain('ENDPOINT_POLICY_FILE: "/etc/policy.json": one policy');
    expect(error.message).toContain('ENDPOINT_POLICY_S3_FILE / ENDPOINT_POLICY_DYNAMODB_FILE');
  });

  it.each([
    ['not json', 'is not valid JSON'],
    ['[]', 'must be a JSON object (an IAM policy document)'],
    ['{"Version":"2012-10-17"}', 'must have a "Statement"'],
  ])('refuses a policy file holding %j, naming the variable and the file', async (text, reason) => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'vpce-config-'));
    const file = join(folder, 'policy.json');
    writeFileSync(file, text);

    // Act
    const run = loadLambdaConfig({ ENDPOINT_POLICY_DYNAMODB_FILE: file });

    // Assess
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(run).rejects.toThrow(
      `invalid configuration: ENDPOINT_POLICY_DYNAMODB_FILE: policy file "${file}" ${reason}`,
    );
  });

  it('refuses a policy file that cannot be read, and a bad variable before reading any file', async () => {
    // Prepare
    const missing = join(mkdtempSync(join(tmpdir(), 'vpce-config-')), 'absent.json');

    // Act
    const unreadable = loadLambdaConfig({ ENDPOINT_POLICY_S3_FILE: missing }).catch(
      (error: unknown) => error,
    );
    const invalid = loadLambdaConfig({
      ENDPOINT_POLICY_S3_FILE: missing,
      MAX_CHANGES: 'many',
    }).catch((error: unknown) => error);

    // Assess
    expect(((await unreadable) as Error).message).toBe(
      `invalid configuration: ENDPOINT_POLICY_S3_FILE: cannot read policy file "${missing}": ENOENT`,
    );
    expect(((await invalid) as Error).message).toBe(
      'invalid configuration: MAX_CHANGES: "many" is not a whole number of changes (0 or more)',
    );
  });

  it('finds the region of a topic ARN', () => {
    // Act / Assess
    expect(regionOfTopicArn(TOPIC)).toBe('eu-west-1');
  });
});

describe('what each program reads', () => {
  it('reads only the variables of its own settings: a remediation-only mistake spares the organization functions', () => {
    // Prepare
    const env = {
      REPORT_BUCKET: 'vpce-reports',
      ENDPOINT_POLICY_S3_FILE: '/no/such/policy.json',
      MAX_CHANGES: 'many',
      ACCOUNT_METRICS: 'true',
      EXCLUDE_ACCOUNTS: '111122223333',
    };

    // Act
    const aggregate = loadConfig(env, 'orgAggregate');
    const listAccounts = loadConfig(env, 'orgListAccounts');
    const remediate = () => loadConfig(env, 'remediate');

    // Assess
    expect(aggregate.remediation.maxChanges).toBe(25);
    expect(aggregate.remediation.endpointPolicyFiles).toEqual({});
    expect(aggregate.organization.accountMetrics).toBe(true);
    expect(aggregate.organization.scope).toEqual({});
    expect(listAccounts.organization.scope).toEqual({ exclude: ['111122223333'] });
    expect(listAccounts.organization.accountMetrics).toBe(false);
    expect(remediate).toThrow('MAX_CHANGES: "many"');
  });

  it('gives every setting to at least one program', () => {
    // Act
    const unread = SETTING_LIST.filter(({ setting }) => setting.readBy.length === 0);
    const readSomewhere = [...LAMBDA_FUNCTIONS, 'cli' as const].flatMap((program) =>
      settingsReadBy(program).map((setting) => setting.variable),
    );

    // Assess
    expect(unread).toEqual([]);
    expect(new Set(readSomewhere)).toEqual(
      new Set(SETTING_LIST.map(({ setting }) => setting.variable)),
    );
  });

  it('requires the report bucket of the organization functions, naming the variable', () => {
    // Prepare
    const config = loadConfig({ REPORT_BUCKET: ' ' }, 'orgListAccounts');

    // Act
    const required = () => requiredReportBucket(config);

    // Assess
    expect(required).toThrow(ConfigurationError);
    expect(required).toThrow('REPORT_BUCKET: is empty');
    expect(requiredReportBucket(loadConfig({ REPORT_BUCKET: 'b-1' }, 'orgAggregate'))).toBe('b-1');
  });

  it('gives the command line its errors without the Lambda prefix', () => {
    // Act
    const read = () => readSettings({ COST_DAYS: '0', SNS_TOPIC_ARN: 'x' }, 'cli');

    // Assess
    expect(read).toThrow(/^COST_DAYS: "0" is not a whole number of days/);
  });
});
