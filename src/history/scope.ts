/**
 * What a run covered, read from its report: the accounts, regions and services it audited, and the
 * places that failed. A comparison resolves a previous finding only where this run looked and did
 * not fail.
 */
import { SERVICES, type Report, type ServiceName } from '../types';

/** The account fields of an organization report, read structurally (single-account reports have none). */
interface AccountEntry {
  accountId: string;
  status: string;
}

/** A report as the scope reads it: any report, with the organization fields when present. */
export type ScopedReport = Report & {
  accounts?: readonly AccountEntry[];
};

/** Where a previous finding stands in this run's scope. */
export type Coverage = 'audited' | 'failed' | 'not-audited' | 'account-exempt';

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
export function accountOf(entry: object, report: Report): string {
  const own = (entry as { accountId?: unknown }).accountId;
  return typeof own === 'string' && own !== '' ? own : report.accountId;
}

/**
 * Decides, for any account, region and service, whether this run audited it, failed there, or did not
 * look. A region error counts as a failure of that region in its account (of every account when the
 * error names none); an error without a region fails the whole account.
 */
export function coverageOf(
  report: ScopedReport,
): (accountId: string, region: string, service: ServiceName) => Coverage {
  const regions = new Set(report.regions);
  const services = new Set(servicesOf(report));
  const accounts = report.accounts
    ? new Map(report.accounts.map((account) => [account.accountId, account.status]))
    : new Map([[report.accountId, 'audited']]);
  const failedEverywhere = new Set<string>();
  const failedAccounts = new Set<string>();
  const failedRegions = new Set<string>();
  for (const error of report.errors) {
    const account = (error as { accountId?: unknown }).accountId;
    const region = typeof error.region === 'string' ? error.region : '';
    if (typeof account !== 'string' || account === '') {
      if (region === '') failedEverywhere.add('*');
      else failedEverywhere.add(region);
    } else if (region === '') failedAccounts.add(account);
    else failedRegions.add(`${account}/${region}`);
  }
  return (accountId, region, service) => {
    const status = accounts.get(accountId);
    if (status === 'failed') return 'failed';
    if (
      failedEverywhere.has('*') ||
      failedEverywhere.has(region) ||
      failedAccounts.has(accountId) ||
      failedRegions.has(`${accountId}/${region}`)
    ) {
      return 'failed';
    }
    if (status === 'exempt') return 'account-exempt';
    if (status !== 'audited' || !regions.has(region) || !services.has(service)) {
      return 'not-audited';
    }
    return 'audited';
  };
}
