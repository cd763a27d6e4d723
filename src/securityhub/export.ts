/**
 * Security Hub export: imports a report's leaks into each finding's own account and region
 * (`BatchImportFindings`, the account's custom product), and archives the findings of ours that the
 * report no longer has (re-imported with `Compliance.Status` PASSED and `RecordState` ARCHIVED).
 *
 * Safety: a finding is archived only when its `ProductArn` is this account's own product in this
 * region, its `GeneratorId` one of ours, its `AwsAccountId` and `Region` the place's — checked here
 * even though `GetFindings` is asked for exactly that — and only where this run audited the
 * finding's account, region and service without an error: a failure is not a fix. Security Hub not
 * enabled (or not allowed) in a place is an export error for that place; the audit stands.
 * Calls are spaced per place (10 imports, 3 reads a second) and retried on throttling.
 */
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { classifyAwsError } from '../aws-errors';
import { mapWithConcurrency } from '../collect/concurrency';
import { coverageOf, servicesOf } from '../history/scope';
import type { Report, ServiceName } from '../types';
import {
  GENERATOR_IDS,
  GENERATOR_PREFIX,
  archivedVersionOf,
  generatorIdOf,
  productArnOf,
  toAsffFinding,
} from './asff';
import { importBatches } from './batches';
import { Pacer, SYSTEM_CLOCK, type PacerClock } from './pacer';

/**
 * The Security Hub client of an account and region: the caller's own credentials for its account,
 * a member role's for the others (organization mode). May throw (credentials unavailable): that
 * place then has an export error.
 */
export type SecurityHubClientProvider = (
  accountId: string,
  region: string,
) => SecurityHubClient | Promise<SecurityHubClient>;

/** Options of {@link exportToSecurityHub}. */
export interface SecurityHubExportOptions {
  /** Places (account + region) worked on at once (default 8). */
  concurrency?: number;
  /** Attempts per call, the first included, retrying throttling with backoff (default 6). */
  maxAttempts?: number;
  /** Clock and sleep for pacing and backoff (default: the real ones). */
  clock?: PacerClock;
  /** `UpdatedAt` of the archived findings (default: the report's `generatedAt`). */
  archivedAt?: string;
}

/** A place where Security Hub could not be used. */
export interface SecurityHubExportError {
  accountId: string;
  region: string;
  operation: 'GetFindings' | 'BatchImportFindings' | 'Credentials';
  code: string;
  message: string;
  /** `not-enabled`: Security Hub is off (or not subscribed) there; otherwise the error's kind. */
  kind: 'not-enabled' | 'access-denied' | 'throttling' | 'timeout' | 'other';
}

/** A finding Security Hub refused (`FailedFindings`). */
export interface FailedSecurityHubFinding {
  accountId: string;
  region: string;
  id: string;
  code: string;
  message: string;
}

/** What the export did. */
export interface SecurityHubExport {
  /** Leaks imported (created or updated) as FAILED / ACTIVE. */
  imported: number;
  /** Findings of ours archived as PASSED / ARCHIVED. */
  archived: number;
  /** Places (account + region) worked on. */
  places: number;
  /** Places where nothing was archived because this run failed there or did not audit them. */
  archiveSkipped: { accountId: string; region: string; why: 'failed' | 'not-audited' }[];
  failedFindings: FailedSecurityHubFinding[];
  errors: SecurityHubExportError[];
}

/** Security Hub's answer when it is not enabled for the account in that region. */
const NOT_ENABLED_CODES = new Set(['InvalidAccessException']);

/** Raised inside a place to stop it; becomes its export error. */
class PlaceFailure extends Error {
  public constructor(public readonly detail: SecurityHubExportError) {
    super(detail.message);
  }
}

function exportErrorOf(
  accountId: string,
  region: string,
  operation: SecurityHubExportError['operation'],
  error: unknown,
): SecurityHubExportError {
  const { kind, code, message } = classifyAwsError(error);
  const mapped: SecurityHubExportError['kind'] = NOT_ENABLED_CODES.has(code)
    ? 'not-enabled'
    : kind === 'access-denied' || kind === 'throttling' || kind === 'timeout'
      ? kind
      : 'other';
  return { accountId, region, operation, code, message, kind: mapped };
}

