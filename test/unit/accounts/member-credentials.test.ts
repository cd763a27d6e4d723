import { Readable } from 'node:stream';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultAccountAccess } from '../../../src/accounts/account-access';
import {
  assumeRoleProvider,
  memberRoleArn,
  partitionOf,
  REFRESH_BEFORE_EXPIRY_MS,
} from '../../../src/accounts/member-credentials';
import { AssumeRoleError } from '../../../src/accounts/organization-errors';
import { CallLimiter } from '../../../src/collect/call-limit';
import {
  DEFAULT_MAX_ATTEMPTS,
  defaultClientFactory,
  type AwsClientFactory,
} from '../../../src/collect/client-factory';
import { mockAccount } from '../../helpers/mock-aws';
import { awsError } from '../../helpers';

const sts = new STSClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const stsMock = mockClient(sts);

const THROTTLED = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r1</RequestID></Response>`;

function credentialsExpiringAt(at: number, key = 'ASIAMEMBER') {
  return {
    Credentials: {
      AccessKeyId: key,
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(at),
    },
  };
}

beforeEach(() => {
  stsMock.reset();
});

describe('the member role credentials', () => {
  it('assume arn:<partition>:iam::<id>:role/<name> with the session name vpce-auditor, one hour and the external id', async () => {
    // Prepare
    stsMock.on(AssumeRoleCommand).resolves(credentialsExpiringAt(Date.now() + 3_600_000));
    const provider = assumeRoleProvider(sts, {
      accountId: '222222222222',
      partition: 'aws-cn',
      roleName: 'auditor',
      externalId: 'shared-secret',
    });

    // Act
    const credentials = await provider();

    // Assess
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAMEMBER',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws-cn:iam::222222222222:role/auditor',
      RoleSessionName: 'vpce-auditor',
      DurationSeconds: 3600,
      ExternalId: 'shared-secret',
    });
  });

  it('assume the role once for every client and call until shortly before expiry, then again', async () => {
    // Prepare
    let now = 1_000_000;
    const expiry = now + 3_600_000;
    stsMock
      .on(AssumeRoleCommand)
      .resolvesOnce(credentialsExpiringAt(expiry, 'FIRST'))
      .resolvesOnce(credentialsExpiringAt(expiry + 3_600_000, 'SECOND'));
    const provider = assumeRoleProvider(
      sts,
      { accountId: '222222222222', partition: 'aws', roleName: 'vpce-auditor-member' },
      () => now,
    );

    // Act
    const concurrent = await Promise.all([provider(), provider(), provider()]);
    now = expiry - REFRESH_BEFORE_EXPIRY_MS - 1;
    const stillValid = await provider();
    now = expiry - REFRESH_BEFORE_EXPIRY_MS + 1;
    const refreshed = await provider();

    // Assess
    expect(concurrent.map((c) => c.accessKeyId)).toEqual(['FIRST', 'FIRST', 'FIRST']);
    expect(stillValid.accessKeyId).toBe('FIRST');
    expect(refreshed.accessKeyId).toBe('SECOND');
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('turn a refusal into an AssumeRoleError naming the account and role, and try again next time', async () => {
    // Prepare
    stsMock
      .on(AssumeRoleCommand)
      .rejectsOnce(awsError('AccessDenied', 'not authorized to perform: sts:AssumeRole'))
      .resolvesOnce(credentialsExpiringAt(Date.now() + 3_600_000));
    const provider = assumeRoleProvider(sts, {
      accountId: '222222222222',
      partition: 'aws',
      roleName: 'vpce-auditor-member',
    });

    // Act
    const first = provider();

    // Assess
    await expect(first).rejects.toThrow(AssumeRoleError);
    await expect(first).rejects.toThrow(
      'cannot assume arn:aws:iam::222222222222:role/vpce-auditor-member: AccessDenied: not authorized to perform: sts:AssumeRole',
    );
    await expect(provider()).resolves.toMatchObject({ accessKeyId: 'ASIAMEMBER' });
  });

  it.each([
    ['arn:aws:iam::111111111111:user/me', 'aws'],
    ['arn:aws-us-gov:sts::111111111111:assumed-role/r/s', 'aws-us-gov'],
    [undefined, 'aws'],
  ])('read the partition of %s as %s', (arn, partition) => {
    // Act / Assess
    expect(partitionOf(arn)).toBe(partition);
    expect(memberRoleArn(partition, '222222222222', 'r')).toBe(
      `arn:${partition}:iam::222222222222:role/r`,
    );
  });
});

/** The caller's account, 111111111111: its STS answers who it is (a user of that account). */
function callerAccount() {
  const caller = mockAccount({ accountId: '111111111111', regions: [{ name: 'us-east-1' }] });
  caller.sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: '111111111111', Arn: 'arn:aws:iam::111111111111:user/me' });
  return caller;
}

describe('the access to the accounts', () => {
  function accessWith(builds: { credentials: unknown }[]) {
    const caller = callerAccount();
    const member = mockAccount({ accountId: '222222222222', regions: [{ name: 'us-east-1' }] });
    const access = defaultAccountAccess({
      member: { roleName: 'vpce-auditor-member' },
      limiter: new CallLimiter(4),
      clientFactory: (credentials): AwsClientFactory => {
        builds.push({ credentials });
        return credentials ? member.clients : caller.clients;
      },
    });
    return { access, caller, member };
  }

  it("audit the caller's own account with the caller's credentials, without AssumeRole", async () => {
    // Prepare
    const builds: { credentials: unknown }[] = [];
    const { access, caller } = accessWith(builds);

    // Act
    const clients = await access.clientsFor('111111111111');

    // Assess
    expect(clients.ec2('us-east-1')).toBe(caller.clients.ec2('us-east-1'));
    expect(caller.sts).not.toHaveReceivedCommand(AssumeRoleCommand);
    expect(builds).toEqual([{ credentials: undefined }]);
  });

  it('assume the member role of any other account before handing out its clients', async () => {
    // Prepare
    const builds: { credentials: unknown }[] = [];
    const { access, caller, member } = accessWith(builds);
    caller.sts.on(AssumeRoleCommand).resolves(credentialsExpiringAt(Date.now() + 3_600_000));

    // Act
    const clients = await access.clientsFor('222222222222');

    // Assess
    expect(clients.ec2('us-east-1')).toBe(member.clients.ec2('us-east-1'));
    expect(caller.sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::222222222222:role/vpce-auditor-member',
      RoleSessionName: 'vpce-auditor',
    });
    expect(builds).toHaveLength(2);
    expect(typeof builds[1]?.credentials).toBe('function');
  });

  it("hand out the member account's own CloudWatch Logs client: its flow logs are read with its role", async () => {
    // Prepare
    const caller = callerAccount();
    caller.sts.on(AssumeRoleCommand).resolves(credentialsExpiringAt(Date.now() + 3_600_000));
    const member = mockAccount({ accountId: '222222222222', regions: [{ name: 'us-east-1' }] });
    const memberLogs = new CloudWatchLogsClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'member', secretAccessKey: 'b' },
    });
    const access = defaultAccountAccess({
      member: { roleName: 'vpce-auditor-member' },
      limiter: new CallLimiter(4),
      clientFactory: (credentials): AwsClientFactory =>
        credentials ? { ...member.clients, logs: () => memberLogs } : caller.clients,
    });

    // Act
    const clients = await access.clientsFor('222222222222');

    // Assess
    expect(clients.logs('us-east-1')).toBe(memberLogs);
  });

  it("change a member account's endpoints once per send, with its role's credentials, under the call limit", async () => {
    // Prepare: the member's clients are the real factory's, over an HTTP stand-in that throttles
    const caller = callerAccount();
    caller.sts.on(AssumeRoleCommand).resolves(credentialsExpiringAt(Date.now() + 3_600_000));
    const sent: { attempt: string; authorization: string }[] = [];
    const throttling = {
      handle: async (request: { headers: Record<string, string> }) => {
        sent.push({
          attempt: request.headers['amz-sdk-request'] ?? '',
          authorization: request.headers.authorization ?? '',
        });
        return {
          response: {
            statusCode: 503,
            headers: { 'content-type': 'text/xml' },
            body: Readable.from([Buffer.from(THROTTLED)]),
          },
        };
      },
    };
    const limiter = new CallLimiter(4);
    const access = defaultAccountAccess({
      member: { roleName: 'vpce-auditor-member' },
      limiter,
      clientFactory: (credentials): AwsClientFactory =>
        credentials
          ? defaultClientFactory({
              homeRegion: () => Promise.resolve('us-east-1'),
              clientConfig: { requestHandler: throttling as never, credentials },
            })
          : caller.clients,
    });
    const clients = await access.clientsFor('222222222222');

    // Act
    const change = await clients
      .ec2Changes('us-east-1')
      .send(
        new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 'com.amazonaws.us-east-1.s3' }),
      )
      .catch((error: unknown) => error);

    // Assess
    expect(change).toMatchObject({ name: 'RequestLimitExceeded' });
    expect(sent).toEqual([
      {
        attempt: 'attempt=1; max=1',
        authorization: expect.stringContaining('Credential=ASIAMEMBER/') as unknown,
      },
    ]);
    expect(limiter.peak).toBe(1);
  });

  it.each([
    ['4', 4],
    [undefined, DEFAULT_MAX_ATTEMPTS],
  ])(
    'give the Organizations client the attempts of VPCE_AUDITOR_MAX_ATTEMPTS (%j), like the collection',
    async (setting, attempts) => {
      // Prepare
      const before = process.env.VPCE_AUDITOR_MAX_ATTEMPTS;
      if (setting === undefined) delete process.env.VPCE_AUDITOR_MAX_ATTEMPTS;
      else process.env.VPCE_AUDITOR_MAX_ATTEMPTS = setting;
      const { access } = accessWith([]);

      try {
        // Act
        const organizations = access.organizations();

        // Assess
        expect(await organizations.config.maxAttempts()).toBe(attempts);
      } finally {
        if (before === undefined) delete process.env.VPCE_AUDITOR_MAX_ATTEMPTS;
        else process.env.VPCE_AUDITOR_MAX_ATTEMPTS = before;
      }
    },
  );

  it('refuse the clients of an account whose role cannot be assumed', async () => {
    // Prepare
    const { access, caller } = accessWith([]);
    caller.sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', 'no trust'));

    // Act
    const clients = access.clientsFor('222222222222');

    // Assess
    await expect(clients).rejects.toThrow(AssumeRoleError);
  });
});
