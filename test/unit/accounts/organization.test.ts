import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  type ListAccountsForParentCommandInput,
  type ListOrganizationalUnitsForParentCommandInput,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { isAccountExempt, listOrganization } from '../../../src/accounts/organization';
import { OrganizationAccessError } from '../../../src/accounts/organization-errors';
import { selectFromOrganization, selectGiven } from '../../../src/accounts/selection';
import { awsError } from '../../helpers';

const client = new OrganizationsClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const org = mockClient(client);

beforeEach(() => {
  org.reset();
  org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abcdefghij' } });
});

describe('listing the organization', () => {
  it('reads every page of ListAccounts and keeps each account once, with its state', async () => {
    // Prepare
    org
      .on(ListAccountsCommand)
      .resolvesOnce({
        Accounts: [
          { Id: '222222222222', Name: 'two', State: 'ACTIVE' },
          { Id: '111111111111', Name: 'one', State: 'ACTIVE' },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        // An implementation that answers only the older Status field.
        Accounts: [{ Id: '333333333333', Name: 'three', Status: 'SUSPENDED' }],
      });

    // Act
    const listing = await listOrganization(client);

    // Assess
    expect(listing).toEqual({
      organizationId: 'o-abcdefghij',
      accounts: [
        { accountId: '111111111111', name: 'one', state: 'ACTIVE' },
        { accountId: '222222222222', name: 'two', state: 'ACTIVE' },
        { accountId: '333333333333', name: 'three', state: 'SUSPENDED' },
      ],
    });
    expect(org).toHaveReceivedCommandTimes(ListAccountsCommand, 2);
    expect(org).toHaveReceivedCommandWith(ListAccountsCommand, { NextToken: 'page-2' });
  });

  it('walks the OUs given recursively through ListOrganizationalUnitsForParent and ListAccountsForParent', async () => {
    // Prepare: r-root holds ou-a (which holds ou-a-b) and an account; ou-a-b is paginated.
    const children: Record<string, string[]> = { 'ou-ab12-aaaaaaaa': ['ou-ab12-bbbbbbbb'] };
    const accounts: Record<string, string[]> = {
      'ou-ab12-aaaaaaaa': ['111111111111'],
      'ou-ab12-bbbbbbbb': ['222222222222', '333333333333'],
    };
    org
      .on(ListOrganizationalUnitsForParentCommand)
      .callsFake((input: ListOrganizationalUnitsForParentCommandInput) => ({
        OrganizationalUnits: (children[input.ParentId ?? ''] ?? []).map((Id) => ({ Id })),
      }));
    org.on(ListAccountsForParentCommand).callsFake((input: ListAccountsForParentCommandInput) => {
      const ids = accounts[input.ParentId ?? ''] ?? [];
      // Two pages for the nested OU: one account each.
      if (input.ParentId === 'ou-ab12-bbbbbbbb') {
        const index = input.NextToken === undefined ? 0 : 1;
        return {
          Accounts: [{ Id: ids[index], State: 'ACTIVE' }],
          ...(index === 0 ? { NextToken: 'more' } : {}),
        };
      }
      return { Accounts: ids.map((Id) => ({ Id, State: 'ACTIVE' })) };
    });

    // Act
    const listing = await listOrganization(client, { parentIds: ['ou-ab12-aaaaaaaa'] });

    // Assess
    expect(listing.accounts.map((account) => account.accountId)).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
    ]);
    expect(org).not.toHaveReceivedCommand(ListAccountsCommand);
    expect(org).toHaveReceivedCommandWith(ListOrganizationalUnitsForParentCommand, {
      ParentId: 'ou-ab12-bbbbbbbb',
    });
    expect(org).toHaveReceivedCommandTimes(ListAccountsForParentCommand, 3);
  });

  it('lists an account under two OUs given together once', async () => {
    // Prepare
    org.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
    org
      .on(ListAccountsForParentCommand)
      .resolves({ Accounts: [{ Id: '111111111111', State: 'ACTIVE' }] });

    // Act
    const listing = await listOrganization(client, {
      parentIds: ['r-ab12', 'ou-ab12-aaaaaaaa'],
    });

    // Assess
    expect(listing.accounts).toEqual([{ accountId: '111111111111', state: 'ACTIVE' }]);
  });

  it('is one clear error naming the operation when the caller may not list the organization', async () => {
    // Prepare
    org
      .on(ListAccountsCommand)
      .rejects(
        awsError('AccessDeniedException', 'You don’t have permissions to access this resource.'),
      );

    // Act
    const listed = listOrganization(client);

    // Assess
    await expect(listed).rejects.toThrow(OrganizationAccessError);
    await expect(listed).rejects.toThrow(
      /ListAccounts failed: AccessDeniedException: .*management account or of a delegated administrator/,
    );
  });

  it('still lists the accounts when DescribeOrganization fails, without an organization id', async () => {
    // Prepare
    org.on(DescribeOrganizationCommand).rejects(awsError('AccessDeniedException', 'no'));
    org.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '111111111111', State: 'ACTIVE' }] });

    // Act
    const listing = await listOrganization(client);

    // Assess
    expect(listing).toEqual({ accounts: [{ accountId: '111111111111', state: 'ACTIVE' }] });
  });
});

