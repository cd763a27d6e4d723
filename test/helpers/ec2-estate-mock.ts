import {
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  GetManagedPrefixListEntriesCommand,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { SnapshotInput } from '../../src/snapshot/schema';
import { awsError } from './aws-error';

type Ec2Mock = AwsClientStub<EC2Client>;
type RegionEstate = Record<string, Record<string, unknown>[] | undefined>;

/** An EC2 error as the SDK throws it (a 403). */
export function ec2Error(name: string, message: string): Error {
  return awsError(name, message, 403);
}

function vpcFilter(input: { Filters?: Filter[] }): Set<string> | undefined {
  const filter = input.Filters?.find((f) => f.Name === 'vpc-id' || f.Name === 'attachment.vpc-id');
  return filter?.Values ? new Set(filter.Values) : undefined;
}

/**
 * Scripts the mocked EC2 API (every client, any region) to serve the estate of a snapshot: each
 * Describe* answers one page of the region's array (filtered by VPC when asked), the prefix lists
 * come from `PrefixLists`. Regions listed in `failing` answer `UnauthorizedOperation` to every
 * regional call; `DescribeRegions` lists the snapshot's regions plus the failing ones.
 */
export function serveEstate(
  ec2: Ec2Mock,
  snapshot: SnapshotInput,
  options: { failing?: string[] } = {},
): void {
  const failing = new Set(options.failing ?? []);
  const regions = snapshot.regions as Record<string, RegionEstate>;
  const regionOf = async (getClient: () => { config: EC2Client['config'] }) =>
    getClient().config.region();
  const serve =
    (field: string, vpcOf: (item: Record<string, unknown>) => string | undefined) =>
    async (input: { Filters?: Filter[] }, getClient: () => { config: EC2Client['config'] }) => {
      const region = await regionOf(getClient);
      if (failing.has(region)) {
        throw ec2Error(
          'UnauthorizedOperation',
          `You are not authorized to perform this operation in ${region}.`,
        );
      }
      const items = regions[region]?.[field] ?? [];
      const vpcs = vpcFilter(input);
      return { [field]: vpcs ? items.filter((item) => vpcs.has(vpcOf(item) ?? '')) : items };
    };
  const byVpcId = (item: Record<string, unknown>) => item.VpcId as string | undefined;

  ec2.on(DescribeRegionsCommand).resolves({
    Regions: [...Object.keys(regions), ...failing].map((RegionName) => ({
      RegionName,
      OptInStatus: 'opt-in-not-required',
    })),
  });
  ec2.on(DescribeVpcsCommand).callsFake(serve('Vpcs', byVpcId));
  ec2.on(DescribeSubnetsCommand).callsFake(serve('Subnets', byVpcId));
  ec2.on(DescribeRouteTablesCommand).callsFake(serve('RouteTables', byVpcId));
  ec2.on(DescribeVpcEndpointsCommand).callsFake(serve('VpcEndpoints', byVpcId));
  ec2.on(DescribeNatGatewaysCommand).callsFake(serve('NatGateways', byVpcId));
  ec2
    .on(DescribeInternetGatewaysCommand)
    .callsFake(
      serve(
        'InternetGateways',
        (item) => (item.Attachments as { VpcId?: string }[] | undefined)?.[0]?.VpcId,
      ),
    );
  ec2
    .on(DescribeEgressOnlyInternetGatewaysCommand)
    .callsFake(serve('EgressOnlyInternetGateways', () => undefined));
  ec2.on(DescribeManagedPrefixListsCommand).callsFake(async (_input, getClient) => {
    const region = await regionOf(getClient);
    if (failing.has(region)) throw ec2Error('UnauthorizedOperation', 'not authorized');
    const lists = regions[region]?.PrefixLists ?? [];
    return {
      PrefixLists: lists.map((list) => ({
        PrefixListId: list.PrefixListId,
        PrefixListName: list.PrefixListName,
        OwnerId: 'AWS',
        State: 'create-complete',
        AddressFamily: list.AddressFamily ?? 'IPv4',
      })),
    };
  });
  ec2
    .on(GetManagedPrefixListEntriesCommand)
    .callsFake(async (input: { PrefixListId?: string }, getClient) => {
      const region = await regionOf(getClient);
      const list = (regions[region]?.PrefixLists ?? []).find(
        (candidate) => candidate.PrefixListId === input.PrefixListId,
      );
      return { Entries: ((list?.Cidrs as string[] | undefined) ?? []).map((Cidr) => ({ Cidr })) };
    });
}
