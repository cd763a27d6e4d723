import {
  DescribeInternetGatewaysCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { CollectCallError, InvalidResponseError } from '../../../src/collect/collect-errors';
import { collectRegion } from '../../../src/collect/collect-region';
import { ServicePrefixListCache } from '../../../src/collect/service-prefix-list-cache';
import { regionIntegrityIssues } from '../../../src/snapshot/integrity';
import { serveEstate, type MockEstate } from '../../helpers/mock-aws';
import { awsError } from '../../helpers';

const ec2Client = new EC2Client({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const ec2 = mockClient(ec2Client);

const S3_LIST = {
  PrefixListId: 'pl-6da54004',
  PrefixListName: 'com.amazonaws.eu-west-1.s3',
  Cidrs: ['3.5.64.0/21', '52.218.0.0/17'],
};
const DYNAMODB_LIST = {
  PrefixListId: 'pl-6fa54006',
  PrefixListName: 'com.amazonaws.eu-west-1.dynamodb',
  Cidrs: ['52.94.24.0/23', '52.119.240.0/21'],
};

/** A service list as the snapshot keeps it: with the family and owner EC2 describes. */
function kept(list: typeof S3_LIST): typeof S3_LIST & { AddressFamily: 'IPv4'; OwnerId: string } {
  return { ...list, AddressFamily: 'IPv4', OwnerId: 'AWS' };
}

function smallEstate(): MockEstate {
  return {
    Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }],
    Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24' }],
    RouteTables: [
      {
        RouteTableId: 'rtb-1',
        VpcId: 'vpc-1',
        Associations: [{ Main: true }],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
          { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' },
        ],
      },
    ],
    NatGateways: [{ NatGatewayId: 'nat-1', VpcId: 'vpc-1', SubnetId: 'subnet-1' }],
    PrefixLists: [S3_LIST, DYNAMODB_LIST],
  };
}

/** The small estate with a subnet and a route table of another VPC, which `Vpcs` does not list. */
function estateNaming(vpcId: string, more: MockEstate = {}): MockEstate {
  const estate = smallEstate();
  return {
    ...estate,
    ...more,
    Subnets: [
      ...(estate.Subnets ?? []),
      { SubnetId: `subnet-${vpcId}`, VpcId: vpcId, CidrBlock: '10.9.0.0/24' },
    ],
    RouteTables: [
      ...(estate.RouteTables ?? []),
      { RouteTableId: `rtb-${vpcId}`, VpcId: vpcId, Associations: [], Routes: [] },
    ],
  };
}

describe('collectRegion', () => {
  beforeEach(() => {
    ec2.reset();
  });

  it('reads every page of a paginated API at the largest page size', async () => {
    // Prepare
    serveEstate(ec2, smallEstate());
    // The paginator reuses one input object, so record each request as it is sent.
    const requests: { NextToken?: string; MaxResults?: number }[] = [];
    const pages = [
      {
        Subnets: [{ SubnetId: 'subnet-a', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24' }],
        NextToken: 'page-2',
      },
      {
        Subnets: [{ SubnetId: 'subnet-b', VpcId: 'vpc-1', CidrBlock: '10.0.2.0/24' }],
        NextToken: 'page-3',
      },
      { Subnets: [{ SubnetId: 'subnet-c', VpcId: 'vpc-1', CidrBlock: '10.0.3.0/24' }] },
    ];
    ec2
      .on(DescribeSubnetsCommand)
      .callsFake((input: { NextToken?: string; MaxResults?: number }) => {
        requests.push({ NextToken: input.NextToken, MaxResults: input.MaxResults });
        return pages[requests.length - 1];
      });

    // Act
    const snapshot = await collectRegion(ec2Client, 'eu-west-1');

    // Assess
    expect(snapshot.Subnets.map((s) => s.SubnetId)).toEqual(['subnet-a', 'subnet-b', 'subnet-c']);
    expect(requests).toEqual([
      { NextToken: undefined, MaxResults: 1000 },
      { NextToken: 'page-2', MaxResults: 1000 },
      { NextToken: 'page-3', MaxResults: 1000 },
    ]);
    expect(ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, { MaxResults: 100 });
    expect(ec2).toHaveReceivedCommandWith(DescribeVpcsCommand, { MaxResults: 1000 });
  });

  it('resolves the service prefix lists through DescribeManagedPrefixLists and their entries', async () => {
    // Prepare
    serveEstate(ec2, smallEstate());
    ec2
      .on(GetManagedPrefixListEntriesCommand, { PrefixListId: S3_LIST.PrefixListId })
      .resolvesOnce({ Entries: [{ Cidr: '3.5.64.0/21' }], NextToken: 'more' })
      .resolvesOnce({ Entries: [{ Cidr: '52.218.0.0/17' }] });
    const calls: string[] = [];

    // Act
    const snapshot = await collectRegion(ec2Client, 'eu-west-1', {
      onCall: (call) => calls.push(call.operation),
    });

    // Assess
    expect(ec2).toHaveReceivedCommandWith(DescribeManagedPrefixListsCommand, {
      Filters: [
        {
          Name: 'prefix-list-name',
          Values: [
            'com.amazonaws.eu-west-1.s3',
            'com.amazonaws.eu-west-1.dynamodb',
            'com.amazonaws.eu-west-1.*.s3',
          ],
        },
      ],
    });
    expect(ec2).toHaveReceivedCommandWith(GetManagedPrefixListEntriesCommand, {
      PrefixListId: S3_LIST.PrefixListId,
      MaxResults: 100,
      NextToken: 'more',
    });
    expect(snapshot.PrefixLists).toEqual([kept(S3_LIST), kept(DYNAMODB_LIST)]);
    // 7 Describe* (egress-only gateways included) + DescribeManagedPrefixLists + 3 pages of
    // entries (2 for S3, 1 for DynamoDB).
    expect(calls).toHaveLength(11);
  });

  it("describes and reads the service lists once for a run's accounts when they share a cache", async () => {
    // Prepare: a second account's client, with the same AWS-managed lists in the region.
    const memberClient = new EC2Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'member', secretAccessKey: 'b' },
    });
    const member = mockClient(memberClient);
    serveEstate(ec2, smallEstate());
    serveEstate(member, smallEstate());
    const servicePrefixLists = new ServicePrefixListCache();

    // Act
    const [first, second] = await Promise.all([
      collectRegion(ec2Client, 'eu-west-1', { servicePrefixLists }),
      collectRegion(memberClient, 'eu-west-1', { servicePrefixLists }),
    ]);

    // Assess
    expect(ec2).toHaveReceivedCommandTimes(DescribeManagedPrefixListsCommand, 1);
    expect(ec2).toHaveReceivedCommandTimes(GetManagedPrefixListEntriesCommand, 2);
    expect(member).not.toHaveReceivedCommand(DescribeManagedPrefixListsCommand);
    expect(member).not.toHaveReceivedCommand(GetManagedPrefixListEntriesCommand);
    expect(second.PrefixLists).toEqual(first.PrefixLists);
    expect(second.PrefixLists).toEqual([kept(S3_LIST), kept(DYNAMODB_LIST)]);
    expect(second.PrefixLists[0]?.Cidrs).not.toBe(first.PrefixLists[0]?.Cidrs);
    member.restore();
  });

  it('fetches a customer-managed prefix list only when a route references it', async () => {
    // Prepare
    const estate = smallEstate();
    const corporate = {
      PrefixListId: 'pl-0c0ffee',
      PrefixListName: 'corp',
      Cidrs: ['192.168.0.0/16'],
    };
    const unused = {
      PrefixListId: 'pl-0unused',
      PrefixListName: 'unused',
      Cidrs: ['172.16.0.0/12'],
    };
    estate.PrefixLists = [S3_LIST, DYNAMODB_LIST, corporate, unused];
    (estate.RouteTables?.[0] as { Routes: object[] }).Routes.push(
      { DestinationPrefixListId: 'pl-0c0ffee', TransitGatewayId: 'tgw-1' },
      { DestinationPrefixListId: S3_LIST.PrefixListId, GatewayId: 'vpce-1' },
    );
    serveEstate(ec2, estate);

    // Act
    const snapshot = await collectRegion(ec2Client, 'eu-west-1');

    // Assess
    expect(snapshot.PrefixLists).toEqual([
      kept(S3_LIST),
      kept(DYNAMODB_LIST),
      { PrefixListId: 'pl-0c0ffee', AddressFamily: 'IPv4', Cidrs: ['192.168.0.0/16'] },
    ]);
    expect(ec2).toHaveReceivedCommandTimes(GetManagedPrefixListEntriesCommand, 3);
    expect(ec2).not.toHaveReceivedCommandWith(GetManagedPrefixListEntriesCommand, {
      PrefixListId: 'pl-0unused',
    });
  });

  it('reads the entries of the service lists only, even from an endpoint that ignores the filters', async () => {
    // Prepare
    serveEstate(ec2, smallEstate());
    ec2.on(DescribeManagedPrefixListsCommand).resolves({
      PrefixLists: [
        {
          PrefixListId: S3_LIST.PrefixListId,
          PrefixListName: S3_LIST.PrefixListName,
          OwnerId: 'AWS',
        },
        {
          PrefixListId: 'pl-cloudfront',
          PrefixListName: 'com.amazonaws.global.cloudfront.origin-facing',
          OwnerId: 'AWS',
        },
        {
          PrefixListId: DYNAMODB_LIST.PrefixListId,
          PrefixListName: DYNAMODB_LIST.PrefixListName,
          OwnerId: 'AWS',
        },
      ],
    });

    // Act
    const snapshot = await collectRegion(ec2Client, 'eu-west-1');

    // Assess
    expect(snapshot.PrefixLists.map((list) => list.PrefixListId)).toEqual([
      S3_LIST.PrefixListId,
      DYNAMODB_LIST.PrefixListId,
    ]);
    expect(ec2).toHaveReceivedCommandTimes(GetManagedPrefixListEntriesCommand, 2);
  });

  it('starts the prefix-list entries without waiting for the slower Describe calls', async () => {
    // Prepare
    serveEstate(ec2, smallEstate());
    let releaseVpcs: () => void = () => undefined;
    ec2.on(DescribeVpcsCommand).callsFake(
      () =>
        new Promise((resolve) => {
          releaseVpcs = () => resolve({ Vpcs: smallEstate().Vpcs });
        }),
    );
    const started: string[] = [];

    // Act
    const pending = collectRegion(ec2Client, 'eu-west-1', {
      onCallStart: (operation) => {
        started.push(operation);
        if (started.filter((o) => o === 'GetManagedPrefixListEntries').length === 2) releaseVpcs();
      },
    });
    await pending;

    // Assess
    expect(started.indexOf('GetManagedPrefixListEntries')).toBeGreaterThan(
      started.indexOf('DescribeManagedPrefixLists'),
    );
    expect(started.filter((o) => o === 'GetManagedPrefixListEntries')).toHaveLength(2);
  });

  it('limits every Describe call to the given VPCs (endpoints: picked from the region)', async () => {
    // Prepare
    const gateway = (VpcEndpointId: string, VpcId: string) => ({
      VpcEndpointId,
      VpcEndpointType: 'Gateway',
      VpcId,
      ServiceName: 'com.amazonaws.eu-west-1.s3',
    });
    serveEstate(ec2, {
      ...smallEstate(),
      VpcEndpoints: [gateway('vpce-1', 'vpc-1'), gateway('vpce-9', 'vpc-9')],
    });

    // Act
    const snapshot = await collectRegion(ec2Client, 'eu-west-1', { vpcIds: ['vpc-1', 'vpc-2'] });

    // Assess
    const vpcFilter = [{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] }];
    for (const command of [
      DescribeVpcsCommand,
      DescribeSubnetsCommand,
      DescribeRouteTablesCommand,
    ]) {
      expect(ec2).toHaveReceivedCommandWith(command, { Filters: vpcFilter });
    }
    expect(ec2.commandCalls(DescribeVpcEndpointsCommand)[0]?.args[0].input.Filters).toBeUndefined();
    expect(snapshot.VpcEndpoints.map((e) => e.VpcEndpointId)).toEqual(['vpce-1']);
    expect(ec2).toHaveReceivedCommandWith(DescribeNatGatewaysCommand, { Filter: vpcFilter });
    expect(ec2).toHaveReceivedCommandWith(DescribeInternetGatewaysCommand, {
      Filters: [{ Name: 'attachment.vpc-id', Values: ['vpc-1', 'vpc-2'] }],
    });
  });

  it('returns plain JSON: dates as ISO strings, VPC Lattice endpoints (no service name) kept', async () => {
    // Prepare
    const estate = smallEstate();
    estate.NatGateways = [
      { NatGatewayId: 'nat-1', VpcId: 'vpc-1', CreateTime: new Date('2026-01-02T03:04:05Z') },
    ];
    estate.VpcEndpoints = [
      {
        VpcEndpointId: 'vpce-1',
        VpcEndpointType: 'Gateway',
        VpcId: 'vpc-1',
        ServiceName: 'com.amazonaws.eu-west-1.s3',
      },
      { VpcEndpointId: 'vpce-2', VpcEndpointType: 'Resource', VpcId: 'vpc-1' },
    ];
    serveEstate(ec2, estate);

    // Act
    const snapshot = await collectRegion(ec2Client, 'eu-west-1');

    // Assess
    expect(snapshot.VpcEndpoints.map((e) => [e.VpcEndpointId, e.ServiceName])).toEqual([
      ['vpce-1', 'com.amazonaws.eu-west-1.s3'],
      ['vpce-2', undefined],
    ]);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('names the failed operation and keeps the AWS error as the cause', async () => {
    // Prepare
    serveEstate(ec2, smallEstate());
    ec2
      .on(DescribeRouteTablesCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized'));

    // Act
    const failure = await collectRegion(ec2Client, 'eu-west-1').catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(CollectCallError);
    expect((failure as CollectCallError).operation).toBe('DescribeRouteTables');
    expect(((failure as CollectCallError).cause as Error).name).toBe('UnauthorizedOperation');
  });

  it.each<[string, (estate: MockEstate) => void, string]>([
    [
      'malformed',
      (estate) => {
        estate.Subnets = [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.0.0/33' }];
      },
      'Subnets[0].CidrBlock: "10.0.0.0/33" is not an IPv4 CIDR',
    ],
    [
      'missing',
      (estate) => {
        estate.RouteTables = [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [] }];
      },
      'RouteTables[0].Routes: is required',
    ],
  ])(
    'fails the region when an answer has a %s field the analysis reads, naming it',
    async (_, change, named) => {
      // Prepare
      const estate = smallEstate();
      change(estate);
      serveEstate(ec2, estate);

      // Act
      const failure = await collectRegion(ec2Client, 'eu-west-1').catch((error: unknown) => error);

      // Assess
      expect((failure as CollectCallError).operation).toBe('validate');
      const cause = (failure as CollectCallError).cause as InvalidResponseError;
      expect(cause).toBeInstanceOf(InvalidResponseError);
      expect(cause.message).toBe(`the EC2 responses of eu-west-1 cannot be audited: ${named}`);
    },
  );

  describe('a VPC created or deleted while the region is read', () => {
    it('reads a VPC that items name but DescribeVpcs did not list, once, and keeps it', async () => {
      // Prepare: a subnet and a table of vpc-2 were read after vpc-2 was made; DescribeVpcs came first
      serveEstate(ec2, estateNaming('vpc-2'));
      ec2
        .on(DescribeVpcsCommand)
        .resolvesOnce({ Vpcs: smallEstate().Vpcs })
        .resolves({ Vpcs: [{ VpcId: 'vpc-2', CidrBlock: '10.1.0.0/16' }] });

      // Act
      const snapshot = await collectRegion(ec2Client, 'eu-west-1');

      // Assess
      expect(snapshot.Vpcs.map((vpc) => vpc.VpcId)).toEqual(['vpc-1', 'vpc-2']);
      expect(snapshot.Subnets.map((subnet) => subnet.SubnetId)).toEqual([
        'subnet-1',
        'subnet-vpc-2',
      ]);
      expect(ec2).toHaveReceivedCommandTimes(DescribeVpcsCommand, 2);
      expect(ec2).toHaveReceivedCommandWith(DescribeVpcsCommand, {
        Filters: [{ Name: 'vpc-id', Values: ['vpc-2'] }],
      });
      expect(regionIntegrityIssues('eu-west-1', snapshot)).toEqual([]);
    });

    it('leaves out what names a VPC that is gone: its subnets, tables, endpoints, NAT gateways and attachments', async () => {
      // Prepare: vpc-9 was deleted after these were read (EC2 answers no VPC for its id)
      serveEstate(
        ec2,
        estateNaming('vpc-9', {
          VpcEndpoints: [
            {
              VpcEndpointId: 'vpce-9',
              VpcEndpointType: 'Gateway',
              VpcId: 'vpc-9',
              ServiceName: 'com.amazonaws.eu-west-1.s3',
              State: 'available',
            },
          ],
          NatGateways: [
            ...(smallEstate().NatGateways ?? []),
            { NatGatewayId: 'nat-9', VpcId: 'vpc-9', SubnetId: 'subnet-vpc-9', State: 'available' },
          ],
          InternetGateways: [
            {
              InternetGatewayId: 'igw-1',
              Attachments: [
                { VpcId: 'vpc-1', State: 'available' },
                { VpcId: 'vpc-9', State: 'available' },
              ],
            },
          ],
          EgressOnlyInternetGateways: [
            {
              EgressOnlyInternetGatewayId: 'eigw-9',
              Attachments: [{ VpcId: 'vpc-9', State: 'attached' }],
            },
          ],
        }),
      );

      // Act
      const snapshot = await collectRegion(ec2Client, 'eu-west-1');

      // Assess
      expect(snapshot.Vpcs.map((vpc) => vpc.VpcId)).toEqual(['vpc-1']);
      expect(snapshot.Subnets.map((subnet) => subnet.SubnetId)).toEqual(['subnet-1']);
      expect(snapshot.RouteTables.map((table) => table.RouteTableId)).toEqual(['rtb-1']);
      expect(snapshot.VpcEndpoints).toEqual([]);
      expect(snapshot.NatGateways.map((nat) => nat.NatGatewayId)).toEqual(['nat-1']);
      expect(snapshot.InternetGateways[0]?.Attachments?.map((a) => a.VpcId)).toEqual(['vpc-1']);
      expect(snapshot.EgressOnlyInternetGateways?.[0]?.Attachments).toEqual([]);
      expect(ec2).toHaveReceivedCommandTimes(DescribeVpcsCommand, 2);
      expect(regionIntegrityIssues('eu-west-1', snapshot)).toEqual([]);
    });

    it('makes no further call when every named VPC is listed, or only gone gateways name another', async () => {
      // Prepare: a NAT gateway deleted with its VPC stays listed for a while
      const estate = smallEstate();
      serveEstate(ec2, {
        ...estate,
        NatGateways: [
          ...(estate.NatGateways ?? []),
          { NatGatewayId: 'nat-old', VpcId: 'vpc-gone', State: 'deleted' },
        ],
      });

      // Act
      const snapshot = await collectRegion(ec2Client, 'eu-west-1');

      // Assess
      expect(ec2).toHaveReceivedCommandTimes(DescribeVpcsCommand, 1);
      expect(snapshot.NatGateways.map((nat) => nat.NatGatewayId)).toEqual(['nat-1', 'nat-old']);
    });
  });
});
