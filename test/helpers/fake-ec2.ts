/**
 * An in-memory model of the EC2 endpoint APIs over a snapshot, wired into an aws-sdk-client-mock
 * mock: CreateVpcEndpoint (with DryRun, ClientToken idempotency and RouteAlreadyExists),
 * ModifyVpcEndpoint (AddRouteTableIds), and the Describe* calls of the collection answered from the
 * snapshot as it stands (see `serveChangingEstate`). The snapshot is changed in place, so a
 * re-collection (`recollect`, or the Describe* calls) sees what the calls did.
 */
import {
  CreateVpcEndpointCommand,
  ModifyVpcEndpointCommand,
  type CreateVpcEndpointCommandInput,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { awsError } from './aws-error';
import { serveChangingEstate } from './mock-aws';
import type { RegionSnapshot, Snapshot } from '../../src/snapshot/schema';
import type { ServiceName } from '../../src/types';

/** The state behind the fake. */
export interface FakeEc2 {
  snapshot: Snapshot;
  /** Ids of the endpoints the fake created, in order. */
  created: string[];
  /** A re-collection of a region, limited to VPCs (a deep copy). */
  recollect(region: string, vpcIds: string[]): Promise<RegionSnapshot>;
}

function serviceOf(serviceName: string): ServiceName {
  return serviceName.endsWith('.s3') ? 's3' : 'dynamodb';
}

function regionOf(snapshot: Snapshot, region: string): RegionSnapshot {
  const found = snapshot.regions[region];
  if (!found) throw awsError('InvalidRegion', `no region ${region}`);
  return found;
}

/**
 * Wires the fake into `ec2` for `region` (one mock per region, or one shared when `region` is
 * read from the request's endpoint: pass the region the mock's client serves).
 */
export function fakeEc2(
  ec2: AwsClientStub<EC2Client>,
  snapshot: Snapshot,
  region: string,
): FakeEc2 {
  const tokens = new Map<string, { params: string; endpointId: string }>();
  const state: FakeEc2 = {
    snapshot,
    created: [],
    recollect: (r, vpcIds) => {
      const data = regionOf(snapshot, r);
      const keep = (vpcId: string) => vpcIds.includes(vpcId);
      return Promise.resolve(
        structuredClone({
          ...data,
          Vpcs: data.Vpcs.filter((v) => keep(v.VpcId)),
          Subnets: data.Subnets.filter((s) => keep(s.VpcId)),
          RouteTables: data.RouteTables.filter((t) => keep(t.VpcId)),
          VpcEndpoints: data.VpcEndpoints.filter((e) => keep(e.VpcId)),
        }),
      );
    },
  };

  const attach = (
    data: RegionSnapshot,
    endpointId: string,
    service: ServiceName,
    tableIds: string[],
  ) => {
    const list = data.PrefixLists.find((l) => (l.PrefixListName ?? '').endsWith(`.${service}`));
    for (const tableId of tableIds) {
      const table = data.RouteTables.find((t) => t.RouteTableId === tableId);
      if (!table)
        throw awsError(
          'InvalidRouteTableID.NotFound',
          `The routeTable ID '${tableId}' does not exist`,
        );
      if (table.Routes.some((r) => r.DestinationPrefixListId === list?.PrefixListId)) {
        throw awsError(
          'RouteAlreadyExists',
          `route table ${tableId} already has a route with destination-prefix-list-id ${list?.PrefixListId}`,
        );
      }
    }
    for (const tableId of tableIds) {
      const table = data.RouteTables.find((t) => t.RouteTableId === tableId);
      table?.Routes.push({
        DestinationPrefixListId: list?.PrefixListId,
        GatewayId: endpointId,
        State: 'active',
      });
    }
  };

  const client = ec2;
  client.on(CreateVpcEndpointCommand).callsFake((input: CreateVpcEndpointCommandInput) => {
    if (input.DryRun)
      throw awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.');
    const data = regionOf(snapshot, region);
    const { ClientToken, ...rest } = input;
    const params = JSON.stringify(rest);
    if (ClientToken) {
      const previous = tokens.get(ClientToken);
      if (previous && previous.params !== params) throw awsError('IdempotentParameterMismatch');
      if (previous) return { VpcEndpoint: { VpcEndpointId: previous.endpointId }, ClientToken };
    }
    const endpointId = `vpce-0${String(1000000000000000 + state.created.length + 1)}`;
    const service = serviceOf(input.ServiceName ?? '');
    attach(data, endpointId, service, input.RouteTableIds ?? []);
    data.VpcEndpoints.push({
      VpcEndpointId: endpointId,
      VpcEndpointType: 'Gateway',
      VpcId: input.VpcId ?? '',
      ServiceName: input.ServiceName ?? '',
      State: 'available',
      RouteTableIds: [...(input.RouteTableIds ?? [])],
      Tags: (input.TagSpecifications?.[0]?.Tags ?? []).map((t) => ({
        Key: t.Key ?? '',
        Value: t.Value ?? '',
      })),
    });
    state.created.push(endpointId);
    if (ClientToken) tokens.set(ClientToken, { params, endpointId });
    return { VpcEndpoint: { VpcEndpointId: endpointId, State: 'available' }, ClientToken };
  });
  client
    .on(ModifyVpcEndpointCommand)
    .callsFake(
      (input: { VpcEndpointId?: string; AddRouteTableIds?: string[]; DryRun?: boolean }) => {
        if (input.DryRun)
          throw awsError(
            'DryRunOperation',
            'Request would have succeeded, but DryRun flag is set.',
          );
        const data = regionOf(snapshot, region);
        const endpoint = data.VpcEndpoints.find((e) => e.VpcEndpointId === input.VpcEndpointId);
        if (!endpoint) throw awsError('InvalidVpcEndpointId.NotFound');
        attach(
          data,
          endpoint.VpcEndpointId,
          serviceOf(endpoint.ServiceName ?? ''),
          input.AddRouteTableIds ?? [],
        );
        endpoint.RouteTableIds = [
          ...(endpoint.RouteTableIds ?? []),
          ...(input.AddRouteTableIds ?? []),
        ];
        return { Return: true };
      },
    );
  serveChangingEstate(client, () => regionOf(snapshot, region));
  return state;
}
