/**
 * A measurement's run id and the measurement file it writes (what `audit --traffic FILE` and the
 * nightly audit read). No AWS SDK here: the offline commands load it with the CLI.
 */
import { randomBytes } from 'node:crypto';
import type { MeasurementFile } from '../snapshot/cost-inputs';
import type { MeasureRunResult } from './measure-run';

/** A new run's id: its UTC time and a random suffix (`20261207T1402Z-3f9a1c`). */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 13);
  return `${stamp}Z-${randomBytes(3).toString('hex')}`;
}

/** The measurement file of a finished run (what `audit --traffic FILE` and the nightly audit read). */
export function measurementFileOf(
  accountId: string,
  result: MeasureRunResult,
  takenAt: Date,
): MeasurementFile {
  return {
    schemaVersion: 1,
    kind: 'vpce-auditor-measurement',
    accountId,
    takenAt: takenAt.toISOString(),
    regions: result.measurements,
  };
}
