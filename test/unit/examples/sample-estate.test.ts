import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSampleEstate, sampleEstateText } from '../../../scripts/sample-estate';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { EXEMPT_TAG } from '../../../src/analysis/exemption';
import { parseSnapshotText } from '../../../src/snapshot/load';
import type { Snapshot } from '../../../src/snapshot/schema';
import { PATHS, type Path, type Report } from '../../../src/types';
import { runInMemory } from '../../helpers';

const SAMPLE_FILE = join(__dirname, '..', '..', '..', 'examples', 'sample-estate.json');

type Region = Snapshot['regions'][string];
type RawObject = Record<string, unknown>;

function loadSample(): { text: string; snapshot: Snapshot; report: Report } {
  const text = readFileSync(SAMPLE_FILE, 'utf8');
  const snapshot = parseSnapshotText(text, SAMPLE_FILE);
  const report = analyzeSnapshot(snapshot, { generatedAt: '2026-11-27T03:00:00Z' });
  return { text, snapshot, report };
}

function regionsOf(snapshot: Snapshot): Region[] {
  return Object.values(snapshot.regions);
}

function isTaggedExempt(tags: readonly { Key: string }[] | undefined): boolean {
  return (tags ?? []).some((tag) => tag.Key === EXEMPT_TAG);
}

