/**
 * The picture of one leaking VPC as plain data: its subnets, the route tables they use and the
 * targets each table sends S3 and DynamoDB traffic to, with the leaking edges marked. A dual-stack
 * or IPv6-only subnet's traffic is drawn per address family (its IPv6 routes, the NAT64 path), each
 * edge labelled `s3 ipv6`, `dynamodb nat64`…. The HTML report draws it as SVG, the markdown report
 * as a Mermaid flowchart.
 */
import { accountOf, isLeakingSubnet, vpcKey } from '../analysis/rollup';
import {
  FAMILIES,
  type Family,
  type Finding,
  type Path,
  type Report,
  type ServiceName,
  type ServiceVerdict,
  type SubnetReport,
  type VpcSummary,
} from '../types';
import { formatUsd } from './labels';

/** Subnets drawn per VPC at most (leaking first); the rest are one "+N more" node. */
export const MAX_DIAGRAM_SUBNETS = 30;

/** A box of the diagram. */
export interface GraphNode {
  /** Unique within the graph: the AWS id, or a made-up id for "no route" and "+N more". */
  id: string;
  kind: 'subnet' | 'route-table' | 'target' | 'more';
  /** The AWS id (or a short description). */
  label: string;
  /** The `Name` tag, when there is one. */
  name?: string;
  /** For targets: the path traffic takes through it. */
  path?: Path;
  /** For priced targets: `$135.00/month`, `no data`. */
  cost?: string;
  /** True when leaking traffic passes through the node. */
  leaking: boolean;
}

/** An arrow of the diagram. */
export interface GraphEdge {
  from: string;
  to: string;
  /** For route table → target: the services that take it. */
  services: ServiceName[];
  /**
   * For route table → target: what takes it, `s3`, or with the address family when it is not
   * IPv4 (`s3 ipv6`, `dynamodb nat64`).
   */
  flows: string[];
  /** True when the edge carries a non-exempt leak. */
  leaking: boolean;
}

