/** The account-level calls: who the credentials belong to and which regions are enabled. */
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { timedCall, type CallHooks } from './call-timing';

/** STS `GetCallerIdentity`: the account id of the credentials. */
export async function callerAccountId(sts: STSClient, hooks: CallHooks): Promise<string> {
  const identity = await timedCall('GetCallerIdentity', hooks, () =>
    sts.send(new GetCallerIdentityCommand({})),
  );
  return identity.Account ?? 'unknown';
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
