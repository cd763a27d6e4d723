/** The offline audit shared by `audit --snapshot` and `remediate --snapshot`. */
import { analyzeSnapshot } from '../analysis/analyze';
import { UserInputError } from '../errors';
import { loadSnapshot } from '../snapshot/load';
import type { Snapshot } from '../snapshot/schema';
import type { Report, ServiceName } from '../types';

/**
 * Loads a snapshot file and analyses the requested regions of it.
 *
 * @throws UserInputError when the file is invalid or `--regions` names a region it does not hold
 */
export async function auditSnapshotFileRegions(
  file: string,
  regions: 'all' | string[],
  services: ServiceName[],
): Promise<{ snapshot: Snapshot; report: Report }> {
  const snapshot = await loadSnapshot(file);
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
