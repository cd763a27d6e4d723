/**
 * Where reports live in the report bucket. Every key is built here, so that writers (the audit, the
 * organization engine, remediation) and readers (history, the SNS pointer) agree:
 *
 * - `reports/<scope>/<yyyy>/<mm>/<dd>/<runId>.json`: one run's full report (scope: the account id,
 *   or the organization id of an organization-wide run), dated by the report's `generatedAt` (UTC);
 * - `reports/<scope>/latest.json`: the newest report of that scope (the previous run for history);
 * - `remediations/<scope>/<yyyy>/<mm>/<dd>/<runId>.json`: one remediation's full plan and results;
 * - `runs/<runId>/…`: the working files of an organization run (account list, per-account reports,
 *   map results), and `runs/<runId>/report.json` its merged report;
 * - `measurements/<account>/latest.json`: the newest scheduled measurement of the account's NAT
 *   gateways (the measure function writes it, the nightly audit prices with it);
 * - `latest/report.jsonl`: the newest merged organization report (organization reports are JSON
 *   Lines, `.jsonl`: `runs/<runId>/report.jsonl`, `reports/<org>/…/<runId>.jsonl`, `latest.jsonl`).
 */

import { VpceAuditorError } from '../errors';

/** The prefix of every report (the audit's write and read permissions are scoped to it). */
export const REPORTS_PREFIX = 'reports/';
/** The prefix of remediation results (the remediate function's write permission). */
export const REMEDIATIONS_PREFIX = 'remediations/';
/** The prefix of the scheduled measurements (the measure function's write, the audit's read). */
export const MEASUREMENTS_PREFIX = 'measurements/';
/** The prefix of an organization run's working files. */
export const RUNS_PREFIX = 'runs/';
/** The newest merged organization report, as one JSON document (written before JSON Lines). */
export const LATEST_RUN_REPORT_KEY = 'latest/report.json';
/** The newest merged organization report, as JSON Lines (docs/report.md). */
export const LATEST_RUN_REPORT_LINES_KEY = 'latest/report.jsonl';

/** The JSON Lines key beside a JSON key (`….json` → `….jsonl`). */
export function linesKeyOf(jsonKey: string): string {
  return jsonKey.replace(/\.json$/, '.jsonl');
}

/** An account id or organization id (`o-…`), or a run id: letters, digits, `-`, `_`, `.`. */
const KEY_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A key part that is not a safe path segment (empty, `/`, `..`, spaces…). */
export class InvalidKeyPartError extends VpceAuditorError {
  public override readonly name: string = 'InvalidKeyPartError';
  public constructor(what: string, value: string) {
    super(
      `${what}: ${JSON.stringify(value)} is not a valid report key part (letters, digits, . _ -)`,
    );
  }
}

function part(what: string, value: string): string {
  if (!KEY_PART.test(value) || value.includes('..')) throw new InvalidKeyPartError(what, value);
  return value;
}

/** `yyyy/mm/dd` of an ISO 8601 time, in UTC. */
function datePath(isoTime: string): string {
  const time = new Date(isoTime);
  if (Number.isNaN(time.getTime())) {
    throw new RangeError(`${JSON.stringify(isoTime)} is not an ISO 8601 time`);
  }
  const iso = time.toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
}

/**
 * A run id: the UTC time of the run, compact (`20261127T030000Z`), then a unique suffix (the Lambda
 * request id's first 8 characters, or any other). Sorting run ids sorts runs by time.
 */
export function runIdOf(isoTime: string, unique: string): string {
  const time = new Date(isoTime);
  if (Number.isNaN(time.getTime())) {
    throw new RangeError(`${JSON.stringify(isoTime)} is not an ISO 8601 time`);
  }
  const compact = time
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  const suffix = unique.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
  return suffix === '' ? compact : `${compact}-${suffix}`;
}

/** `reports/<scope>/<yyyy>/<mm>/<dd>/<runId>.json`. */
export function reportKey(scope: string, generatedAt: string, runId: string): string {
  return `${REPORTS_PREFIX}${part('scope', scope)}/${datePath(generatedAt)}/${part('runId', runId)}.json`;
}

/** `reports/<scope>/latest.json`. */
export function latestReportKey(scope: string): string {
  return `${REPORTS_PREFIX}${part('scope', scope)}/latest.json`;
}

/** `measurements/<scope>/latest.json`: the newest scheduled measurement of an account. */
export function latestMeasurementKey(scope: string): string {
  return `${MEASUREMENTS_PREFIX}${part('scope', scope)}/latest.json`;
}

/** `remediations/<scope>/<yyyy>/<mm>/<dd>/<runId>.json`. */
export function remediationKey(scope: string, generatedAt: string, runId: string): string {
  return `${REMEDIATIONS_PREFIX}${part('scope', scope)}/${datePath(generatedAt)}/${part('runId', runId)}.json`;
}

/** `runs/<runId>/<path…>`, e.g. `runKey(id, 'accounts.json')`, `runKey(id, 'accounts', '1111….json')`. */
export function runKey(runId: string, ...path: string[]): string {
  if (path.length === 0) throw new RangeError('runKey needs at least one path segment');
  const segments = path.map((segment, index) =>
    index === path.length - 1 ? part('file', segment) : part('folder', segment),
  );
  return `${RUNS_PREFIX}${part('runId', runId)}/${segments.join('/')}`;
}

/** `s3://<bucket>/<key>`. */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** The bucket and key of an `s3://bucket/key` URI. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match?.[1] || !match[2])
    throw new RangeError(`${JSON.stringify(uri)} is not an s3://bucket/key URI`);
  return { bucket: match[1], key: match[2] };
}
