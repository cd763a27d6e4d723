/** The offline audit shared by `audit --snapshot` and `remediate --snapshot`. */
import { auditOrganizationSnapshot } from '../accounts/audit-organization-snapshot';
import { analyzeSnapshot } from '../analysis/analyze';
import { UserInputError } from '../errors';
import { loadAnySnapshot } from '../snapshot/load';
import type { OrganizationSnapshot } from '../snapshot/organization-snapshot';
import type { Snapshot } from '../snapshot/schema';
import type { Report, ServiceName } from '../types';

function regionsOfOrganization(snapshot: OrganizationSnapshot): string[] {
  return [
    ...new Set(Object.values(snapshot.accounts).flatMap((account) => Object.keys(account.regions))),
  ].sort();
}

/**
 * Loads a snapshot file (one account, or many) and analyses the requested regions of it. A
 * multi-account snapshot gives a multi-account report; `snapshot` is then absent (remediation plans
 * one account at a time, from a live collection or a single-account snapshot).
 *
 * @throws UserInputError when the file is invalid or `--regions` names a region it does not hold
 */
export async function auditSnapshotFileRegions(
  file: string,
  regions: 'all' | string[],
  services: ServiceName[],
): Promise<{ snapshot?: Snapshot; report: Report }> {
  const loaded = await loadAnySnapshot(file);
  if (loaded.kind === 'organization') {
    const held = regionsOfOrganization(loaded.snapshot);
    const missing = regions === 'all' ? [] : regions.filter((region) => !held.includes(region));
    if (missing.length > 0) {
      throw new UserInputError(
        `--regions: ${missing.map((r) => `"${r}"`).join(', ')} not in any account of the snapshot (it has ${held.join(', ') || 'no regions'})`,
      );
    }
    const report = auditOrganizationSnapshot(loaded.snapshot, {
      services,
      ...(regions !== 'all' ? { regions } : {}),
    });
    return { report };
  }
  const snapshot = loaded.snapshot;
  if (regions !== 'all') {
    const missing = regions.filter((region) => snapshot.regions[region] === undefined);
    if (missing.length > 0) {
      throw new UserInputError(
        `--regions: ${missing.map((r) => `"${r}"`).join(', ')} not in the snapshot (it has ${Object.keys(snapshot.regions).join(', ') || 'no regions'})`,
      );
    }
  }
  const report = analyzeSnapshot(snapshot, {
    services,
    ...(regions !== 'all' ? { regions } : {}),
  });
  return { snapshot, report };
}
