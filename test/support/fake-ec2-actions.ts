/**
 * The EC2 actions a fake endpoint serves, on one region's {@link RegionEstate}, the way EC2 answers
 * them: `Describe*` with their filters (unknown filter names refused), `MaxResults` bounds and
 * `NextToken` pages; `CreateVpcEndpoint` (Gateway) and `ModifyVpcEndpoint` (`AddRouteTableId.N`)
 * with `DryRun`, `ClientToken` idempotency, tags and the prefix-list route added to each table.
 */
import {
  FULL_ACCESS_POLICY,
  type FakeTag,
  type FakeVpcEndpoint,
  type RegionEstate,
  type XmlValue,
} from './fake-ec2-estate';

/** An EC2 error answer. */
export class Ec2Error extends Error {
  public constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
  ) {
    super(message);
    this.name = 'Ec2Error';
  }
}

/** The answer of an action: the elements inside `<ActionResponse>` after `requestId`. */
export type ActionBody = Record<string, XmlValue>;

/** What an action needs besides the request parameters. */
export interface ActionContext {
  region: string;
  accountId: string;
  estate: RegionEstate;
  /** `ClientToken` → the request it created (per region, like EC2). */
  tokens: Map<string, { fingerprint: string; endpointId: string }>;
  /** A new endpoint id. */
  nextEndpointId(): string;
  /**
   * Filters refused as not implemented, by action, to stand for implementations of the EC2 API whose
   * filter support is partial (moto has no `vpc-id` filter on `DescribeVpcEndpoints`).
   */
  unimplementedFilters?: Readonly<Record<string, readonly string[]>>;
  /** Make the change even when `DryRun` is set, as moto does for the endpoint APIs. */
  ignoreDryRun?: boolean;
}

/** `Filter.1.Name=x&Filter.1.Value.1=y` → `{x: [y]}`. */
export function filtersOf(params: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const [key, value] of params) {
    const name = /^Filter\.(\d+)\.Name$/.exec(key);
    if (!name) continue;
    const values: string[] = [];
    for (const [k, v] of params) if (k.startsWith(`Filter.${name[1]}.Value.`)) values.push(v);
    filters.set(value, values);
  }
  return filters;
}

/** `Prefix.1=a&Prefix.2=b` → `[a, b]`. */
function listOf(params: URLSearchParams, prefix: string): string[] {
  const items: [number, string][] = [];
  for (const [key, value] of params) {
    const match = new RegExp(`^${prefix.replace('.', '\\.')}\\.(\\d+)$`).exec(key);
    if (match) items.push([Number(match[1]), value]);
  }
  return items.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
}

/** The values a filter name reads from an item; undefined = the filter is not one of the API's. */
type FilterFields<T> = Record<string, (item: T) => readonly (string | undefined)[]>;

function tagValues(tags: readonly FakeTag[] | undefined, name: string): string[] | undefined {
  if (name === 'tag-key') return (tags ?? []).map((t) => t.key);
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return (tags ?? []).filter((t) => t.key === key).map((t) => t.value);
  }
  return undefined;
}

/** Keeps the items that match every filter (any of its values); unknown names are refused. */
function applyFilters<T extends { tagSet?: FakeTag[] }>(
  items: readonly T[],
  params: URLSearchParams,
  fields: FilterFields<T>,
  unimplemented: readonly string[] = [],
): T[] {
  const filters = filtersOf(params);
  for (const name of filters.keys()) {
    if (unimplemented.includes(name)) {
      throw new Ec2Error(
        'InvalidParameterValue',
        `The filter '${name}' for ${params.get('Action') ?? ''} has not been implemented`,
      );
    }
    if (!fields[name] && !name.startsWith('tag:') && name !== 'tag-key') {
      throw new Ec2Error('InvalidParameterValue', `The filter '${name}' is invalid`);
    }
  }
  return items.filter((item) =>
    [...filters].every(([name, values]) => {
      const read = fields[name];
      const have = read ? read(item) : (tagValues(item.tagSet, name) ?? []);
      return have.some((value) => value !== undefined && values.includes(value));
    }),
  );
}

