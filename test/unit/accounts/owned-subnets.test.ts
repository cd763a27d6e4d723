/** A subnet shared through AWS RAM is counted once in an organization report: under its owner. */
import { auditOrganizationSnapshot } from '../../../src/accounts/audit-organization-snapshot';
import { ownedSubnetsOnly } from '../../../src/accounts/owned-subnets';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { organizationSnapshotSchemas } from '../../../src/snapshot/organization-snapshot';
import { snapshotSchemas, type SnapshotInput } from '../../../src/snapshot/schema';
import { GENERATED_AT, scenarioSnapshot } from '../../helpers/reports';

const OWNER = '111111111111';
const PARTICIPANT = '222222222222';

/** The NAT scenario as `viewer` sees it when `owner` owns its VPC (the scenario's own ids replaced). */
function seenBy(viewer: string, owner: string): SnapshotInput {
  const text = JSON.stringify(scenarioSnapshot('02')).replaceAll('111122223333', owner);
  return { ...(JSON.parse(text) as SnapshotInput), accountId: viewer };
}

function analyzed(snapshot: SnapshotInput) {
  return analyzeSnapshot(snapshotSchemas().SnapshotSchema.parse(snapshot), {
    generatedAt: GENERATED_AT,
  });
}

describe('a subnet shared through AWS RAM', () => {
  it('is marked with its owner in the participant report only', () => {
    // Act
    const own = analyzed(seenBy(OWNER, OWNER));
    const shared = analyzed(seenBy(PARTICIPANT, OWNER));

    // Assess
    expect(own.subnets.some((subnet) => 'ownerId' in subnet)).toBe(false);
    expect(shared.subnets.map((subnet) => subnet.ownerId)).toEqual(shared.subnets.map(() => OWNER));
  });

  it('is counted once in the organization report of a snapshot, under its owner', () => {
    // Prepare
    const account = (viewer: string) => ({
      accountId: viewer,
      regions: (seenBy(viewer, OWNER) as { regions: unknown }).regions,
    });
    const snapshot = organizationSnapshotSchemas().OrganizationSnapshotSchema.parse({
      schemaVersion: 1,
      accountId: OWNER,
      accounts: { [OWNER]: account(OWNER), [PARTICIPANT]: account(PARTICIPANT) },
    });
    const alone = analyzed(seenBy(OWNER, OWNER));

    // Act
    const report = auditOrganizationSnapshot(snapshot, {
      services: ['s3', 'dynamodb'],
      generatedAt: GENERATED_AT,
    });

    // Assess
    expect(report.summary.subnets).toBe(alone.summary.subnets);
    expect(report.summary.leakingSubnets).toBe(alone.summary.leakingSubnets);
    expect(report.findings).toHaveLength(alone.findings.length);
    expect(new Set(report.subnets.map((subnet) => subnet.accountId))).toEqual(new Set([OWNER]));
    expect(report.accounts?.find((a) => a.accountId === PARTICIPANT)?.summary).toMatchObject({
      subnets: 0,
      leakingSubnets: 0,
    });
  });

  it("keeps a finding's own subnets when only some of them are another account's", () => {
    // Prepare
    const report = analyzed(seenBy(OWNER, OWNER));
    const [finding] = report.findings.filter((f) => f.subnetIds.length > 0);
    if (!finding) throw new Error('the NAT scenario has a finding with subnets');
    const foreign = 'subnet-0ffffffffffffffff';
    const mixed = {
      ...report,
      subnets: [
        ...report.subnets,
        { ...report.subnets[0]!, subnetId: foreign, region: finding.region, ownerId: PARTICIPANT },
      ],
      findings: report.findings.map((f) =>
        f === finding
          ? { ...f, subnetIds: [...f.subnetIds, foreign], exemptSubnetIds: [foreign] }
          : f,
      ),
    };

    // Act
    const owned = ownedSubnetsOnly(mixed);

    // Assess
    expect(owned.subnets).toHaveLength(report.subnets.length);
    const kept = owned.findings.find((f) => f.id === finding.id);
    expect(kept?.subnetIds).toEqual(finding.subnetIds);
    expect(kept).not.toHaveProperty('exemptSubnetIds');
    expect(ownedSubnetsOnly(report)).toBe(report);
  });
});