/** One VPC's diagram. */
export interface VpcGraph {
  vpc: VpcSummary;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

function targetLabel(path: Path, target: string | undefined): string {
  if (target !== undefined)
    return target.startsWith('arn:') ? (target.split('/').pop() ?? target) : target;
  return path === 'no-route' ? 'no route' : path === 'dropped' ? 'blackhole' : path;
}

/** One stream of a subnet's traffic to draw: a service, or one address family of it. */
interface Flow {
  service: ServiceName;
  family: Family;
  label: string;
  path: Path;
  targets: readonly string[];
}

/**
 * A subnet's traffic to a service as drawn: the service's verdict for an IPv4 subnet (or a report
 * without families); each family's verdict for a dual-stack or IPv6-only subnet.
 */
function flowsOf(subnet: SubnetReport, service: ServiceName, verdict: ServiceVerdict): Flow[] {
  const { families } = verdict;
  if (subnet.stack === undefined || subnet.stack === 'ipv4' || families === undefined) {
    return [{ service, family: 'ipv4', label: service, ...verdict }];
  }
  const flows: Flow[] = [];
  for (const family of FAMILIES) {
    const familyVerdict = families[family];
    if (familyVerdict === undefined) continue;
    const label = family === 'ipv4' ? service : `${service} ${family}`;
    flows.push({ service, family, label, ...familyVerdict });
  }
  // No family applies: the service's own verdict (no route), as for any subnet.
  return flows.length > 0 ? flows : [{ service, family: 'ipv4', label: service, ...verdict }];
}

interface VpcIndex {
  subnets: Map<string, SubnetReport[]>;
  findings: Map<string, Finding[]>;
}

/** Subnets and non-exempt findings by VPC, built once per report (diagrams of many VPCs). */
const indexes = new WeakMap<Report, VpcIndex>();

function indexOf(report: Report): VpcIndex {
  let index = indexes.get(report);
  if (index) return index;
  index = { subnets: new Map(), findings: new Map() };
  for (const s of report.subnets) {
    const key = vpcKey(accountOf(s, report), s.region, s.vpcId);
    const list = index.subnets.get(key);
    if (list) list.push(s);
    else index.subnets.set(key, [s]);
  }
  for (const f of report.findings) {
    if (f.exempt) continue;
    const key = vpcKey(accountOf(f, report), f.region, f.vpcId);
    const list = index.findings.get(key);
    if (list) list.push(f);
    else index.findings.set(key, [f]);
  }
  indexes.set(report, index);
  return index;
}

/** Builds the diagram of one VPC of the rollup. */
export function vpcGraph(report: Report, vpc: VpcSummary): VpcGraph {
  const key = vpcKey(vpc.accountId, vpc.region, vpc.vpcId);
  const index = indexOf(report);
  const subnets = [...(index.subnets.get(key) ?? [])].sort(
    (a, b) =>
      Number(isLeakingSubnet(b)) - Number(isLeakingSubnet(a)) ||
      a.subnetId.localeCompare(b.subnetId),
  );
  const shown = subnets.slice(0, MAX_DIAGRAM_SUBNETS);
  const findings = index.findings.get(key) ?? [];
  const leakingTables = new Set(
    findings.map((f) => `${f.routeTableId}/${f.service}/${f.family ?? 'ipv4'}`),
  );
  const gatewayCost = new Map<string, string>();
  for (const f of findings) {
    for (const share of f.costShares ?? []) {
      const text =
        share.estimatedMonthlyUsd !== undefined
          ? `${formatUsd(share.estimatedMonthlyUsd)}/month`
          : share.status === 'no-data'
            ? 'no data'
            : 'unknown';
      gatewayCost.set(share.gatewayId, text);
    }
  }

  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const addNode = (node: GraphNode): GraphNode => {
    const existing = nodes.get(node.id);
    if (existing) {
      existing.leaking ||= node.leaking;
      return existing;
    }
    nodes.set(node.id, node);
    return node;
  };
  for (const subnet of shown) {
    const leaking = isLeakingSubnet(subnet);
    addNode({
      id: subnet.subnetId,
      kind: 'subnet',
      label: subnet.subnetId,
      ...(subnet.name !== undefined ? { name: subnet.name } : {}),
      leaking,
    });
    const tableId = subnet.routeTableId ?? `no-table:${subnet.subnetId}`;
    addNode({
      id: tableId,
      kind: 'route-table',
      label: subnet.routeTableId ?? 'no route table',
      ...(subnet.routeTableName !== undefined ? { name: subnet.routeTableName } : {}),
      leaking: false,
    });
    const edgeKey = `${subnet.subnetId}>${tableId}`;
    edges.set(edgeKey, { from: subnet.subnetId, to: tableId, services: [], flows: [], leaking });
    for (const [service, verdict] of Object.entries(subnet.services) as [
      ServiceName,
      ServiceVerdict,
    ][]) {
      for (const flow of flowsOf(subnet, service, verdict)) {
        const tableLeaks = leakingTables.has(
          `${subnet.routeTableId ?? ''}/${service}/${flow.family}`,
        );
        if (tableLeaks) addNode({ id: tableId, kind: 'route-table', label: '', leaking: true });
        const targets = flow.targets.length > 0 ? flow.targets : [undefined];
        for (const target of targets) {
          const targetId = target ?? `${flow.path}:${tableId}`;
          const cost = target !== undefined ? gatewayCost.get(target) : undefined;
          addNode({
            id: targetId,
            kind: 'target',
            label: targetLabel(flow.path, target),
            path: flow.path,
            ...(cost !== undefined ? { cost } : {}),
            leaking: tableLeaks,
          });
          const key2 = `${tableId}>${targetId}`;
          const edge = edges.get(key2) ?? {
            from: tableId,
            to: targetId,
            services: [],
            flows: [],
            leaking: false,
          };
          if (!edge.services.includes(service)) edge.services.push(service);
          if (!edge.flows.includes(flow.label)) edge.flows.push(flow.label);
          edge.leaking ||= tableLeaks;
          edges.set(key2, edge);
        }
      }
    }
  }
  if (subnets.length > shown.length) {
    addNode({
      id: `more:${vpc.vpcId}`,
      kind: 'more',
      label: `+${subnets.length - shown.length} more subnets`,
      leaking: false,
    });
  }
  return { vpc, nodes: [...nodes.values()], edges: [...edges.values()] };
}