/** One page, as EC2 pages: `MaxResults` within the API's bounds, `NextToken` an opaque offset. */
function page<T>(
  items: readonly T[],
  params: URLSearchParams,
  bounds: { min: number; max: number; clamp?: boolean },
): { items: T[]; nextToken?: string } {
  const raw = params.get('MaxResults');
  let size = items.length;
  if (raw !== null) {
    const max = Number(raw);
    if (!Number.isInteger(max) || max < bounds.min || (max > bounds.max && !bounds.clamp)) {
      throw new Ec2Error(
        'InvalidParameterValue',
        `Value ( ${raw} ) for parameter maxResults is invalid. Expecting a value between ${bounds.min} and ${bounds.max}.`,
      );
    }
    size = Math.min(max, bounds.max);
  }
  const token = params.get('NextToken');
  const start = token === null ? 0 : Number(token.replace(/^page-/, ''));
  if (!Number.isInteger(start) || start < 0 || start > items.length) {
    throw new Ec2Error('InvalidNextToken', `The token '${token ?? ''}' is invalid`);
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: `page-${end}` } : {}),
  };
}

function paged<T>(
  setName: string,
  items: readonly T[],
  params: URLSearchParams,
  bounds: { min: number; max: number; clamp?: boolean },
): ActionBody {
  const result = page(items, params, bounds);
  return {
    [setName]: result.items as unknown as XmlValue,
    ...(result.nextToken ? { nextToken: result.nextToken } : {}),
  };
}

function prefixListOfService(context: ActionContext, serviceName: string) {
  return context.estate.prefixLists.find((list) => list.prefixListName === serviceName);
}

/** The service prefix lists of the region that a table already routes, by list id. */
function routedLists(context: ActionContext, routeTableId: string): Map<string, string> {
  const table = context.estate.routeTables.find((t) => t.routeTableId === routeTableId);
  const routed = new Map<string, string>();
  for (const route of table?.routeSet ?? []) {
    if (route.destinationPrefixListId) {
      routed.set(route.destinationPrefixListId, route.gatewayId ?? '');
    }
  }
  return routed;
}

/** Checks the tables exist, are in the VPC and have no route for the list yet (EC2's checks). */
function checkTables(
  context: ActionContext,
  vpcId: string,
  routeTableIds: readonly string[],
  prefixListId: string,
  endpointId?: string,
): string[] {
  const fresh: string[] = [];
  for (const id of routeTableIds) {
    const table = context.estate.routeTables.find((t) => t.routeTableId === id);
    if (!table) {
      throw new Ec2Error(
        'InvalidRouteTableId.NotFound',
        `The routeTable ID '${id}' does not exist`,
      );
    }
    if (table.vpcId !== vpcId) {
      throw new Ec2Error(
        'InvalidParameter',
        `Route table ${id} does not belong to the VPC ${vpcId} of the endpoint`,
      );
    }
    const target = routedLists(context, id).get(prefixListId);
    if (target !== undefined && target === endpointId) continue;
    if (target !== undefined) {
      throw new Ec2Error(
        'RouteAlreadyExists',
        `The route identified by ${prefixListId} already exists in route table ${id}.`,
      );
    }
    fresh.push(id);
  }
  return fresh;
}

function addRoutes(
  context: ActionContext,
  routeTableIds: readonly string[],
  prefixListId: string,
  endpointId: string,
): void {
  for (const id of routeTableIds) {
    const table = context.estate.routeTables.find((t) => t.routeTableId === id);
    table?.routeSet.push({
      destinationPrefixListId: prefixListId,
      gatewayId: endpointId,
      state: 'active',
      origin: 'CreateRoute',
    });
  }
}

