/**
 * Every output shows the address families: the table and markdown (a family suffix for dual-stack
 * and IPv6-only subnets, the family beside the service of an `ipv6`/`nat64` finding), the per-region
 * note when S3's IPv6 ranges are unknown, the HTML report and its diagram (the IPv6 routes and the
 * NAT64 path), the Mermaid diagram, the SNS text and the ASFF findings.
 */
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { formatHtml } from '../../../src/format/html';
import { familySuffix, serviceFamilyText, verdictText } from '../../../src/format/labels';
import { formatMarkdown } from '../../../src/format/markdown';
import { mermaidFlowchart } from '../../../src/format/mermaid';
import { s3Ipv6UnknownNotes } from '../../../src/format/report-text';
import { formatTable } from '../../../src/format/table';
import { vpcGraph } from '../../../src/format/vpc-graph';
import { buildTextSummary } from '../../../src/publish/text-summary';
import { reportToAsff } from '../../../src/securityhub/asff';
import { snapshotSchemas, type SnapshotInput } from '../../../src/snapshot/schema';
import type { Report } from '../../../src/types';
import { GENERATED_AT, scenarioReport, scenarioSnapshot } from '../../helpers/reports';

/** The IPv6-only DNS64 subnet of scenario 18 (S3: ipv6 → EIGW, nat64 → NAT; DynamoDB: nat64 → NAT). */
const IPV6_ONLY = 'subnet-0122bd55983579c7f';
const MISSING_NOTE =
  'S3 IPv6 ranges unknown in us-east-1: no AWS-managed IPv6 prefix list for S3 in the snapshot';