describe('examples/sample-estate.json', () => {
  const { text, snapshot, report } = loadSample();
  const raw = JSON.parse(text) as { regions: Record<string, Record<string, RawObject[]>> };
  const rawRegions = Object.values(raw.regions);
  const routes = regionsOf(snapshot).flatMap((region) =>
    region.RouteTables.flatMap((table) => table.Routes),
  );

  it('is exactly what scripts/generate-sample-estate.ts writes', () => {
    // Prepare
    const generated = sampleEstateText();

    // Act
    const committed = readFileSync(SAMPLE_FILE, 'utf8');

    // Assess
    expect(committed).toBe(generated);
    expect(JSON.parse(committed)).toEqual(buildSampleEstate());
  });

  it('validates as a snapshot of at least 3 regions, 12 VPCs and 60 subnets', () => {
    // Prepare
    const regions = regionsOf(snapshot);

    // Act
    const vpcs = regions.reduce((count, region) => count + region.Vpcs.length, 0);
    const subnets = regions.reduce((count, region) => count + region.Subnets.length, 0);

    // Assess
    expect(regions.length).toBeGreaterThanOrEqual(3);
    expect(vpcs).toBeGreaterThanOrEqual(12);
    expect(subnets).toBeGreaterThanOrEqual(60);
    expect(report.errors).toEqual([]);
    expect(report.summary.subnets).toBe(subnets);
  });

  it('is audited as a table with exit code 0, as npm start does', async () => {
    // Act
    const { code, stdout, stderr } = await runInMemory(['audit', '--snapshot', SAMPLE_FILE]);

    // Assess
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const region of Object.keys(snapshot.regions)) expect(stdout).toContain(region);
    expect(stdout).toContain(
      `Subnets audited: ${report.summary.subnets} in ${report.regions.length} regions · Leaking subnets: ${report.summary.leakingSubnets}`,
    );
  });

  it('takes every path of the routing rules for some subnet', () => {
    // Act
    const seen = new Set<Path>();
    for (const subnet of report.subnets) {
      for (const verdict of Object.values(subnet.services)) seen.add(verdict.path);
    }

    // Assess: every routing path; `unknown` comes only from an incomplete snapshot, which the sample
    // is not, and the egress-only internet gateway only from IPv6 subnets, which it has none of yet
    expect([...seen].sort()).toEqual(
      PATHS.filter((path) => path !== 'unknown' && path !== 'egress-only-internet-gateway').sort(),
    );
  });

  it('gives non-exempt findings of every remediation kind and exempt ones', () => {
    // Act
    const kinds = new Set(report.findings.filter((f) => !f.exempt).map((f) => f.remediation));
    const exempt = report.findings.filter((f) => f.exempt);

    // Assess
    expect([...kinds].sort()).toEqual(['attach-to-existing-endpoint', 'create-endpoint', 'manual']);
    expect(exempt.length).toBeGreaterThan(0);
    expect(report.subnets.some((s) => s.exempt)).toBe(true);
  });

  it.each<[string, () => boolean]>([
    [
      'an exempt VPC',
      () => regionsOf(snapshot).some((r) => r.Vpcs.some((v) => isTaggedExempt(v.Tags))),
    ],
    [
      'an exempt route table',
      () => regionsOf(snapshot).some((r) => r.RouteTables.some((t) => isTaggedExempt(t.Tags))),
    ],
    [
      'an exempt subnet',
      () => regionsOf(snapshot).some((r) => r.Subnets.some((s) => isTaggedExempt(s.Tags))),
    ],
    [
      'a shared VPC owned by another account',
      () =>
        regionsOf(snapshot).some((r) =>
          r.Vpcs.some((v) => v.OwnerId !== undefined && v.OwnerId !== snapshot.accountId),
        ),
    ],
    [
      'a regional NAT gateway without SubnetId',
      () =>
        regionsOf(snapshot).some((r) =>
          r.NatGateways.some((n) => n.AvailabilityMode === 'regional' && n.SubnetId === undefined),
        ),
    ],
    [
      'a private NAT gateway',
      () =>
        regionsOf(snapshot).some((r) =>
          r.NatGateways.some((n) => n.ConnectivityType === 'private'),
        ),
    ],
    [
      'a NAT instance route by InstanceId and NetworkInterfaceId',
      () => routes.some((r) => r.InstanceId !== undefined && r.NetworkInterfaceId !== undefined),
    ],
    [
      'a NAT instance route by NetworkInterfaceId only',
      () => routes.some((r) => r.InstanceId === undefined && r.NetworkInterfaceId !== undefined),
    ],
    ['a transit gateway route', () => routes.some((r) => r.TransitGatewayId !== undefined)],
    ['a Cloud WAN core network route', () => routes.some((r) => r.CoreNetworkArn !== undefined)],
    [
      'a propagated virtual private gateway route',
      () =>
        routes.some(
          (r) => r.Origin === 'EnableVgwRoutePropagation' && r.GatewayId?.startsWith('vgw-'),
        ),
    ],
    ['a peering route', () => routes.some((r) => r.VpcPeeringConnectionId !== undefined)],
    [
      'a Gateway Load Balancer endpoint route',
      () =>
        regionsOf(snapshot).some((r) => {
          const gwlb = new Set(
            r.VpcEndpoints.filter((e) => e.VpcEndpointType === 'GatewayLoadBalancer').map(
              (e) => e.VpcEndpointId,
            ),
          );
          return r.RouteTables.some((t) => t.Routes.some((x) => gwlb.has(x.GatewayId ?? '')));
        }),
    ],
    ['a blackhole route', () => routes.some((r) => r.State === 'blackhole')],
    [
      'a gateway route table (edge association)',
      () =>
        regionsOf(snapshot).some((r) =>
          r.RouteTables.some((t) => t.Associations.some((a) => a.GatewayId !== undefined)),
        ),
    ],
    [
      'a subnet on its main table implicitly',
      () =>
        regionsOf(snapshot).some((r) => {
          const explicit = new Set(
            r.RouteTables.flatMap((t) => t.Associations.map((a) => a.SubnetId)),
          );
          return r.Subnets.some((s) => !explicit.has(s.SubnetId));
        }),
    ],
    [
      'a customer-managed prefix list referenced by a route',
      () =>
        regionsOf(snapshot).some((r) => {
          const custom = new Set(
            r.PrefixLists.filter((p) => !p.PrefixListName?.startsWith('com.amazonaws.')).map(
              (p) => p.PrefixListId,
            ),
          );
          return r.RouteTables.some((t) =>
            t.Routes.some((x) => custom.has(x.DestinationPrefixListId ?? '')),
          );
        }),
    ],
    [
      'S3 and DynamoDB gateway endpoints attached to only some tables of their VPC',
      () =>
        ['s3', 'dynamodb'].every((service) =>
          report.findings.some(
            (f) => f.service === service && f.remediation === 'attach-to-existing-endpoint',
          ),
        ),
    ],
    [
      'EC2 fields the rules do not read (ignored by validation)',
      () => rawRegions.some((r) => r.Subnets?.some((s) => 'SubnetArn' in s) === true),
    ],
  ])('holds %s', (_name, holds) => {
    // Act
    const result = holds();

    // Assess
    expect(result).toBe(true);
  });
});