function dryRunIfAsked(params: URLSearchParams, context: ActionContext): void {
  if (params.get('DryRun') === 'true' && context.ignoreDryRun !== true) {
    throw new Ec2Error(
      'DryRunOperation',
      'Request would have succeeded, but DryRun flag is set.',
      412,
    );
  }
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') {
    throw new Ec2Error('MissingParameter', `The request must contain the parameter ${name}`);
  }
  return value;
}

/** `TagSpecification.N.ResourceType` / `.Tag.M.Key|Value` → the endpoint's tags. */
function endpointTags(params: URLSearchParams): FakeTag[] {
  const tags: FakeTag[] = [];
  for (let n = 1; params.has(`TagSpecification.${n}.ResourceType`); n += 1) {
    const type = params.get(`TagSpecification.${n}.ResourceType`);
    if (type !== 'vpc-endpoint') {
      throw new Ec2Error(
        'InvalidParameterValue',
        `'${type ?? ''}' is not a valid taggable resource type for this operation.`,
      );
    }
    for (let m = 1; params.has(`TagSpecification.${n}.Tag.${m}.Key`); m += 1) {
      tags.push({
        key: params.get(`TagSpecification.${n}.Tag.${m}.Key`) ?? '',
        value: params.get(`TagSpecification.${n}.Tag.${m}.Value`) ?? '',
      });
    }
  }
  return tags;
}