/** Scenario 16 analysed without its S3 IPv6 prefix list (the collector could not find it). */
function reportWithoutS3Ipv6List(): Report {
  const snapshot = structuredClone(scenarioSnapshot('16')) as SnapshotInput;
  for (const region of Object.values(snapshot.regions)) {
    region.PrefixLists = region.PrefixLists.filter((list) => list.AddressFamily !== 'IPv6');
  }
  return analyzeSnapshot(snapshotSchemas().SnapshotSchema.parse(snapshot), {
    generatedAt: GENERATED_AT,
  });
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('the family labels', () => {
  it('names the families that give the path, for dual-stack and IPv6-only subnets only', () => {
    // Prepare
    const report = scenarioReport('18');
    const ipv6Only = report.subnets.find((s) => s.subnetId === IPV6_ONLY);
    const dualStack = report.subnets.find((s) => s.stack === 'dual-stack');
    const ipv4 = scenarioReport('02').subnets[0];

    // Act
    const s3 = verdictText(ipv6Only?.services.s3, ipv6Only?.stack);
    const dualS3 = verdictText(dualStack?.services.s3, dualStack?.stack);
    const ipv4S3 = verdictText(ipv4?.services.s3, ipv4?.stack);

    // Assess
    expect(s3).toMatch(/^nat-gateway \[nat64\] nat-\S+$/);
    expect(dualS3).toMatch(/^internet-gateway \[ipv4\+ipv6\] igw-\S+$/);
    expect(ipv4S3).not.toContain('[');
  });

  it('says when no family applies, and nothing for a report older than the families', () => {
    // Prepare: an IPv6-only subnet with DNS64 off has no DynamoDB family (scenario 15)
    const subnet = scenarioReport('15').subnets.find((s) => s.stack === 'ipv6-only');
    const dynamodb = subnet?.services.dynamodb;
    if (!dynamodb) throw new Error('scenario 15 lost its IPv6-only subnet');
    const older = { ...dynamodb };
    delete older.families;

    // Act
    const none = familySuffix(dynamodb, 'ipv6-only');
    const old = familySuffix(older, 'ipv6-only');

    // Assess
    expect(dynamodb.path).toBe('no-route');
    expect(none).toBe(' [no family]');
    expect(old).toBe('');
  });

  it('puts the family beside the service of an ipv6 or nat64 finding only', () => {
    // Act
    const texts = [
      serviceFamilyText({ service: 's3' }),
      serviceFamilyText({ service: 's3', family: 'ipv4' }),
      serviceFamilyText({ service: 's3', family: 'ipv6' }),
      serviceFamilyText({ service: 'dynamodb', family: 'nat64' }),
    ];

    // Assess
    expect(texts).toEqual(['s3', 's3', 's3/ipv6', 'dynamodb/nat64']);
  });
});

describe('the table and markdown', () => {
  it('show each finding with its family and each IPv6 subnet with its families, within 120 columns', () => {
    // Prepare
    const report = scenarioReport('18');

    // Act
    const table = formatTable(report, { allSubnets: true });
    const markdown = formatMarkdown(report, { allSubnets: true });

    // Assess
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
    for (const label of ['s3/ipv6', 's3/nat64', 'dynamodb/nat64']) {
      expect(table).toContain(label);
      expect(markdown).toContain(`| ${label} |`);
    }
    const row = table.split('\n').find((line) => line.includes(IPV6_ONLY)) ?? '';
    expect(row).toContain('[nat64]');
    expect(markdown).toContain('\\[nat64\\]');
  });

  it('print one note per region whose S3 IPv6 ranges are unknown', () => {
    // Prepare
    const report = reportWithoutS3Ipv6List();
    const known = scenarioReport('16');

    // Act
    const table = formatTable(report, { allSubnets: true });
    const markdown = formatMarkdown(report);
    const html = formatHtml(report);
    const text = buildTextSummary(report);

    // Assess
    expect(s3Ipv6UnknownNotes(report)).toEqual([MISSING_NOTE]);
    expect(s3Ipv6UnknownNotes(known)).toEqual([]);
    expect(count(table.replace(/\n\s+/g, ' '), MISSING_NOTE)).toBe(1);
    expect(count(markdown, MISSING_NOTE)).toBe(1);
    expect(count(html, MISSING_NOTE)).toBe(1);
    expect(count(text, MISSING_NOTE)).toBe(1);
    expect(formatTable(known)).not.toContain('S3 IPv6 ranges unknown');
  });
});

describe('the diagrams', () => {
  it('draw the IPv6 route and the NAT64 path of an IPv6-only subnet, labelled by family', () => {
    // Prepare
    const report = scenarioReport('18');
    const vpc = report.vpcs?.find((v) => v.vpcId === report.subnets[0]?.vpcId);
    if (!vpc) throw new Error('scenario 18 has no leaking VPC');

    // Act
    const graph = vpcGraph(report, vpc);
    const html = formatHtml(report);
    const mermaid = mermaidFlowchart(graph).join('\n');

    // Assess
    const eigw = graph.edges.find((e) => e.to.startsWith('eigw-'));
    const nat = graph.edges.find((e) => e.to.startsWith('nat-'));
    expect(eigw?.flows).toEqual(['s3 ipv6']);
    expect(eigw?.leaking).toBe(true);
    expect(nat?.flows).toEqual(['s3 nat64', 'dynamodb nat64']);
    expect(nat?.services).toEqual(['s3', 'dynamodb']);
    expect(nat?.leaking).toBe(true);
    expect(html).toMatch(/data-to="eigw-[^"]+" data-services="s3" data-flows="s3 ipv6"/);
    expect(html).toContain('data-flows="s3 nat64, dynamodb nat64"');
    expect(html).toContain('data-family="nat64"');
    expect(mermaid).toContain('|s3 nat64, dynamodb nat64|');
  });

  it('label an IPv4 subnet by service alone, as before the families', () => {
    // Prepare
    const report = scenarioReport('02');
    const vpc = report.vpcs?.[0];
    if (!vpc) throw new Error('scenario 02 has no leaking VPC');

    // Act
    const graph = vpcGraph(report, vpc);

    // Assess
    for (const edge of graph.edges) expect(edge.flows).toEqual(edge.services);
  });
});

describe('the SNS text and ASFF', () => {
  it('name the family of a finding and what fixes it', () => {
    // Prepare
    const report = scenarioReport('18');

    // Act
    const text = buildTextSummary(report, { maxFindings: 20 });
    const asff = reportToAsff(report);

    // Assess
    expect(text).toMatch(/dynamodb\/nat64 takes nat-gateway via nat-/);
    expect(text).toContain('by hand: no gateway endpoint route on the table carries its NAT64');
    expect(text).toContain('s3/ipv6 takes egress-only-internet-gateway');
    const families = asff.map((f) => f.ProductFields?.['vpce-auditor/Family']);
    expect(families).toEqual(report.findings.filter((f) => !f.exempt).map((f) => f.family));
    const nat64 = asff.find((f) => f.Id?.endsWith('/dynamodb/nat64'));
    expect(nat64?.Title).toContain('DynamoDB NAT64 traffic');
    expect(nat64?.Remediation?.Recommendation?.Text).toContain('dual-stack DynamoDB endpoint');
  });

  it('keep an IPv4 finding as it was, with family ipv4', () => {
    // Prepare
    const report = scenarioReport('02');

    // Act
    const asff = reportToAsff(report);
    const text = buildTextSummary(report);

    // Assess
    for (const finding of asff) {
      expect(finding.ProductFields?.['vpce-auditor/Family']).toBe('ipv4');
      expect(finding.Title).toMatch(/^(S3|DynamoDB) traffic of route table/);
    }
    expect(text).not.toMatch(/s3\/ipv4|ipv4 takes/);
  });
});