interface Place {
  accountId: string;
  region: string;
  /** Our current leaks there, as ASFF. */
  findings: AwsSecurityFinding[];
  /** The services whose findings may be archived there (empty: archive nothing). */
  archivable: Set<ServiceName>;
  skipped?: 'failed' | 'not-audited';
}

/** Every account and region the report imports into or may archive in. */
function placesOf(report: Report): Place[] {
  const coverage = coverageOf(report);
  const services = servicesOf(report);
  const places = new Map<string, Place>();
  const placeOf = (accountId: string, region: string): Place => {
    const key = `${accountId}/${region}`;
    let place = places.get(key);
    if (!place) {
      const archivable = new Set(
        services.filter((service) => coverage(accountId, region, service) === 'audited'),
      );
      const first = services[0];
      const why = first === undefined ? 'not-audited' : coverage(accountId, region, first);
      place = {
        accountId,
        region,
        findings: [],
        archivable,
        ...(archivable.size === 0
          ? { skipped: why === 'failed' ? ('failed' as const) : ('not-audited' as const) }
          : {}),
      };
      places.set(key, place);
    }
    return place;
  };
  const accounts = report.accounts
    ? report.accounts.map((account) => ({ accountId: account.accountId, regions: account.regions }))
    : [{ accountId: report.accountId, regions: report.regions }];
  for (const account of accounts) {
    for (const region of account.regions) placeOf(account.accountId, region);
  }
  for (const finding of report.findings) {
    if (finding.exempt) continue;
    placeOf(finding.accountId, finding.region).findings.push(
      toAsffFinding(finding, report.generatedAt),
    );
  }
  return [...places.values()].sort(
    (a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region),
  );
}

/** Calls `send` after the pacer, retrying throttling with exponential backoff. */
async function paced<T>(
  pacer: Pacer,
  clock: PacerClock,
  maxAttempts: number,
  send: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    await pacer.wait();
    try {
      return await send();
    } catch (error) {
      if (attempt >= maxAttempts || classifyAwsError(error).kind !== 'throttling') throw error;
      await clock.sleep(Math.min(10_000, 250 * 2 ** (attempt - 1)));
    }
  }
}

/** True when a finding Security Hub returned is one vpce-auditor may archive in this place. */
export function isOurs(
  found: AwsSecurityFinding,
  accountId: string,
  region: string,
): found is AwsSecurityFinding & { Id: string; GeneratorId: string } {
  return (
    found.ProductArn === productArnOf(accountId, region) &&
    typeof found.GeneratorId === 'string' &&
    GENERATOR_IDS.has(found.GeneratorId) &&
    found.AwsAccountId === accountId &&
    (found.Region === undefined || found.Region === region) &&
    typeof found.Id === 'string' &&
    found.RecordState === 'ACTIVE'
  );
}

/** Our ACTIVE findings in a place, every page. */
async function activeFindingsOf(
  client: SecurityHubClient,
  place: Place,
  call: <T>(send: () => Promise<T>) => Promise<T>,
): Promise<AwsSecurityFinding[]> {
  const { accountId, region } = place;
  const found: AwsSecurityFinding[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await call(() =>
      client.send(
        new GetFindingsCommand({
          Filters: {
            ProductArn: [{ Value: productArnOf(accountId, region), Comparison: 'EQUALS' }],
            GeneratorId: [{ Value: GENERATOR_PREFIX, Comparison: 'PREFIX' }],
            AwsAccountId: [{ Value: accountId, Comparison: 'EQUALS' }],
            Region: [{ Value: region, Comparison: 'EQUALS' }],
            RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
          },
          MaxResults: 100,
          ...(token !== undefined ? { NextToken: token } : {}),
        }),
      ),
    );
    found.push(...(page.Findings ?? []));
    nextToken = page.NextToken !== undefined && page.NextToken !== '' ? page.NextToken : undefined;
    // A token seen before would loop forever: stop there.
    if (nextToken !== undefined) {
      if (seen.has(nextToken)) nextToken = undefined;
      else seen.add(nextToken);
    }
  } while (nextToken !== undefined);
  return found;
}

interface PlaceResult {
  imported: number;
  archived: number;
  failedFindings: FailedSecurityHubFinding[];
  error?: SecurityHubExportError;
}

