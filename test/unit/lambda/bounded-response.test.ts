import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { RESPONSE_ITEMS } from '../../../src/lambda/bounded-response';
import { createRemediateHandler } from '../../../src/lambda/remediate-handler';
import { remediateLive } from '../../../src/remediation/remediate-live';
import { remediationKey, runIdOf } from '../../../src/store/report-keys';
import { createReportStore } from '../../../src/store/report-store';
import { estate } from '../../helpers';
import { fakeAccount } from '../../helpers/fake-account';
import { INSTANT, TEST_CONFIG, lambdaContext, silentLogger } from '../../helpers/lambda';

const s3 = mockClient(S3Client);
const REGION = 'us-east-1';

/** 40 VPCs, each leaking through its own NAT gateway: 80 actions (S3 and DynamoDB each). */
function wideEstate() {
  return estate(REGION)
    .vpcs(
      Array.from({ length: 40 }, (_, i) => {
        const n = String(i).padStart(2, '0');
        return {
          id: `vpc-0a0000000000000${n}`,
          tables: [{ id: `rtb-0${n}`, subnets: [`subnet-0${n}`], via: `nat-01234567890abc0${n}` }],
        };
      }),
    )
    .build();
}

function setup(bucket?: string) {
  const account = fakeAccount(wideEstate());
  const handler = createRemediateHandler({
    config: {
      ...TEST_CONFIG,
      remediation: { ...TEST_CONFIG.remediation, maxChanges: 1000 },
    },
    clients: account.factory,
    remediateLive,
    sns: new SNSClient({ region: REGION }),
    cloudwatch: new CloudWatchClient({ region: REGION }),
    ...(bucket ? { store: createReportStore(new S3Client({ region: REGION }), bucket) } : {}),
    logger: silentLogger(),
    timing: { pacing: INSTANT, verify: { sleep: INSTANT.sleep } },
  });
  return { handler };
}

describe('the remediate response', () => {
  beforeEach(() => {
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
  });

  it('lists the first items of a large plan, counts the rest and points to the stored whole', async () => {
    // Prepare
    const { handler } = setup('my-reports');

    // Act
    const response = await handler({}, lambdaContext('c0ffee00-1111'));

    // Assess
    expect(response.plan.summary.actions).toBe(80);
    expect(response.plan.actions).toHaveLength(RESPONSE_ITEMS);
    expect(response.truncated).toMatchObject({ actionsOmitted: 80 - RESPONSE_ITEMS });
    const stored = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(stored?.Key).toBe(
      remediationKey(
        '111122223333',
        response.generatedAt,
        runIdOf(response.generatedAt, 'c0ffee00-1111'),
      ),
    );
    const whole = JSON.parse(stored?.Body as string) as { plan: { actions: unknown[] } };
    expect(whole.plan.actions).toHaveLength(80);
    expect(response.remediationObject?.uri).toBe(`s3://my-reports/${stored?.Key}`);
    expect(response.truncated?.note).toContain(response.remediationObject?.uri);
    expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThan(
      Buffer.byteLength(JSON.stringify(whole)),
    );
  });

  it('keeps a small plan whole and says nothing was left out', async () => {
    // Prepare
    const account = fakeAccount(
      estate(REGION)
        .vpcs([
          {
            id: 'vpc-0a000000000000001',
            tables: [{ id: 'rtb-011', subnets: ['subnet-011'], via: 'nat-0123456789abcdef0' }],
          },
        ])
        .build(),
    );
    const handler = createRemediateHandler({
      config: TEST_CONFIG,
      clients: account.factory,
      remediateLive,
      cloudwatch: new CloudWatchClient({ region: REGION }),
      logger: silentLogger(),
    });

    // Act
    const response = await handler({}, lambdaContext());

    // Assess
    expect(response.plan.actions).toHaveLength(2);
    expect(response.truncated).toBeUndefined();
    expect(response.remediationObject).toBeUndefined();
  });
});
