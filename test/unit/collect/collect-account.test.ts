import {
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { collectAccount } from '../../../src/collect/collect-account';
import { AccountAccessError, UnknownRegionError } from '../../../src/collect/collect-errors';
import { UserInputError } from '../../../src/errors';
import { mockAccount, serveEstate, type MockEstate } from '../../helpers/mock-aws';
import { awsError } from '../../helpers';

function estateOf(region: string): MockEstate {
  return {
    Vpcs: [{ VpcId: `vpc-${region}` }],
    PrefixLists: [
      { PrefixListId: 'pl-1', PrefixListName: `com.amazonaws.${region}.s3`, Cidrs: ['3.5.0.0/19'] },
      {
        PrefixListId: 'pl-2',
        PrefixListName: `com.amazonaws.${region}.dynamodb`,
        Cidrs: ['52.94.0.0/22'],
      },
    ],
  };
}

const REGIONS = [
  { name: 'us-east-1' },
  { name: 'eu-west-1' },
  { name: 'ap-east-1', optIn: 'opted-in' as const },
  { name: 'me-south-1', optIn: 'not-opted-in' as const },
];

function account() {
  const mocked = mockAccount({ regions: REGIONS, accountId: '444455556666' });
  for (const region of REGIONS) serveEstate(mocked.ec2(region.name), estateOf(region.name));
  return mocked;
}

describe('collectAccount', () => {
  it('collects every enabled region and skips the regions not opted in', async () => {
    // Prepare
    const mocked = account();

    // Act
    const result = await collectAccount({ regions: 'all', clients: mocked.clients });

    // Assess
    expect(result.regions).toEqual(['ap-east-1', 'eu-west-1', 'us-east-1']);
    expect(Object.keys(result.snapshot.regions).sort()).toEqual(result.regions);
    expect(result.snapshot.accountId).toBe('444455556666');
    expect(result.errors).toEqual([]);
    expect(mocked.ec2('us-east-1')).toHaveReceivedCommandWith(DescribeRegionsCommand, {
      AllRegions: true,
    });
    expect(mocked.ec2('me-south-1')).not.toHaveReceivedCommand(DescribeVpcsCommand);
    expect(result.snapshot.regions['ap-east-1']?.Vpcs).toEqual([{ VpcId: 'vpc-ap-east-1' }]);
  });

  it('takes the account id it is given instead of asking STS for it', async () => {
    // Prepare
    const mocked = account();

    // Act
    const result = await collectAccount({
      regions: ['eu-west-1'],
      clients: mocked.clients,
      accountId: '777788889999',
    });

    // Assess
    expect(result.snapshot.accountId).toBe('777788889999');
    expect(mocked.sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
    expect(mocked.ec2('us-east-1')).toHaveReceivedCommand(DescribeRegionsCommand);
    expect(result.snapshot.regions['eu-west-1']?.Vpcs).toEqual([{ VpcId: 'vpc-eu-west-1' }]);
  });

  it('builds no STS client when the factory knows its home region and the account id is given', async () => {
    // Prepare
    const mocked = account();
    const sts = jest.fn(mocked.clients.sts);
    const clients = {
      ...mocked.clients,
      sts,
      homeRegion: () => Promise.resolve('us-east-1'),
    };

    // Act
    const result = await collectAccount({
      regions: ['eu-west-1'],
      clients,
      accountId: '777788889999',
    });

    // Assess
    expect(sts).not.toHaveBeenCalled();
    expect(mocked.ec2('us-east-1')).toHaveReceivedCommand(DescribeRegionsCommand);
    expect(result.snapshot.regions['eu-west-1']?.Vpcs).toEqual([{ VpcId: 'vpc-eu-west-1' }]);
  });

  it('rejects a region that does not exist or is not enabled before collecting anything', async () => {
    // Prepare
    const mocked = account();

    // Act
    const failure = await collectAccount({
      regions: ['eu-west-1', 'me-south-1', 'xx-nowhere-1'],
      clients: mocked.clients,
    }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(UnknownRegionError);
    expect(failure).toBeInstanceOf(UserInputError);
    expect((failure as Error).message).toContain(
      '"me-south-1", "xx-nowhere-1" are not an enabled region',
    );
    for (const region of REGIONS) {
      expect(mocked.ec2(region.name)).not.toHaveReceivedCommand(DescribeVpcsCommand);
    }
  });

  it('reports a failing region in errors and still collects the others', async () => {
    // Prepare
    const mocked = account();
    mocked
      .ec2('eu-west-1')
      .on(DescribeRouteTablesCommand)
      .rejects(awsError('UnauthorizedOperation', 'explicit deny in a service control policy'));

    // Act
    const result = await collectAccount({ regions: 'all', clients: mocked.clients });

    // Assess
    expect(result.errors).toEqual([
      {
        region: 'eu-west-1',
        operation: 'DescribeRouteTables',
        code: 'UnauthorizedOperation',
        message: 'explicit deny in a service control policy',
      },
    ]);
    expect(Object.keys(result.snapshot.regions).sort()).toEqual(['ap-east-1', 'us-east-1']);
    expect(result.regions).toEqual(['ap-east-1', 'eu-west-1', 'us-east-1']);
  });

  it('names a network failure by its errno code', async () => {
    // Prepare
    const mocked = account();
    mocked
      .ec2('ap-east-1')
      .on(DescribeVpcsCommand)
      .rejects(
        Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:443'), { code: 'ECONNREFUSED' }),
      );

    // Act
    const result = await collectAccount({ regions: ['ap-east-1'], clients: mocked.clients });

    // Assess
    expect(result.errors).toEqual([
      expect.objectContaining({
        region: 'ap-east-1',
        operation: 'DescribeVpcs',
        code: 'ECONNREFUSED',
      }),
    ]);
  });

  it('fails with one clear line when there are no credentials', async () => {
    // Prepare
    const mocked = account();
    mocked.sts
      .on(GetCallerIdentityCommand)
      .rejects(
        awsError('CredentialsProviderError', 'Could not load credentials from any providers'),
      );
    mocked
      .ec2('us-east-1')
      .on(DescribeRegionsCommand)
      .rejects(
        awsError('CredentialsProviderError', 'Could not load credentials from any providers'),
      );

    // Act
    const failure = await collectAccount({ regions: 'all', clients: mocked.clients }).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(AccountAccessError);
    expect((failure as Error).message).toMatch(/^no AWS credentials found/);
    expect((failure as Error).message).not.toContain('\n');
    expect(mocked.ec2('eu-west-1')).not.toHaveReceivedCommand(DescribeVpcsCommand);
  });

  it.each([{}, { Account: 'unknown' }, { Account: '12345' }])(
    'fails, auditing nothing, when STS gives no 12-digit account id (%j)',
    async (identity) => {
      // Prepare
      const mocked = account();
      mocked.sts.on(GetCallerIdentityCommand).resolves(identity);

      // Act
      const failure = await collectAccount({ regions: 'all', clients: mocked.clients }).catch(
        (error: unknown) => error,
      );

      // Assess
      expect(failure).toBeInstanceOf(AccountAccessError);
      expect((failure as Error).message).toBe(
        `STS GetCallerIdentity gave no 12-digit account id (Account: ${JSON.stringify(identity.Account ?? null)}): the credentials' account is unknown, so nothing is audited`,
      );
      expect(mocked.ec2('eu-west-1')).not.toHaveReceivedCommand(DescribeVpcsCommand);
    },
  );

  it('fails when STS refuses the caller', async () => {
    // Prepare
    const mocked = account();
    mocked.sts
      .on(GetCallerIdentityCommand)
      .rejects(awsError('ExpiredToken', 'The security token included in the request is expired'));

    // Act
    const failure = await collectAccount({ regions: 'all', clients: mocked.clients }).catch(
      (error: unknown) => error,
    );

    // Assess
    expect((failure as Error).message).toBe(
      'STS GetCallerIdentity failed: ExpiredToken: The security token included in the request is expired',
    );
  });

  it('never runs more regions at once than the concurrency allows', async () => {
    // Prepare
    const mocked = account();
    let running = 0;
    let peak = 0;
    const started = new Set<string>();

    // Act
    await collectAccount({
      regions: 'all',
      clients: mocked.clients,
      concurrency: 2,
      progress: {
        callStarted(region, operation) {
          if (operation === 'DescribeRegions' || operation === 'GetCallerIdentity') return;
          if (!started.has(region)) {
            started.add(region);
            running += 1;
            peak = Math.max(peak, running);
          }
        },
        regionFinished() {
          running -= 1;
        },
      },
    });

    // Assess
    expect(started.size).toBe(3);
    expect(peak).toBe(2);
  });

  it('rejects a concurrency that is not a positive integer', async () => {
    // Prepare
    const mocked = account();

    // Act
    const failure = collectAccount({ regions: 'all', clients: mocked.clients, concurrency: 0 });

    // Assess
    await expect(failure).rejects.toThrow('concurrency: 0 is not a positive integer');
  });
});
