/** The offline audit shared by `audit --snapshot` and `remediate --snapshot`. */
import { auditOrganizationSnapshot } from '../accounts/audit-organization-snapshot';
import { analyzeSnapshot } from '../analysis/analyze';
import { withRollup } from '../analysis/rollup';
import { applyCostEstimate } from '../cost/apply-estimate';
import { estimateFromInputs } from '../cost/estimate-from-inputs';
import { withGivenMeasurements } from '../cost/merge-measurements';
import { UserInputError } from '../errors';
import { loadAnySnapshot, type ParseSnapshotOptions } from '../snapshot/load';
import type { MeasurementFile } from '../snapshot/cost-inputs';
import type { OrganizationSnapshot } from '../snapshot/organization-snapshot';
import type { Snapshot } from '../snapshot/schema';
import type { Report, ServiceName } from '../types';

/**
 * The offline audit of a multi-account snapshot.
 *
 * @throws UserInputError when `--regions` names a region no account of it holds
 */
function auditOrganizationSnapshotRegions(
  snapshot: OrganizationSnapshot,
  regions: 'all' | string[],
  services: ServiceName[],
): Report {
  const held = new Set(
    Object.values(snapshot.accounts).flatMap((account) => [
      ...Object.keys(account.regions),
      ...account.errors.map((error) => error.region),
    ]),
  );
  const missing = regions === 'all' ? [] : regions.filter((region) => !held.has(region));
  if (missing.length > 0) {
    throw new UserInputError(
      `--regions: ${missing.map((r) => `"${r}"`).join(', ')} not in any account of the snapshot (it has ${[...held].sort().join(', ') || 'no regions'})`,
    );
  }
  return auditOrganizationSnapshot(snapshot, {
    services,
    ...(regions !== 'all' ? { regions } : {}),
  });
}

/**
 * The report priced from the cost inputs the snapshot recorded (the same computation as the live
 * audit's, so the same dollars), or the report as it is when the snapshot recorded none.
 */
export function priced(report: Report, snapshot: Snapshot): Report {
  if (snapshot.cost === undefined) return report;
  return withRollup(applyCostEstimate(report, estimateFromInputs(report, snapshot.cost)));
}

/** The offline audit's options: the snapshot's parsing, and a measurement to price with. */
export interface SnapshotAuditOptions extends ParseSnapshotOptions {
  /** A measurement file (`--traffic`): its gateways are priced from it, as in the live audit. */
  traffic?: MeasurementFile;
}

/**
 * The snapshot with a measurement file laid over the cost inputs it recorded.
 *
 * @throws UserInputError (naming `--traffic`) when the snapshot recorded no cost inputs (no prices
 *   nor metrics to apply the measurement with) or the measurement is of another account
 */
function withTrafficOf(snapshot: Snapshot, file: string, traffic: MeasurementFile): Snapshot {
  if (snapshot.cost === undefined) {
    throw new UserInputError(
      `--traffic: the snapshot "${file}" recorded no cost inputs (it was taken with --no-cost or by hand), so there are no prices to apply the measurement with: take it again with \`vpce-auditor snapshot\`, or audit live with --traffic`,
    );
  }
  if (traffic.accountId !== undefined && traffic.accountId !== snapshot.accountId) {
    throw new UserInputError(
      `--traffic: the measurement is of account ${traffic.accountId}, the snapshot "${file}" of account ${snapshot.accountId}`,
    );
  }
  return { ...snapshot, cost: withGivenMeasurements(snapshot.cost, traffic.regions) };
}

/**
 * Loads a snapshot file (one account or many; a multi-account snapshot gives a multi-account report
 * and no `snapshot`, since remediation plans one account at a time) (`-`: standard input) and analyses the requested regions of it. The region
 * errors the snapshot recorded are in the report, as they were in the live audit.
 *
 * @param options - `copy: false` when the caller uses only the report (see `parseSnapshot`);
 *   `traffic`, a measurement that prices its gateways (see {@link SnapshotAuditOptions})
 * @throws UserInputError when the file is invalid, `--regions` names a region it does not hold, or
 *   the measurement cannot apply to it
 */
export async function auditSnapshotFileRegions(
  file: string,
  regions: 'all' | string[],
  services: ServiceName[],
  stdin?: AsyncIterable<Uint8Array | string>,
  options: SnapshotAuditOptions = {},
): Promise<{ snapshot?: Snapshot; report: Report }> {
  const { traffic, ...parsing } = options;
  const loaded = await loadAnySnapshot(file, stdin, parsing);
  if (loaded.kind === 'organization') {
    if (traffic !== undefined) {
      throw new UserInputError(
        `--traffic: the snapshot "${file}" holds several accounts; a measurement is of one account: audit a single-account snapshot with it`,
      );
    }
    return { report: auditOrganizationSnapshotRegions(loaded.snapshot, regions, services) };
  }
  const snapshot =
    traffic === undefined ? loaded.snapshot : withTrafficOf(loaded.snapshot, file, traffic);
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
  return { snapshot, report: priced(report, snapshot) };
}
