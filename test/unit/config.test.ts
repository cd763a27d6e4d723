import { loadConfig, regionOfTopicArn } from '../../src/config';
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
      cost: { enabled: true, days: 14 },
    });
  });

  it('reads every variable and treats blank ones as unset', () => {
    // Act
    const config = loadConfig({
      SNS_TOPIC_ARN: TOPIC,
      METRICS_NAMESPACE: 'Finops/Vpce',
      REGIONS: ' eu-west-1 , us-east-1,eu-west-1',
      SERVICES: 'dynamodb',
      NOTIFY: 'always',
      COST_ESTIMATE: 'False',
      COST_DAYS: '30',
      NAT_PRICE_PER_GB: '0.05',
      AWS_SECRET_ACCESS_KEY: 'never-read',
    });
    const blank = loadConfig({ SNS_TOPIC_ARN: '', REGIONS: ' ', NOTIFY: '' });

    // Assess
    expect(config).toEqual({
      snsTopicArn: TOPIC,
      metricsNamespace: 'Finops/Vpce',
      regions: ['eu-west-1', 'us-east-1'],
      services: ['dynamodb'],
      notify: 'always',
      cost: { enabled: false, days: 30, pricePerGb: 0.05 },
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
    [{ NOTIFY: 'sometimes' }, 'NOTIFY: "sometimes" is not one of "always", "on-leak"'],
    [{ COST_ESTIMATE: 'yes' }, 'COST_ESTIMATE: "yes" is not one of "true", "false"'],
    [{ COST_DAYS: '500' }, 'COST_DAYS: "500" is not a whole number of days from 1 to 455'],
    [{ NAT_PRICE_PER_GB: '-1' }, 'NAT_PRICE_PER_GB: "-1" is not a positive number of USD per GB'],
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

  it('finds the region of a topic ARN', () => {
    // Act / Assess
    expect(regionOfTopicArn(TOPIC)).toBe('eu-west-1');
  });
});
