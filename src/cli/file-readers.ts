/**
 * The CLI's readers of files that a schema checks: snapshots, saved reports and measurement files.
 * Only {@link ./file-seam} imports this module, dynamically, so that the schema library behind them
 * is loaded by the commands that read such a file and by no other.
 */
export { loadReport } from '../history/report-file';
export { loadMeasurementFile } from './measurement-file';
export { auditSnapshotFileRegions } from './snapshot-audit';
