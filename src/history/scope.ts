/**
 * What a run covered, read from its report: the accounts, regions and services it audited, and the
 * places that failed. A comparison resolves a previous finding only where this run looked and did
 * not fail.
 */
import { SERVICES, type Report, type ServiceName } from '../types';

/** Where a previous finding stands in this run's scope. */
export type Coverage = 'audited' | 'failed' | 'not-audited' | 'account-exempt';

/** Errors that concern a whole account (it could not be entered) or the whole run. */
const ACCOUNT_OPERATIONS = new Set(['AssumeRole']);
const RUN_OPERATIONS = new Set(['ListAccounts']);

/** The services a report audited: recorded, else those its subnets carry, else every service. */
export function servicesOf(report: Report): ServiceName[] {
  if (report.services) return [...report.services];
  const seen = new Set<string>();
  for (const subnet of report.subnets)
    for (const key of Object.keys(subnet.services)) seen.add(key);
  const derived = SERVICES.filter((service) => seen.has(service));
  return derived.length > 0 ? derived : [...SERVICES];
}

/** The account a report entry belongs to: its own `accountId`, else the report's. */
export function accountOf(entry: { accountId?: string }, report: Report): string {
  return entry.accountId !== undefined && entry.accountId !== ''
    ? entry.accountId
    : report.accountId;
}

/**
 * Decides, for any account, region and service, whether this run audited it, failed there, or did not
 * look. A region error fails that region of its account (of every account when it names none); an
 * `AssumeRole` error or an account with status `failed` fails the whole account; a `ListAccounts`
 * error fails the run. Accounts of a multi-account report count as audited only with status
 * `audited`, and only in the regions listed for them.
 */
export function coverageOf(
  report: Report,
): (accountId: string, region: string, service: ServiceName) => Coverage {
  const services = new Set(servicesOf(report));
  const accounts = new Map<string, { status: string; regions: Set<string> }>(
    report.accounts
      ? report.accounts.map((account) => [
          account.accountId,
          { status: account.status, regions: new Set(account.regions) },
        ])
      : [[report.accountId, { status: 'audited', regions: new Set(report.regions) }]],
  );
  let runFailed = false;
  const failedAccounts = new Set<string>();
  const failedRegions = new Set<string>();
  for (const error of report.errors) {
    if (RUN_OPERATIONS.has(error.operation)) {
      runFailed = true;
      continue;
    }
    const account = error.accountId ?? '*';
    if (ACCOUNT_OPERATIONS.has(error.operation)) failedAccounts.add(account);
    else failedRegions.add(`${account}/${error.region}`);
  }
  return (accountId, region, service) => {
    const account = accounts.get(accountId);
    if (
      runFailed ||
      account?.status === 'failed' ||
      failedAccounts.has(accountId) ||
      failedAccounts.has('*') ||
      failedRegions.has(`${accountId}/${region}`) ||
      failedRegions.has(`*/${region}`)
    ) {
      return 'failed';
    }
    if (account?.status === 'exempt') return 'account-exempt';
    if (account?.status !== 'audited' || !account.regions.has(region) || !services.has(service)) {
      return 'not-audited';
    }
    return 'audited';
  };
}
