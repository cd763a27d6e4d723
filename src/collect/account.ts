/** The account-level calls: who the credentials belong to and which regions are enabled. */
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { timedCall, type CallHooks } from './call-timing';
import { AccountAccessError } from './collect-errors';

/**
 * The account id of a `GetCallerIdentity` answer: 12 digits, or the run stops, since a report,
 * snapshot or finding id cannot carry an unknown account.
 *
 * @throws AccountAccessError when STS gave no 12-digit id
 */
export function identityAccountId(identity: { Account?: string | undefined }): string {
  const id = identity.Account;
  if (id !== undefined && /^[0-9]{12}$/.test(id)) return id;
  throw new AccountAccessError(
    `STS GetCallerIdentity gave no 12-digit account id (Account: ${JSON.stringify(id ?? null)}): the credentials' account is unknown, so nothing is audited`,
  );
}

/**
 * STS `GetCallerIdentity`: the account id of the credentials.
 *
 * @throws AccountAccessError when the answer has no 12-digit account id
 */
export async function callerAccountId(sts: STSClient, hooks: CallHooks): Promise<string> {
  const identity = await timedCall('GetCallerIdentity', hooks, () =>
    sts.send(new GetCallerIdentityCommand({})),
  );
  return identityAccountId(identity);
}

/**
 * EC2 `DescribeRegions` with `AllRegions: true`, keeping the regions whose `OptInStatus` is not
 * `not-opted-in` (`opt-in-not-required` or `opted-in`), sorted.
 */
export async function enabledRegions(ec2: EC2Client, hooks: CallHooks): Promise<string[]> {
  const output = await timedCall('DescribeRegions', hooks, () =>
    ec2.send(new DescribeRegionsCommand({ AllRegions: true })),
  );
  return (output.Regions ?? [])
    .filter((region) => region.OptInStatus !== 'not-opted-in')
    .flatMap((region) => (region.RegionName === undefined ? [] : [region.RegionName]))
    .sort();
}
