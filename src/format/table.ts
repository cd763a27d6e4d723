/**
 * The terminal table: grouped by region and VPC, leaking VPCs and subnets first, the path and target
 * of each service, then the findings worst first, the region errors and a summary line.
 */
import { SERVICES, type Report, type ServiceName, type SubnetReport } from '../types';
import { accountRollupLines } from './account-rollup';
import { findingsBySeverity, shortTarget, summaryLine, verdictText } from './labels';

/** `1 subnet`, `3 subnets`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function isLeakingSubnet(subnet: SubnetReport): boolean {
  return !subnet.exempt && Object.values(subnet.services).some((verdict) => verdict.leaking);
}

/** Left-aligned columns separated by two spaces. */
export function renderColumns(rows: readonly (readonly string[])[], indent = ''): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
  );
}

function auditedServices(report: Report): ServiceName[] {
  const seen = new Set<ServiceName>();
  for (const subnet of report.subnets) {
    for (const service of Object.keys(subnet.services) as ServiceName[]) seen.add(service);
    if (seen.size === SERVICES.length) break;
  }
  return SERVICES.filter((service) => seen.has(service));
}

/** Renders the report as a table for a terminal. */
export function formatTable(report: Report): string {
  const lines: string[] = [];
  lines.push(
    `vpce-auditor report for account ${report.accountId}, generated ${report.generatedAt}`,
    'Marks: ! leaking, x exempt. Paths are per subnet and service; targets follow the path.',
    '',
    ...accountRollupLines(report, renderColumns),
  );
  const services = auditedServices(report);
  const byRegion = new Map<string, Map<string, SubnetReport[]>>();
  for (const subnet of report.subnets) {
    let vpcs = byRegion.get(subnet.region);
    if (!vpcs) byRegion.set(subnet.region, (vpcs = new Map()));
    let list = vpcs.get(subnet.vpcId);
    if (!list) vpcs.set(subnet.vpcId, (list = []));
    list.push(subnet);
  }
  for (const [region, vpcs] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(region);
    const ordered = [...vpcs].map(([vpcId, subnets]) => ({
      vpcId,
      subnets,
      leaking: subnets.filter(isLeakingSubnet).length,
    }));
    ordered.sort(
      (a, b) => Number(b.leaking > 0) - Number(a.leaking > 0) || a.vpcId.localeCompare(b.vpcId),
    );
    for (const vpc of ordered) {
      const exempt = vpc.subnets.every((subnet) => subnet.exempt) ? ' (exempt)' : '';
      lines.push(
        `  ${vpc.vpcId}${exempt}: ${vpc.leaking} of ${plural(vpc.subnets.length, 'subnet')} leaking`,
      );
      const subnets = [...vpc.subnets].sort(
        (a, b) =>
          Number(isLeakingSubnet(b)) - Number(isLeakingSubnet(a)) ||
          a.subnetId.localeCompare(b.subnetId),
      );
      const rows: string[][] = [
        ['', 'SUBNET', 'ROUTE TABLE', ...services.map((s) => s.toUpperCase())],
      ];
      for (const subnet of subnets) {
        const mark = subnet.exempt ? 'x' : isLeakingSubnet(subnet) ? '!' : ' ';
        rows.push([
          mark,
          subnet.subnetId,
          subnet.routeTableId ?? '(none)',
          ...services.map((service) => verdictText(subnet.services[service])),
        ]);
      }
      lines.push(...renderColumns(rows, '    '));
    }
    lines.push('');
  }
  if (report.subnets.length === 0) lines.push('No subnets.', '');

  const findings = findingsBySeverity(report.findings);
  if (findings.length > 0) {
    lines.push(`Findings (${findings.length}):`);
    const rows = findings.map((f) => [
      f.exempt ? 'exempt' : f.severity.toUpperCase(),
      f.region,
      f.vpcId,
      f.routeTableId,
      f.service,
      `${f.path} ${f.targets.map(shortTarget).join(',')}`.trim(),
      plural(f.subnetIds.length, 'subnet'),
      f.estimatedMonthlyUsd !== undefined ? `~$${f.estimatedMonthlyUsd.toFixed(2)}/mo` : '',
      f.remediation,
    ]);
    const rendered = renderColumns(rows, '  ');
    findings.forEach((finding, index) => {
      lines.push(rendered[index] ?? '');
      // A manual finding needs a person: say which route beats the endpoint.
      if (finding.remediation === 'manual') lines.push(`      ${finding.reason}`);
    });
    lines.push('');
  }
  if (report.errors.length > 0) {
    lines.push(`Region errors (${report.errors.length}):`);
    for (const e of report.errors)
      lines.push(`  ${e.region} ${e.operation} ${e.code}: ${e.message}`);
    lines.push('');
  }
  lines.push(`Summary: ${summaryLine(report)}`);
  if (report.summary.estimatedMonthlyUsd !== undefined || report.summary.cost) {
    lines.push(
      'Cost is an upper bound of NAT gateway data processing (the gateways may carry other traffic; hourly charges remain).',
    );
  }
  return `${lines.join('\n')}\n`;
}
