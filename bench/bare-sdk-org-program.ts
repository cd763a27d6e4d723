/**
 * The bare AWS SDK program bench/bare-sdk-org.ts measures `audit --org` against: plain SDK v3
 * clients and no code of this project, making the calls the CLI makes against the fakes of
 * bench/org-fakes.ts, in the same dependent order, and nothing else (no model, analysis or report:
 * it prints how many calls it made). Its answers are dropped; the point is what the SDK alone costs.
 *
 * The order: GetCallerIdentity; DescribeOrganization ‖ ListAccounts (pages); then every account at
 * once: ListTagsForResource (its exemption tag), AssumeRole (not for the management account),
 * DescribeRegions, then per region the seven Describe* calls ‖ the AWS-managed S3 and DynamoDB
 * prefix lists (read once for the whole run, with the management account's credentials), the
 * entries of the customer-managed lists its routes name, DescribeFlowLogs of its NAT gateways,
 * subnets and VPCs, and GetMetricData for its NAT gateways' traffic.
 *
 * Run by bench/bare-sdk-org.ts (bundled by esbuild as the CLI is): argv `REGIONS CONCURRENCY`, the
 * endpoint and the management account's credentials from the environment, as the CLI reads them.
 */
import {
  CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeFlowLogsCommand,
  DescribeInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const regions = (process.argv[2] ?? 'us-east-1').split(',');
const concurrency = Number(process.argv[3] ?? 50);
const home = process.env.AWS_REGION ?? 'us-east-1';
let calls = 0;

/** One call, counted. */
async function call<T>(made: Promise<T>): Promise<T> {
  calls += 1;
  return made;
}

/** A call whose failure the audit carries on without (as the CLI does: an API a partition lacks). */
async function optional<T>(made: Promise<T>): Promise<T | undefined> {
  return call(made).catch(() => undefined);
}

/** The AWS-managed S3 and DynamoDB lists of a region, read once (management credentials). */
const managedLists = new Map<string, Promise<Set<string>>>();
function readManagedLists(region: string): Promise<Set<string>> {
  let read = managedLists.get(region);
  if (read === undefined) {
    const ec2 = new EC2Client({ region });
    read = (async () => {
      const lists = await call(
        ec2.send(
          new DescribeManagedPrefixListsCommand({
            Filters: [
              {
                Name: 'prefix-list-name',
                Values: [
                  `com.amazonaws.${region}.s3`,
                  `com.amazonaws.${region}.dynamodb`,
                  `com.amazonaws.${region}.*.s3`,
                ],
              },
            ],
            MaxResults: 100,
          }),
        ),
      );
      await Promise.all(
        (lists.PrefixLists ?? []).map((list) =>
          call(
            ec2.send(
              new GetManagedPrefixListEntriesCommand({
                PrefixListId: list.PrefixListId,
                MaxResults: 100,
              }),
            ),
          ),
        ),
      );
      return new Set((lists.PrefixLists ?? []).map((list) => list.PrefixListId ?? ''));
    })();
    managedLists.set(region, read);
  }
  return read;
}

async function auditRegion(region: string, credentials: Credentials | undefined): Promise<void> {
  const ec2 = new EC2Client({ region, ...(credentials ? { credentials } : {}) });
  const [tables, vpcs, subnets, , nats, , , managed] = await Promise.all([
    call(ec2.send(new DescribeRouteTablesCommand({ MaxResults: 100 }))),
    call(ec2.send(new DescribeVpcsCommand({ MaxResults: 1000 }))),
    call(ec2.send(new DescribeSubnetsCommand({ MaxResults: 1000 }))),
    call(ec2.send(new DescribeVpcEndpointsCommand({ MaxResults: 1000 }))),
    call(ec2.send(new DescribeNatGatewaysCommand({ MaxResults: 1000 }))),
    call(ec2.send(new DescribeInternetGatewaysCommand({ MaxResults: 1000 }))),
    optional(ec2.send(new DescribeEgressOnlyInternetGatewaysCommand({ MaxResults: 255 }))),
    readManagedLists(region),
  ]);
  const named = new Set<string>();
  for (const table of tables.RouteTables ?? []) {
    for (const route of table.Routes ?? []) {
      if (route.DestinationPrefixListId !== undefined) named.add(route.DestinationPrefixListId);
    }
  }
  for (const id of managed) named.delete(id);
  const natIds = (nats.NatGateways ?? []).map((nat) => nat.NatGatewayId ?? '');
  const resourceIds = [
    ...natIds,
    ...(subnets.Subnets ?? []).map((subnet) => subnet.SubnetId ?? ''),
    ...(vpcs.Vpcs ?? []).map((vpc) => vpc.VpcId ?? ''),
  ];
  const queries: MetricDataQuery[] = natIds.flatMap((id, index) =>
    ['BytesInFromSource', 'BytesInFromDestination'].map((metric) => ({
      Id: `g${index}_${metric === 'BytesInFromSource' ? 'src' : 'dst'}`,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/NATGateway',
          MetricName: metric,
          Dimensions: [{ Name: 'NatGatewayId', Value: id }],
        },
        Period: 86_400,
        Stat: 'Sum',
      },
    })),
  );
  const now = Date.now();
  const cloudwatch = new CloudWatchClient({ region, ...(credentials ? { credentials } : {}) });
  await Promise.all([
    ...[...named].map((id) =>
      call(ec2.send(new GetManagedPrefixListEntriesCommand({ PrefixListId: id, MaxResults: 100 }))),
    ),
    optional(
      ec2.send(
        new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: resourceIds }] }),
      ),
    ),
    call(
      cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(now - 14 * 86_400_000),
          EndTime: new Date(now),
        }),
      ),
    ),
  ]);
}

