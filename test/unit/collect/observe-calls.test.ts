/**
 * observeCalls tells hooks of every call a real SDK client sends (its middleware runs; a mocked
 * `send` would skip it), so the tests give an STS client a request handler that answers like STS.
 */
import { Readable } from 'node:stream';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { CallRecord } from '../../../src/call-hooks';
import { defaultAccountAccess } from '../../../src/accounts/account-access';
import { CallLimiter } from '../../../src/collect/call-limit';
import { observeCalls } from '../../../src/collect/observe-calls';
import { clientFactory } from '../../helpers';

const ACCOUNT = '111122223333';
const MEMBER = '444455556666';

/** STS's answer to an action, as its query protocol writes it. */
function stsAnswer(action: string): { status: number; xml: string } {
  if (action === 'GetCallerIdentity') {
    return {
      status: 200,
      xml: `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/me</Arn><UserId>AIDA</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
    };
  }
  if (action === 'AssumeRole') {
    return {
      status: 200,
      xml: `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>${new Date(Date.now() + 3_600_000).toISOString()}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${MEMBER}:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`,
    };
  }
  return {
    status: 403,
    xml: '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>',
  };
}

/** An STS client whose requests never leave the process; `refuse` answers AccessDenied to all. */
function fakeSts(refuse = false): STSClient {
  return new STSClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        const action = new URLSearchParams(String(request.body)).get('Action') ?? '';
        const answer = stsAnswer(refuse ? 'Refused' : action);
        return {
          response: {
            statusCode: answer.status,
            headers: { 'content-type': 'text/xml' },
            body: Readable.from([Buffer.from(answer.xml)]),
          },
        };
      },
    },
  });
}

describe('observeCalls', () => {
  it('tells the hooks of each call by its API name, with its time', async () => {
    // Prepare
    const calls: CallRecord[] = [];
    const started: string[] = [];
    const sts = observeCalls(fakeSts(), {
      onCallStart: (operation) => started.push(operation),
      onCall: (call) => calls.push(call),
    });

    // Act
    const identity = await sts.send(new GetCallerIdentityCommand({}));

    // Assess
    expect(identity.Account).toBe(ACCOUNT);
    expect(started).toEqual(['GetCallerIdentity']);
    expect(calls).toEqual([{ operation: 'GetCallerIdentity', ms: expect.any(Number) }]);
  });

  it("tells a failed call's error code, and the error still reaches the caller", async () => {
    // Prepare
    const calls: CallRecord[] = [];
    const sts = observeCalls(fakeSts(true), { onCall: (call) => calls.push(call) });

    // Act
    const sent = sts.send(new GetCallerIdentityCommand({}));

    // Assess
    await expect(sent).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(calls).toEqual([
      { operation: 'GetCallerIdentity', ms: expect.any(Number), error: 'AccessDenied' },
    ]);
  });

  it('observes a client once however often it is asked', async () => {
    // Prepare
    const calls: CallRecord[] = [];
    const hooks = { onCall: (call: CallRecord) => calls.push(call) };
    const sts = observeCalls(observeCalls(fakeSts(), hooks), hooks);

    // Act
    await sts.send(new GetCallerIdentityCommand({}));

    // Assess
    expect(calls).toHaveLength(1);
  });
});

describe("the account access's STS hooks", () => {
  it("tell of the caller's GetCallerIdentity and of each member role's AssumeRole", async () => {
    // Prepare
    const sts = fakeSts();
    const operations: string[] = [];
    const access = defaultAccountAccess({
      member: { roleName: 'vpce-auditor-member' },
      limiter: new CallLimiter(4),
      clientFactory: () => clientFactory({ sts: () => sts, ec2: () => undefined as never }),
      stsHooks: { onCall: (call) => operations.push(call.operation) },
    });

    // Act
    const caller = await access.caller();
    await access.clientsFor(MEMBER);

    // Assess
    expect(caller.accountId).toBe(ACCOUNT);
    expect(operations).toEqual(['GetCallerIdentity', 'AssumeRole']);
  });
});
