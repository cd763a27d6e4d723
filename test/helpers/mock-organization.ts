import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  type ListTagsForResourceCommandInput,
} from '@aws-sdk/client-organizations';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { AccountAccess } from '../../src/accounts/account-access';
import { memberRoleArn } from '../../src/accounts/member-credentials';
import { AssumeRoleError } from '../../src/accounts/organization-errors';
import { mockAccount, serveEstate, type MockAccount, type MockEstate } from './mock-aws';
import { awsError } from './aws-error';
import type { Scenario } from './scenarios';

/** The organization id the mocked Organizations answers. */
export const ORGANIZATION_ID = 'o-exampleorgid';

/** One account of a mocked organization. */
export interface MockMember {
  id: string;
  name?: string;
  /** Default ACTIVE. */
  state?: string;
  /** Organizations tags of the account. */
  tags?: Record<string, string>;
  /** The estate its EC2 API serves (a conformance scenario's). */
  scenario?: Scenario;
  /** Its member role refuses to be assumed. */
  refuse?: boolean;
  /** What AssumeRole failed with when it `refuse`s (default: AccessDenied). */
  refuseWith?: Error;
  /** Reaching it fails with an unexpected error (not a refusal): the audit of it throws. */
  broken?: boolean;
}

/** A mocked organization: Organizations, and every member's clients. */
export interface MockOrganization {
  access: AccountAccess;
  organizations: AwsClientStub<OrganizationsClient>;
  /** The accounts whose clients were asked for, in order. */
  clientsAskedFor: string[];
  /** The mocked clients of each account that has a scenario. */
  account(id: string): MockAccount;
}

interface ScenarioSnapshot {
  accountId?: string;
  regions: Record<string, MockEstate>;
}

/**
 * The estate as the member's own EC2 answers it: what the scenario's account owned carries the
 * member's id (`OwnerId`), as an account's own subnets and tables do; other owners stay (a subnet
 * shared with the member through AWS RAM keeps its owner's id).
 */
function servedTo(estate: MockEstate, scenarioAccount: string | undefined, id: string): MockEstate {
  if (scenarioAccount === undefined || scenarioAccount === id) return estate;
  const text = JSON.stringify(estate).replaceAll(
    `"OwnerId":"${scenarioAccount}"`,
    `"OwnerId":"${id}"`,
  );
  return JSON.parse(text) as MockEstate;
}

/**
 * Mocks an organization whose management account is `caller`: Organizations lists `members` (one
 * page), each account's EC2 serves its scenario, and `clientsFor` refuses the members marked so
 * with an {@link AssumeRoleError} as STS would.
 */
export function mockOrganization(caller: string, members: readonly MockMember[]): MockOrganization {
  const client = new OrganizationsClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const organizations = mockClient(client);
  organizations.on(DescribeOrganizationCommand).resolves({
    Organization: { Id: ORGANIZATION_ID, MasterAccountId: caller },
  });
  organizations.on(ListAccountsCommand).resolves({
    Accounts: members.map((member) => ({
      Id: member.id,
      Name: member.name,
      State: (member.state ?? 'ACTIVE') as 'ACTIVE',
    })),
  });
  organizations
    .on(ListTagsForResourceCommand)
    .callsFake((input: ListTagsForResourceCommandInput) => {
      const member = members.find((candidate) => candidate.id === input.ResourceId);
      return {
        Tags: Object.entries(member?.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      };
    });
  const accounts = new Map<string, MockAccount>();
  for (const member of members) {
    const snapshot = member.scenario?.snapshot as ScenarioSnapshot | undefined;
    const regions = snapshot?.regions ?? {};
    const mocked = mockAccount({
      accountId: member.id,
      homeRegion: 'us-east-1',
      regions: [...new Set(['us-east-1', ...Object.keys(regions)])].map((name) => ({ name })),
    });
    for (const [region, estate] of Object.entries(regions))
      serveEstate(mocked.ec2(region), servedTo(estate, snapshot?.accountId, member.id));
    accounts.set(member.id, mocked);
  }
  const clientsAskedFor: string[] = [];
  const access: AccountAccess = {
    caller: () => Promise.resolve({ accountId: caller, partition: 'aws', region: 'us-east-1' }),
    organizations: () => client,
    clientsFor: (id) => {
      clientsAskedFor.push(id);
      const member = members.find((candidate) => candidate.id === id);
      if (member?.refuse) {
        return Promise.reject(
          new AssumeRoleError(id, memberRoleArn('aws', id, 'vpce-auditor-member'), {
            cause:
              member.refuseWith ??
              awsError('AccessDenied', `not authorized to perform sts:AssumeRole on ${id}`),
          }),
        );
      }
      if (member?.broken) return Promise.reject(new TypeError(`socket hang up (${id})`));
      const mocked = accounts.get(id);
      if (!mocked) return Promise.reject(new Error(`no mocked account ${id}`));
      return Promise.resolve(mocked.clients);
    },
  };
  return {
    access,
    organizations,
    clientsAskedFor,
    account: (id) => {
      const mocked = accounts.get(id);
      if (!mocked) throw new Error(`no mocked account ${id}`);
      return mocked;
    },
  };
}