async function exportPlace(
  place: Place,
  clientOf: SecurityHubClientProvider,
  options: Required<Pick<SecurityHubExportOptions, 'maxAttempts' | 'clock'>> & {
    archivedAt: string;
  },
): Promise<PlaceResult> {
  const { accountId, region } = place;
  const result: PlaceResult = { imported: 0, archived: 0, failedFindings: [] };
  if (place.findings.length === 0 && place.archivable.size === 0) return result;
  let client: SecurityHubClient;
  try {
    client = await clientOf(accountId, region);
  } catch (error) {
    return { ...result, error: exportErrorOf(accountId, region, 'Credentials', error) };
  }
  const importPacer = new Pacer(100, options.clock);
  const readPacer = new Pacer(334, options.clock);
  const read = <T>(send: () => Promise<T>) =>
    paced(readPacer, options.clock, options.maxAttempts, send);
  const write = <T>(send: () => Promise<T>) =>
    paced(importPacer, options.clock, options.maxAttempts, send);
  try {
    let toArchive: AwsSecurityFinding[] = [];
    if (place.archivable.size > 0) {
      const current = new Set(place.findings.map((finding) => finding.Id));
      const archivableGenerators = new Set([...place.archivable].map(generatorIdOf));
      let active: AwsSecurityFinding[];
      try {
        active = await activeFindingsOf(client, place, read);
      } catch (error) {
        throw new PlaceFailure(exportErrorOf(accountId, region, 'GetFindings', error));
      }
      toArchive = active
        .filter((found) => isOurs(found, accountId, region))
        .filter((found) => archivableGenerators.has(found.GeneratorId ?? ''))
        .filter((found) => !current.has(found.Id))
        .map((found) => archivedVersionOf(found, options.archivedAt));
    }
    const archiving = new Set(toArchive.map((finding) => finding.Id));
    for (const batch of importBatches([...place.findings, ...toArchive])) {
      let response;
      try {
        response = await write(() =>
          client.send(new BatchImportFindingsCommand({ Findings: batch })),
        );
      } catch (error) {
        throw new PlaceFailure(exportErrorOf(accountId, region, 'BatchImportFindings', error));
      }
      const failed = new Set<string>();
      for (const refused of response.FailedFindings ?? []) {
        failed.add(refused.Id ?? '');
        result.failedFindings.push({
          accountId,
          region,
          id: refused.Id ?? '',
          code: refused.ErrorCode ?? 'Unknown',
          message: refused.ErrorMessage ?? '',
        });
      }
      for (const finding of batch) {
        if (failed.has(finding.Id ?? '')) continue;
        if (archiving.has(finding.Id)) result.archived += 1;
        else result.imported += 1;
      }
    }
  } catch (error) {
    if (error instanceof PlaceFailure) return { ...result, error: error.detail };
    throw error;
  }
  return result;
}

/**
 * Imports the report's leaks into Security Hub and archives ours that are gone. Never throws for an
 * AWS failure: each place that fails is an entry of `errors`, the others go on.
 */
export async function exportToSecurityHub(
  report: Report,
  clientOf: SecurityHubClientProvider,
  options: SecurityHubExportOptions = {},
): Promise<SecurityHubExport> {
  const places = placesOf(report);
  const settings = {
    maxAttempts: Math.max(1, options.maxAttempts ?? 6),
    clock: options.clock ?? SYSTEM_CLOCK,
    archivedAt: options.archivedAt ?? report.generatedAt,
  };
  const results = await mapWithConcurrency(places, Math.max(1, options.concurrency ?? 8), (place) =>
    exportPlace(place, clientOf, settings),
  );
  return {
    imported: results.reduce((sum, r) => sum + r.imported, 0),
    archived: results.reduce((sum, r) => sum + r.archived, 0),
    places: places.filter((place) => place.findings.length > 0 || place.archivable.size > 0).length,
    archiveSkipped: places.flatMap((place) =>
      place.skipped
        ? [{ accountId: place.accountId, region: place.region, why: place.skipped }]
        : [],
    ),
    failedFindings: results.flatMap((r) => r.failedFindings),
    errors: results.flatMap((r) => (r.error ? [r.error] : [])),
  };
}
