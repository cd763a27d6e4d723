import {
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeTransitGatewayAttachmentsCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  type DescribeManagedPrefixListsCommandInput,
  type GetManagedPrefixListEntriesCommandInput,
} from '@aws-sdk/client-ec2';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import type { AwsClientFactory } from '../../src/collect/client-factory';

/** A mocked EC2 client of one region. */
export type Ec2Stub = AwsClientStub<EC2Client>;

/** An account whose clients are all mocked with aws-sdk-client-mock. */
export interface MockAccount {
  clients: AwsClientFactory;
  ec2(region: string): Ec2Stub;
  sts: AwsClientStub<STSClient>;
  /** The mocked CloudWatch client of a region (answers no NAT metrics unless told otherwise). */
  cloudwatch(region: string): AwsClientStub<CloudWatchClient>;
  /** The regions the factory was asked an EC2 client for. */
  requestedRegions: Set<string>;
}

/** A region as DescribeRegions lists it. */
export interface MockRegion {
  name: string;
  optIn?: 'opt-in-not-required' | 'opted-in' | 'not-opted-in';
}

/** Mocks STS (the account id) and DescribeRegions in the home region; every EC2 client is mocked. */
export function mockAccount(options: {
  accountId?: string;
  homeRegion?: string;
  regions: readonly MockRegion[];
}): MockAccount {
  const homeRegion = options.homeRegion ?? 'us-east-1';
  const clients = new Map<string, EC2Client>();
  const stubs = new Map<string, Ec2Stub>();
  const requestedRegions = new Set<string>();
  const stubOf = (region: string): Ec2Stub => {
    let stub = stubs.get(region);
    if (!stub) {
      const client = new EC2Client({
        region,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      stub = mockClient(client);
      clients.set(region, client);
      stubs.set(region, stub);
    }
    return stub;
  };
  const cloudwatchClients = new Map<string, CloudWatchClient>();
  const cloudwatchStubs = new Map<string, AwsClientStub<CloudWatchClient>>();
  const cloudwatchOf = (region: string): AwsClientStub<CloudWatchClient> => {
    let stub = cloudwatchStubs.get(region);
    if (!stub) {
      const client = new CloudWatchClient({
        region,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      });
      stub = mockClient(client);
      stub.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
      cloudwatchClients.set(region, client);
      cloudwatchStubs.set(region, stub);
    }
    return stub;
  };
  const stsClient = new STSClient({
    region: homeRegion,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const sts = mockClient(stsClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: options.accountId ?? '111122223333' });
  stubOf(homeRegion)
    .on(DescribeRegionsCommand)
    .resolves({
      Regions: options.regions.map((region) => ({
        RegionName: region.name,
        Endpoint: `ec2.${region.name}.amazonaws.com`,
        OptInStatus: region.optIn ?? 'opt-in-not-required',
      })),
    });
  return {
    clients: {
      ec2(region) {
        requestedRegions.add(region);
        stubOf(region);
        return clients.get(region) as EC2Client;
      },
      sts: () => stsClient,
      cloudwatch(region) {
        cloudwatchOf(region);
        return cloudwatchClients.get(region) as CloudWatchClient;
      },
    },
    ec2: stubOf,
    sts,
    cloudwatch: cloudwatchOf,
    requestedRegions,
  };
}

/** A region's inventory in EC2 field names (a scenario's region snapshot). */
export interface MockEstate {
  Vpcs?: object[];
  Subnets?: object[];
  RouteTables?: object[];
  VpcEndpoints?: object[];
  NatGateways?: object[];
  TransitGatewayAttachments?: object[];
  InternetGateways?: object[];
  EgressOnlyInternetGateways?: object[];
  PrefixLists?: {
    PrefixListId: string;
    PrefixListName?: string;
    AddressFamily?: string;
    Cidrs: string[];
  }[];
}

/** An EC2 filter value: `*` stands for any characters (EC2's filter wildcard). */
function matchesFilterValue(value: string, pattern: string): boolean {
  if (!pattern.includes('*')) return value === pattern;
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(value);
}

/**
 * Answers a region's EC2 calls from an estate, in one page each. Prefix lists named
 * `com.amazonaws.*` are owned by `AWS`, the others by the account; DescribeManagedPrefixLists honours
 * the `owner-id` and `prefix-list-name` filters.
 */
export function serveEstate(stub: Ec2Stub, estate: MockEstate): void {
  stub.on(DescribeVpcsCommand).resolves({ Vpcs: estate.Vpcs ?? [] });
  stub.on(DescribeSubnetsCommand).resolves({ Subnets: estate.Subnets ?? [] });
  stub.on(DescribeRouteTablesCommand).resolves({ RouteTables: estate.RouteTables ?? [] });
  stub.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: estate.VpcEndpoints ?? [] });
  stub.on(DescribeNatGatewaysCommand).resolves({ NatGateways: estate.NatGateways ?? [] });
  stub
    .on(DescribeTransitGatewayAttachmentsCommand)
    .resolves({ TransitGatewayAttachments: estate.TransitGatewayAttachments ?? [] });
  stub
    .on(DescribeInternetGatewaysCommand)
    .resolves({ InternetGateways: estate.InternetGateways ?? [] });
  stub
    .on(DescribeEgressOnlyInternetGatewaysCommand)
    .resolves({ EgressOnlyInternetGateways: estate.EgressOnlyInternetGateways ?? [] });
  const lists = (estate.PrefixLists ?? []).map((list) => ({
    ...list,
    OwnerId: list.PrefixListName?.startsWith('com.amazonaws.') ? 'AWS' : '111122223333',
  }));
  stub
    .on(DescribeManagedPrefixListsCommand)
    .callsFake((input: DescribeManagedPrefixListsCommandInput) => {
      const filter = (name: string) => input.Filters?.find((f) => f.Name === name)?.Values;
      const names = filter('prefix-list-name');
      const owners = filter('owner-id');
      return {
        PrefixLists: lists
          .filter(
            (list) =>
              (!names ||
                names.some((name) => matchesFilterValue(list.PrefixListName ?? '', name))) &&
              (!owners || owners.includes(list.OwnerId)) &&
              (!input.PrefixListIds || input.PrefixListIds.includes(list.PrefixListId)),
          )
          .map((list) => ({
            PrefixListId: list.PrefixListId,
            PrefixListName: list.PrefixListName,
            OwnerId: list.OwnerId,
            AddressFamily: list.AddressFamily ?? 'IPv4',
            State: 'create-complete',
          })),
      };
    });
  stub
    .on(GetManagedPrefixListEntriesCommand)
    .callsFake((input: GetManagedPrefixListEntriesCommandInput) => {
      const list = lists.find((candidate) => candidate.PrefixListId === input.PrefixListId);
      if (!list) {
        throw awsError(
          'InvalidPrefixListID.NotFound',
          `The prefix list ID '${input.PrefixListId}' does not exist`,
        );
      }
      return { Entries: list.Cidrs.map((Cidr) => ({ Cidr })) };
    });
}

/** Where the tests of this stand-in have taken their AWS errors from. */
export { awsError };