/** Every parameter but those that do not make the request what it is. */
function fingerprintOf(params: URLSearchParams): string {
  return JSON.stringify(
    [...params]
      .filter(([key]) => !['Action', 'Version', 'ClientToken', 'DryRun'].includes(key))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

function createVpcEndpoint(params: URLSearchParams, context: ActionContext): ActionBody {
  const vpcId = required(params, 'VpcId');
  const serviceName = required(params, 'ServiceName');
  dryRunIfAsked(params, context);
  const token = params.get('ClientToken');
  if (token !== null) {
    const earlier = context.tokens.get(token);
    if (earlier && earlier.fingerprint !== fingerprintOf(params)) {
      throw new Ec2Error(
        'IdempotentParameterMismatch',
        'The client token you have provided is associated with a resource that is already deleted or has different parameters. Please use a different client token.',
      );
    }
    const endpoint = earlier
      ? context.estate.vpcEndpoints.find((e) => e.vpcEndpointId === earlier.endpointId)
      : undefined;
    if (endpoint) return { vpcEndpoint: endpoint, clientToken: token };
  }
  if (!context.estate.vpcs.some((vpc) => vpc.vpcId === vpcId)) {
    throw new Ec2Error('InvalidVpcId.NotFound', `The vpc ID '${vpcId}' does not exist`);
  }
  // EC2 creates an Interface endpoint when no type is given; this fake serves gateways only.
  const type = params.get('VpcEndpointType') ?? 'Interface';
  if (type !== 'Gateway') {
    throw new Ec2Error(
      'InvalidParameter',
      `this fake serves Gateway endpoints only, not ${type} (is VpcEndpointType missing?)`,
    );
  }
  const list = prefixListOfService(context, serviceName);
  if (!list) {
    throw new Ec2Error(
      'InvalidServiceName',
      `The Vpc Endpoint Service '${serviceName}' does not exist`,
    );
  }
  const routeTableIds = listOf(params, 'RouteTableId');
  checkTables(context, vpcId, routeTableIds, list.prefixListId);
  const tags = endpointTags(params);
  const endpoint: FakeVpcEndpoint = {
    vpcEndpointId: context.nextEndpointId(),
    vpcEndpointType: 'Gateway',
    vpcId,
    serviceName,
    state: 'available',
    policyDocument: params.get('PolicyDocument') ?? FULL_ACCESS_POLICY,
    routeTableIdSet: [...routeTableIds],
    subnetIdSet: [],
    groupSet: [],
    privateDnsEnabled: false,
    requesterManaged: false,
    networkInterfaceIdSet: [],
    dnsEntrySet: [],
    creationTimestamp: new Date().toISOString(),
    ...(tags.length > 0 ? { tagSet: tags } : {}),
    ownerId: context.accountId,
  };
  context.estate.vpcEndpoints.push(endpoint);
  addRoutes(context, routeTableIds, list.prefixListId, endpoint.vpcEndpointId);
  if (token !== null) {
    context.tokens.set(token, {
      fingerprint: fingerprintOf(params),
      endpointId: endpoint.vpcEndpointId,
    });
  }
  return { vpcEndpoint: endpoint, ...(token !== null ? { clientToken: token } : {}) };
}

function modifyVpcEndpoint(params: URLSearchParams, context: ActionContext): ActionBody {
  const endpointId = required(params, 'VpcEndpointId');
  dryRunIfAsked(params, context);
  const endpoint = context.estate.vpcEndpoints.find((e) => e.vpcEndpointId === endpointId);
  if (!endpoint || endpoint.state === 'deleted') {
    throw new Ec2Error(
      'InvalidVpcEndpointId.NotFound',
      `The Vpc Endpoint Id '${endpointId}' does not exist`,
    );
  }
  const added = listOf(params, 'AddRouteTableId');
  if (added.length > 0 && endpoint.vpcEndpointType !== 'Gateway') {
    throw new Ec2Error('InvalidParameter', 'Route tables can only be added to a Gateway endpoint');
  }
  const list = prefixListOfService(context, endpoint.serviceName);
  if (!list) throw new Ec2Error('InvalidServiceName', `no prefix list for ${endpoint.serviceName}`);
  const fresh = checkTables(context, endpoint.vpcId, added, list.prefixListId, endpointId);
  endpoint.routeTableIdSet.push(...fresh);
  addRoutes(context, fresh, list.prefixListId, endpointId);
  return { return: true };
}

/** The vpc-id (and id) filters of the VPC-scoped `Describe*` APIs. */
const byVpc = <T extends { vpcId: string }>(idName: string, id: (item: T) => string) =>
  ({ 'vpc-id': (item: T) => [item.vpcId], [idName]: (item: T) => [id(item)] }) as FilterFields<T>;

/** Runs an EC2 action on the region's estate; undefined when the action is not served. */
export function runAction(
  action: string,
  params: URLSearchParams,
  context: ActionContext,
): ActionBody | undefined {
  const { estate } = context;
  const missing = context.unimplementedFilters?.[action] ?? [];
  switch (action) {
    case 'DescribeVpcs':
      return paged(
        'vpcSet',
        applyFilters(
          estate.vpcs,
          params,
          {
            ...byVpc('vpc-id', (v) => v.vpcId),
            'owner-id': (v) => [v.ownerId],
            'is-default': (v) => [String(v.isDefault)],
          },
          missing,
        ),
        params,
        { min: 5, max: 1000 },
      );
    case 'DescribeSubnets':
      return paged(
        'subnetSet',
        applyFilters(
          estate.subnets,
          params,
          {
            ...byVpc('subnet-id', (s) => s.subnetId),
            'owner-id': (s) => [s.ownerId],
          },
          missing,
        ),
        params,
        { min: 5, max: 1000 },
      );
    case 'DescribeRouteTables':
      return paged(
        'routeTableSet',
        applyFilters(
          estate.routeTables,
          params,
          {
            ...byVpc('route-table-id', (t) => t.routeTableId),
            'association.subnet-id': (t) => t.associationSet.map((a) => a.subnetId),
            'association.main': (t) => t.associationSet.map((a) => String(a.main)),
          },
          missing,
        ),
        params,
        { min: 5, max: 100 },
      );
    case 'DescribeVpcEndpoints': {
      const ids = listOf(params, 'VpcEndpointId');
      for (const id of ids) {
        if (!estate.vpcEndpoints.some((e) => e.vpcEndpointId === id)) {
          throw new Ec2Error(
            'InvalidVpcEndpointId.NotFound',
            `The Vpc Endpoint Id '${id}' does not exist`,
          );
        }
      }
      const endpoints = estate.vpcEndpoints.filter(
        (e) => ids.length === 0 || ids.includes(e.vpcEndpointId),
      );
      return paged(
        'vpcEndpointSet',
        applyFilters(
          endpoints,
          params,
          {
            ...byVpc('vpc-endpoint-id', (e) => e.vpcEndpointId),
            'service-name': (e) => [e.serviceName],
            'vpc-endpoint-type': (e) => [e.vpcEndpointType],
            'vpc-endpoint-state': (e) => [e.state],
          },
          missing,
        ),
        params,
        // "If the value is greater than 1,000, we return only 1,000 items."
        { min: 1, max: 1000, clamp: true },
      );
    }
    case 'DescribeNatGateways':
      return paged(
        'natGatewaySet',
        applyFilters(
          estate.natGateways,
          params,
          {
            ...byVpc('nat-gateway-id', (n) => n.natGatewayId),
            'subnet-id': (n) => [n.subnetId],
            state: (n) => [n.state],
          },
          missing,
        ),
        params,
        { min: 5, max: 1000 },
      );
    case 'DescribeInternetGateways':
      return paged(
        'internetGatewaySet',
        applyFilters(
          estate.internetGateways,
          params,
          {
            'attachment.vpc-id': (g) => g.attachmentSet.map((a) => a.vpcId),
            'attachment.state': (g) => g.attachmentSet.map((a) => a.state),
            'internet-gateway-id': (g) => [g.internetGatewayId],
            'owner-id': (g) => [g.ownerId],
          },
          missing,
        ),
        params,
        { min: 5, max: 1000 },
      );
    case 'DescribeEgressOnlyInternetGateways': {
      // EC2 has no VPC filter here; the collector asks for every gateway and keeps its VPCs'.
      const ids = listOf(params, 'EgressOnlyInternetGatewayId');
      const gateways = (estate.egressOnlyInternetGateways ?? []).filter(
        (g) => ids.length === 0 || ids.includes(g.egressOnlyInternetGatewayId),
      );
      return paged(
        'egressOnlyInternetGatewaySet',
        applyFilters(gateways, params, {}, missing),
        params,
        { min: 5, max: 255 },
      );
    }
    case 'DescribeManagedPrefixLists': {
      const lists = applyFilters(
        estate.prefixLists,
        params,
        {
          'prefix-list-name': (l) => [l.prefixListName],
          'prefix-list-id': (l) => [l.prefixListId],
          'owner-id': (l) => [l.ownerId],
        },
        missing,
      );
      return paged(
        'prefixListSet',
        lists.map((list) => ({
          prefixListId: list.prefixListId,
          prefixListName: list.prefixListName,
          ownerId: list.ownerId,
          addressFamily: 'IPv4',
          state: 'create-complete',
          maxEntries: list.cidrs.length,
          version: 1,
        })),
        params,
        { min: 1, max: 100 },
      );
    }
    case 'GetManagedPrefixListEntries': {
      const id = params.get('PrefixListId');
      const list = estate.prefixLists.find((candidate) => candidate.prefixListId === id);
      if (!list) {
        throw new Ec2Error(
          'InvalidPrefixListID.NotFound',
          `The prefix list ID '${id ?? ''}' does not exist`,
        );
      }
      return paged(
        'entrySet',
        list.cidrs.map((cidr) => ({ cidr })),
        params,
        { min: 1, max: 100 },
      );
    }
    case 'CreateVpcEndpoint':
      return createVpcEndpoint(params, context);
    case 'ModifyVpcEndpoint':
      return modifyVpcEndpoint(params, context);
    default:
      return undefined;
  }
}