async function auditAccount(
  accountId: string,
  management: string,
  organizations: OrganizationsClient,
  sts: STSClient,
): Promise<void> {
  await call(organizations.send(new ListTagsForResourceCommand({ ResourceId: accountId })));
  let credentials: Credentials | undefined;
  if (accountId !== management) {
    const assumed = await call(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/vpce-auditor-member`,
          RoleSessionName: 'vpce-auditor',
          DurationSeconds: 3600,
        }),
      ),
    );
    const given = assumed.Credentials;
    credentials = {
      accessKeyId: given?.AccessKeyId ?? '',
      secretAccessKey: given?.SecretAccessKey ?? '',
      sessionToken: given?.SessionToken ?? '',
    };
  }
  const ec2 = new EC2Client({ region: home, ...(credentials ? { credentials } : {}) });
  await call(ec2.send(new DescribeRegionsCommand({ AllRegions: true })));
  await Promise.all(regions.map((region) => auditRegion(region, credentials)));
}

async function main(): Promise<void> {
  const sts = new STSClient({ region: home });
  const organizations = new OrganizationsClient({ region: home });
  const caller = await call(sts.send(new GetCallerIdentityCommand({})));
  const accounts: string[] = [];
  const [organization] = await Promise.all([
    call(organizations.send(new DescribeOrganizationCommand({}))),
    (async () => {
      let token: string | undefined;
      do {
        const page = await call(
          organizations.send(new ListAccountsCommand({ NextToken: token, MaxResults: 20 })),
        );
        for (const account of page.Accounts ?? []) accounts.push(account.Id ?? '');
        token = page.NextToken;
      } while (token !== undefined);
    })(),
  ]);
  const management = organization.Organization?.MasterAccountId ?? caller.Account ?? '';
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < accounts.length) {
      const account = accounts[next] as string;
      next += 1;
      await auditAccount(account, management, organizations, sts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, accounts.length) }, worker));
  process.stdout.write(`${JSON.stringify({ accounts: accounts.length, calls })}\n`);
}

void main();