describe('the exemption tag', () => {
  it.each([
    [[{ Key: 'vpce-auditor:exempt', Value: 'true' }], true],
    [[{ Key: 'vpce-auditor:exempt', Value: '' }], true],
    [[{ Key: 'vpce-auditor:exempt', Value: 'False' }], false],
    [[{ Key: 'team', Value: 'payments' }], false],
  ])('tags %j make the account exempt: %s', async (tags, exempt) => {
    // Prepare
    org.on(ListTagsForResourceCommand).resolves({ Tags: tags });

    // Act
    const result = await isAccountExempt(client, '111111111111');

    // Assess
    expect(result).toBe(exempt);
    expect(org).toHaveReceivedCommandWith(ListTagsForResourceCommand, {
      ResourceId: '111111111111',
    });
  });

  it('reads every page of the tags', async () => {
    // Prepare
    org
      .on(ListTagsForResourceCommand)
      .resolvesOnce({ Tags: [{ Key: 'team', Value: 'a' }], NextToken: 't' })
      .resolvesOnce({ Tags: [{ Key: 'vpce-auditor:exempt', Value: 'yes' }] });

    // Act
    const exempt = await isAccountExempt(client, '111111111111');

    // Assess
    expect(exempt).toBe(true);
  });
});

describe('the selection', () => {
  it('audits ACTIVE accounts, lists suspended and closing ones as skipped, and drops the excluded', () => {
    // Act
    const selection = selectFromOrganization(
      {
        organizationId: 'o-abcdefghij',
        accounts: [
          { accountId: '111111111111', name: 'one', state: 'ACTIVE' },
          { accountId: '222222222222', state: 'SUSPENDED' },
          { accountId: '333333333333', state: 'PENDING_CLOSURE' },
          { accountId: '444444444444', state: 'ACTIVE' },
        ],
      },
      ['444444444444'],
    );

    // Assess
    expect(selection).toEqual({
      organizationId: 'o-abcdefghij',
      fromOrganization: true,
      accounts: [
        { accountId: '111111111111', name: 'one', action: 'audit' },
        { accountId: '222222222222', action: 'skipped', reason: 'account state SUSPENDED' },
        { accountId: '333333333333', action: 'skipped', reason: 'account state PENDING_CLOSURE' },
      ],
    });
  });

  it('takes exactly the accounts given, minus the excluded, without Organizations', () => {
    // Act
    const selection = selectGiven(
      ['333333333333', '111111111111', '333333333333'],
      ['111111111111'],
    );

    // Assess
    expect(selection).toEqual({
      fromOrganization: false,
      accounts: [{ accountId: '333333333333', action: 'audit' }],
    });
  });
});
