/**
 * Changes to gateway endpoints as data, read from a plan, from generated Terraform (parsed back with
 * HashiCorp's HCL parser compiled to WebAssembly, `@cdktn/hcl2json`) or from a generated
 * CloudFormation template, and applied to a snapshot as EC2 would: a new endpoint, or tables added
 * to an existing one, each table gaining the route to the service's prefix list.
 */
import { parse as parseHcl } from '@cdktn/hcl2json';
import { parse as parseYaml } from 'yaml';
import type { RemediationPlan } from '../../src/remediation/plan-types';
import type { Snapshot } from '../../src/snapshot/schema';
import type { ServiceName } from '../../src/types';

/** One endpoint change: tables onto an existing endpoint, or a new endpoint (no `endpointId`). */
export interface EndpointChange {
  region: string;
  vpcId: string;
  service: ServiceName;
  endpointId?: string;
  routeTableIds: string[];
  policy?: string;
}

/** Parsed HCL as `hcl2json` gives it. */
export type ParsedHcl = Record<string, unknown>;

/** Parses Terraform text; rejects on a syntax error. */
export async function parseTerraform(text: string): Promise<ParsedHcl> {
  return (await parseHcl('main.tf', text)) as ParsedHcl;
}

/** CloudFormation's short `!Ref` read back as `{ Ref }`. */
export function parseTemplate(text: string): Record<string, Record<string, unknown>> {
  return parseYaml(text, {
    customTags: [{ tag: '!Ref', resolve: (value: string) => ({ Ref: value }) }],
  }) as Record<string, Record<string, unknown>>;
}

/** A literal HCL string back from its escaped form (`$${` is a literal `${`). */
export function hclLiteral(text: string): string {
  return text.replace(/([$%])\1\{/g, '$1{');
}

function serviceOf(serviceName: string): ServiceName {
  return serviceName.endsWith('.s3') ? 's3' : 'dynamodb';
}

/** The changes a plan makes (what `--apply` would do). */
export function changesOfPlan(plan: RemediationPlan): EndpointChange[] {
  return plan.actions.map((action) => ({
    region: action.region,
    vpcId: action.vpcId,
    service: action.service,
    ...(action.kind === 'attach' ? { endpointId: action.endpointId } : {}),
    routeTableIds: [...action.routeTableIds],
    ...(action.kind === 'create-endpoint' && action.policyDocument !== undefined
      ? { policy: action.policyDocument }
      : {}),
  }));
}

type Blocks = Record<string, Record<string, unknown>[]>;

function blocksOf(parsed: ParsedHcl, type: string): [string, Record<string, unknown>][] {
  const resources = (parsed.resource ?? {}) as Record<string, Blocks>;
  return Object.entries(resources[type] ?? {}).map(([name, [body]]) => [name, body ?? {}]);
}

/** The changes generated Terraform makes, with the existing endpoints of `snapshot`. */
export function changesOfTerraform(parsed: ParsedHcl, snapshot: Snapshot): EndpointChange[] {
  const regions = new Map<string, string>();
  for (const provider of ((parsed.provider ?? {}) as Blocks).aws ?? []) {
    regions.set(`\${aws.${String(provider.alias)}}`, String(provider.region));
  }
  const regionOf = (body: Record<string, unknown>) => regions.get(String(body.provider)) ?? '';
  const imports = new Map<string, string>();
  for (const block of (parsed.import ?? []) as Record<string, unknown>[]) {
    imports.set(String(block.to), String(block.id));
  }
  const existing = (region: string, endpointId: string) =>
    snapshot.regions[region]?.VpcEndpoints.find((e) => e.VpcEndpointId === endpointId);
  const changes: EndpointChange[] = [];
  for (const [name, body] of blocksOf(parsed, 'aws_vpc_endpoint')) {
    const region = regionOf(body);
    const imported = imports.get(`\${aws_vpc_endpoint.${name}}`);
    const tables = body.route_table_ids as string[];
    const already = imported !== undefined ? (existing(region, imported)?.RouteTableIds ?? []) : [];
    changes.push({
      region,
      vpcId: String(body.vpc_id),
      service: serviceOf(String(body.service_name)),
      ...(imported !== undefined ? { endpointId: imported } : {}),
      routeTableIds: tables.filter((id) => !already.includes(id)),
      ...(body.policy !== undefined && imported === undefined
        ? { policy: JSON.stringify(JSON.parse(hclLiteral(String(body.policy)))) }
        : {}),
    });
  }
  for (const [, body] of blocksOf(parsed, 'aws_vpc_endpoint_route_table_association')) {
    const region = regionOf(body);
    const endpointId = String(body.vpc_endpoint_id);
    const endpoint = existing(region, endpointId);
    changes.push({
      region,
      vpcId: endpoint?.VpcId ?? '',
      service: serviceOf(endpoint?.ServiceName ?? ''),
      endpointId,
      routeTableIds: [String(body.route_table_id)],
    });
  }
  return changes;
}

/** The changes a generated template makes (parameters at their defaults), in `region`. */
export function changesOfTemplate(
  template: Record<string, Record<string, unknown>>,
  region: string,
): EndpointChange[] {
  const parameters = (template.Parameters ?? {}) as Record<string, { Default?: string }>;
  const value = (v: unknown): string =>
    typeof v === 'object' && v !== null && 'Ref' in v
      ? String(parameters[String((v as { Ref: string }).Ref)]?.Default)
      : String(v);
  return Object.values(template.Resources ?? {})
    .map((r) => r as { Type: string; Properties?: Record<string, unknown> })
    .filter((r) => r.Type === 'AWS::EC2::VPCEndpoint')
    .map(({ Properties: p = {} }) => ({
      region,
      vpcId: value(p.VpcId),
      service: serviceOf(String(p.ServiceName)),
      routeTableIds: (p.RouteTableIds as unknown[]).map(value),
      ...(p.PolicyDocument !== undefined ? { policy: JSON.stringify(p.PolicyDocument) } : {}),
    }));
}

/** A copy of the snapshot with the changes made as EC2 makes them. */
export function applyChanges(snapshot: Snapshot, changes: readonly EndpointChange[]): Snapshot {
  const copy = structuredClone(snapshot);
  for (const change of changes) {
    const data = copy.regions[change.region];
    if (!data) throw new Error(`no region ${change.region}`);
    const list = data.PrefixLists.find((l) =>
      (l.PrefixListName ?? '').endsWith(`.${change.service}`),
    );
    let endpoint = data.VpcEndpoints.find((e) => e.VpcEndpointId === change.endpointId);
    if (!endpoint) {
      endpoint = {
        // Named after what it serves, so that the same change gets the same id whatever its order.
        VpcEndpointId: `vpce-new-${change.vpcId}-${change.service}`,
        VpcEndpointType: 'Gateway',
        VpcId: change.vpcId,
        ServiceName: `com.amazonaws.${change.region}.${change.service}`,
        State: 'available',
        RouteTableIds: [],
      };
      data.VpcEndpoints.push(endpoint);
    }
    for (const id of change.routeTableIds) {
      const table = data.RouteTables.find((t) => t.RouteTableId === id);
      if (!table) throw new Error(`no route table ${id}`);
      table.Routes.push({
        DestinationPrefixListId: list?.PrefixListId,
        GatewayId: endpoint.VpcEndpointId,
        State: 'active',
      });
      endpoint.RouteTableIds = [...(endpoint.RouteTableIds ?? []), id];
    }
  }
  return copy;
}
