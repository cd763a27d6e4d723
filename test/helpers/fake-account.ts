/**
 * A whole account behind aws-sdk-client-mock: STS `GetCallerIdentity`, EC2 `DescribeRegions`, and
 * per region {@link fakeEc2} (the endpoint APIs, and every `Describe*` the collection makes), all
 * answered from one snapshot that the endpoint calls change in place; transit gateway attachments
 * are derived from the routes to transit gateways.
 */
import {
  DescribeTransitGatewayAttachmentsCommand,
  DescribeRegionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ListTagsForResourceCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { AccountAccess } from '../../src/accounts/account-access';
import type { AwsClientFactory } from '../../src/collect/client-factory';
import { awsError } from './aws-error';
import { clientFactory } from './client-factory';
import type { Snapshot } from '../../src/snapshot/schema';
import { fakeEc2, type FakeEc2 } from './fake-ec2';

/** The fake account. */
export interface FakeAccount {
  factory: AwsClientFactory;
  /** The EC2 mock of each region of the snapshot. */
  ec2: Map<string, AwsClientStub<EC2Client>>;
  /** The STS mock. */
  sts: AwsClientStub<STSClient>;
  /**
   * The Organizations mock: by default the account is in no organization (every call answers
   * `AWSOrganizationsNotInUseException`), so it carries no exemption tag.
   */
  organizations: AwsClientStub<OrganizationsClient>;
  /** The account's access as the CLI's multi-account side sees it (its own clients only). */
  access: AccountAccess;
  regions: Map<string, FakeEc2>;
}

type Filters = { Name?: string; Values?: string[] }[] | undefined;

function vpcFilter(filters: Filters, name: string): (vpcId: string | undefined) => boolean {
  const values = filters?.find((f) => f.Name === name)?.Values;
  return (vpcId) => values === undefined || (vpcId !== undefined && values.includes(vpcId));
}

/** Builds the fake account over `snapshot` (home region: the first region of the snapshot). */
export function fakeAccount(snapshot: Snapshot): FakeAccount {
  const names = Object.keys(snapshot.regions).sort();
  const home = names[0] ?? 'us-east-1';
  const sts = new STSClient({ region: home });
  const stsMock = mockClient(sts);
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: snapshot.accountId });
  const clients = new Map<string, EC2Client>();
  const mocks = new Map<string, AwsClientStub<EC2Client>>();
  const regions = new Map<string, FakeEc2>();
  for (const region of names) {
    const client = new EC2Client({ region });
    const mock = mockClient(client);
    clients.set(region, client);
    mocks.set(region, mock);
    regions.set(region, fakeEc2(mock, snapshot, region));
    const data = () => snapshot.regions[region];
    mock.on(DescribeRegionsCommand).resolves({
      Regions: names.map((RegionName) => ({ RegionName, OptInStatus: 'opt-in-not-required' })),
    });
    // One available attachment per (VPC, transit gateway) its route tables route to.
    mock.on(DescribeTransitGatewayAttachmentsCommand).callsFake((input: { Filters?: Filters }) => ({
      TransitGatewayAttachments: [
        ...new Set(
          (data()?.RouteTables ?? []).flatMap((t) =>
            (t.Routes ?? []).flatMap((r) =>
              r.TransitGatewayId ? [`${t.VpcId ?? ''} ${r.TransitGatewayId}`] : [],
            ),
          ),
        ),
      ]
        .map((pair) => pair.split(' ') as [string, string])
        .filter(
          ([vpcId, tgwId]) =>
            vpcFilter(input.Filters, 'resource-id')(vpcId) &&
            vpcFilter(input.Filters, 'transit-gateway-id')(tgwId),
        )
        .map(([vpcId, tgwId]) => ({
          TransitGatewayAttachmentId: `tgw-attach-${vpcId.replace(/^vpc-/, '')}`,
          TransitGatewayId: tgwId,
          ResourceType: 'vpc' as const,
          ResourceId: vpcId,
          State: 'available' as const,
        })),
    }));
  }
  const factory = clientFactory({
    ec2: (region) => {
      const client = clients.get(region);
      if (!client) throw new Error(`no fake region ${region}`);
      return client;
    },
    sts: () => sts,
  });
  const organizations = new OrganizationsClient({ region: 'us-east-1' });
  const organizationsMock = mockClient(organizations);
  organizationsMock
    .on(ListTagsForResourceCommand)
    .rejects(
      awsError(
        'AWSOrganizationsNotInUseException',
        'Your account is not a member of an organization.',
      ),
    );
  const access: AccountAccess = {
    caller: () =>
      Promise.resolve({ accountId: snapshot.accountId, partition: 'aws', region: home }),
    organizations: () => organizations,
    clientsFor: (accountId) =>
      accountId === snapshot.accountId
        ? Promise.resolve(factory)
        : Promise.reject(new Error(`no fake account ${accountId}`)),
  };
  return {
    factory,
    ec2: mocks,
    sts: stsMock,
    organizations: organizationsMock,
    access,
    regions,
  };
}
