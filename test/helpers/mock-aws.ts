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
  type Filter,
  type GetManagedPrefixListEntriesCommandInput,
} from '@aws-sdk/client-ec2';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { perRegion, type AwsClientFactory } from '../../src/collect/client-factory';
import type { SnapshotInput } from '../../src/snapshot/schema';
import { clientFactory } from './client-factory';

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

/** Credentials that sign nothing real (every call is answered by a mock). */
const FAKE_CREDENTIALS = { accessKeyId: 'a', secretAccessKey: 'b' };

/** Mocks STS (the account id) and DescribeRegions in the home region; every EC2 client is mocked. */
export function mockAccount(options: {
  accountId?: string;
  homeRegion?: string;
  regions: readonly MockRegion[];
}): MockAccount {
  const homeRegion = options.homeRegion ?? 'us-east-1';
  const requestedRegions = new Set<string>();
  const ec2 = perRegion((region) => {
    const client = new EC2Client({ region, credentials: FAKE_CREDENTIALS });
    return { client, stub: mockClient(client) };
  });
  const cloudwatch = perRegion((region) => {
    const client = new CloudWatchClient({ region, credentials: FAKE_CREDENTIALS });
    const stub = mockClient(client);
    stub.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
    return { client, stub };
  });
  const stsClient = new STSClient({ region: homeRegion, credentials: FAKE_CREDENTIALS });
  const sts = mockClient(stsClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: options.accountId ?? '111122223333' });
  ec2(homeRegion)
    .stub.on(DescribeRegionsCommand)
    .resolves({
      Regions: options.regions.map((region) => ({
        RegionName: region.name,
        Endpoint: `ec2.${region.name}.amazonaws.com`,
        OptInStatus: region.optIn ?? 'opt-in-not-required',
      })),
    });
  return {
    clients: clientFactory({
      ec2(region) {
        requestedRegions.add(region);
        return ec2(region).client;
      },
      sts: () => stsClient,
      cloudwatch: (region) => cloudwatch(region).client,
    }),
    ec2: (region) => ec2(region).stub,
    sts,
    cloudwatch: (region) => cloudwatch(region).stub,
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

/** A Describe* request's filters (`Filter`, singular, on DescribeNatGateways). */
interface FilteredInput {
  Filters?: Filter[];
  Filter?: Filter[];
}

/** The values of the request's filter `name`, if it has one. */
function filterValues(input: FilteredInput, name: string): string[] | undefined {
  return (input.Filters ?? input.Filter)?.find((filter) => filter.Name === name)?.Values;
}

/** Keeps the items of the VPCs the request's `vpc-id` (or `attachment.vpc-id`) filter names. */
function ofFilteredVpcs(input: FilteredInput, items: object[] | undefined): object[] {
  const vpcs = filterValues(input, 'vpc-id');
  const attached = filterValues(input, 'attachment.vpc-id');
  return (items ?? []).filter((item) => {
    const { VpcId, Attachments } = item as { VpcId?: string; Attachments?: { VpcId?: string }[] };
    if (vpcs) return vpcs.includes(VpcId ?? '');
    if (attached) {
      const attachments = Attachments ?? [];
      return attachments.some((attachment) => attached.includes(attachment.VpcId ?? ''));
    }
    return true;
  });
}

/** Where a mocked client's calls find their estate: one region's, or each client's own region's. */
type EstateOf = (getClient: () => { config: EC2Client['config'] }) => Promise<MockEstate>;

/**
 * Answers the EC2 calls of the collection from `estateOf`, in one page each; each Describe* keeps
 * the VPCs its `vpc-id` filter names. Prefix lists named `com.amazonaws.*` (`cn.com.amazonaws.*`
 * in China) are owned by `AWS`, the
 * others by the account; DescribeManagedPrefixLists honours the `owner-id` and `prefix-list-name`
 * filters.
 */
function answerFrom(stub: Ec2Stub, estateOf: EstateOf): void {
  const serve = <K extends keyof MockEstate>(field: K) => {
    return async (input: FilteredInput, getClient: () => { config: EC2Client['config'] }) => ({
      [field]: ofFilteredVpcs(input, (await estateOf(getClient))[field]),
    });
  };
  stub.on(DescribeVpcsCommand).callsFake(serve('Vpcs'));
  stub.on(DescribeSubnetsCommand).callsFake(serve('Subnets'));
  stub.on(DescribeRouteTablesCommand).callsFake(serve('RouteTables'));
  stub.on(DescribeVpcEndpointsCommand).callsFake(serve('VpcEndpoints'));
  stub.on(DescribeNatGatewaysCommand).callsFake(serve('NatGateways'));
  stub.on(DescribeTransitGatewayAttachmentsCommand).callsFake(serve('TransitGatewayAttachments'));
  stub.on(DescribeInternetGatewaysCommand).callsFake(serve('InternetGateways'));
  stub.on(DescribeEgressOnlyInternetGatewaysCommand).callsFake(serve('EgressOnlyInternetGateways'));
  const listsOf = async (getClient: () => { config: EC2Client['config'] }) =>
    ((await estateOf(getClient)).PrefixLists ?? []).map((list) => ({
      ...list,
      OwnerId: /^(cn\.)?com\.amazonaws\./.test(list.PrefixListName ?? '') ? 'AWS' : '111122223333',
    }));
  stub
    .on(DescribeManagedPrefixListsCommand)
    .callsFake(async (input: DescribeManagedPrefixListsCommandInput, getClient) => {
      const names = filterValues(input, 'prefix-list-name');
      const owners = filterValues(input, 'owner-id');
      return {
        PrefixLists: (await listsOf(getClient))
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
    .callsFake(async (input: GetManagedPrefixListEntriesCommandInput, getClient) => {
      const lists = await listsOf(getClient);
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

/** Answers a region's EC2 calls (the stub of one region's client) from an estate. */
export function serveEstate(stub: Ec2Stub, estate: MockEstate): void {
  answerFrom(stub, () => Promise.resolve(estate));
}

/**
 * Answers a region's EC2 calls from its estate as it stands at each call (a copy), as
 * {@link serveEstate} does: for the stand-ins whose calls change the estate.
 */
export function serveChangingEstate(stub: Ec2Stub, current: () => MockEstate): void {
  answerFrom(stub, () => Promise.resolve(structuredClone(current())));
}

/**
 * Scripts a class-wide EC2 mock (every client, any region) to serve a snapshot: each client answers
 * from its own region's inventory, as {@link serveEstate} does. Regions listed in `failing` answer
 * `UnauthorizedOperation` (HTTP 403) to every regional call; `DescribeRegions` lists the snapshot's
 * regions and the failing ones.
 */
export function serveSnapshot(
  stub: Ec2Stub,
  snapshot: SnapshotInput,
  options: { failing?: readonly string[] } = {},
): void {
  const failing = new Set(options.failing ?? []);
  const regions = snapshot.regions as Record<string, MockEstate>;
  answerFrom(stub, async (getClient) => {
    const region = await getClient().config.region();
    if (failing.has(region)) {
      throw awsError(
        'UnauthorizedOperation',
        `You are not authorized to perform this operation in ${region}.`,
        403,
      );
    }
    return regions[region] ?? {};
  });
  stub.on(DescribeRegionsCommand).resolves({
    Regions: [...Object.keys(regions), ...failing].map((RegionName) => ({
      RegionName,
      OptInStatus: 'opt-in-not-required',
    })),
  });
}

/**
 * A mocked account whose EC2 API serves a snapshot (a scenario's, say): one region a region of the
 * snapshot, each answered by {@link serveEstate}; the home region is the snapshot's first.
 */
export function accountServing(snapshot: { regions: Record<string, unknown> }): MockAccount {
  const regions = snapshot.regions as Record<string, MockEstate>;
  const names = Object.keys(regions);
  const mocked = mockAccount({
    homeRegion: names[0] ?? 'us-east-1',
    regions: names.map((name) => ({ name })),
  });
  for (const [region, estate] of Object.entries(regions)) serveEstate(mocked.ec2(region), estate);
  return mocked;
}
