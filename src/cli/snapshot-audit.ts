/** The offline audit shared by `audit --snapshot` and `remediate --snapshot`. */
import { analyzeSnapshot } from '../analysis/analyze';
import { UserInputError } from '../errors';
import { loadSnapshot } from '../snapshot/load';
import type { Snapshot } from '../snapshot/schema';
import type { Report, ServiceName } from '../types';

/**
 * Loads a snapshot file (`-`: standard input) and analyses the requested regions of it. The region
 * errors the snapshot recorded are in the report, as they were in the live audit.
 *
 * @throws UserInputError when the file is invalid or `--regions` names a region it does not hold
 */
export async function auditSnapshotFileRegions(
  file: string,
  regions: 'all' | string[],
  services: ServiceName[],
  stdin?: AsyncIterable<Uint8Array | string>,
): Promise<{ snapshot: Snapshot; report: Report }> {
  const snapshot = await loadSnapshot(file, stdin);
  if (regions !== 'all') {
    const failed = new Set((snapshot.errors ?? []).map((error) => error.region));
    const missing = regions.filter(
      (region) => snapshot.regions[region] === undefined && !failed.has(region),
    );
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
