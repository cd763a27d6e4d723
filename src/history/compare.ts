/**
 * Finding history: this run's report against the previous one (pure). Each non-exempt finding becomes
 * `new` or `persisting` with the `firstSeen` of its first report; previous findings that are gone are
 * `resolved` with why (`fixed`, `exempted`, `gone`) — but only where this run audited and did not
 * fail. Previous findings in a failed or unaudited account, region or service are `carried`: a
 * failure is not a fix, and their history survives until that place is audited again.
 */
import { findingIdOf } from '../analysis/finding-id';
import { natGatewaysOf } from '../cost/leaking-nat-gateways';
import type {
  CarriedFinding,
  ChangeCount,
  Finding,
  HistorySummary,
  Report,
  ResolvedFinding,
  SubnetReport,
} from '../types';
import { accountOf, coverageOf } from './scope';

/** The id of a finding from its fields (a report written with an older id form still matches). */
function idOf(finding: Finding, report: Report): string {
  return findingIdOf({ ...finding, accountId: accountOf(finding, report) });
}

function withoutHistory<T extends Finding>(finding: T): Omit<T, 'status' | 'firstSeen'> {
  const copy: Partial<T> = { ...finding };
  delete copy.status;
  delete copy.firstSeen;
  return copy as Omit<T, 'status' | 'firstSeen'>;
}

function withoutStatus(finding: Finding): Omit<Finding, 'status'> {
  const copy: Finding = { ...finding };
  delete copy.status;
  return copy;
}

/** Previous findings that can still be resolved or persist: non-exempt findings, then carried ones. */
function trackedOf(previous: Report): Map<string, Finding> {
  const tracked = new Map<string, Finding>();
  for (const finding of previous.findings) {
    if (finding.exempt) continue;
    const accountId = accountOf(finding, previous);
    tracked.set(idOf(finding, previous), {
      ...finding,
      accountId,
      id: idOf(finding, previous),
      firstSeen: finding.firstSeen ?? previous.generatedAt,
    });
  }
  for (const carried of previous.carried ?? []) {
    const id = idOf(carried, previous);
    if (tracked.has(id)) continue;
    const finding: Finding & { carriedBecause?: string } = { ...carried };
    delete finding.carriedBecause;
    tracked.set(id, {
      ...finding,
      accountId: accountOf(carried, previous),
      id,
      firstSeen: finding.firstSeen ?? previous.generatedAt,
    });
  }
  return tracked;
}

/** The subnets of this run that use a route table, by `<accountId>/<region>/<routeTableId>`. */
function subnetsByTable(report: Report): Map<string, SubnetReport[]> {
  const byTable = new Map<string, SubnetReport[]>();
  for (const subnet of report.subnets) {
    if (subnet.routeTableId === null) continue;
    const key = `${accountOf(subnet, report)}/${subnet.region}/${subnet.routeTableId}`;
    const list = byTable.get(key);
    if (list) list.push(subnet);
    else byTable.set(key, [subnet]);
  }
  return byTable;
}

/** What the NAT gateways of some findings cost a month, each gateway once (from a report's cost lines). */
function countOf(findings: readonly Finding[], costSource: Report): ChangeCount {
  const cost = costSource.summary.cost;
  if (!cost) return { findings: findings.length };
  const perGateway = new Map(
    cost.gateways.map((line) => [`${line.region}/${line.natGatewayId}`, line.estimatedMonthlyUsd]),
  );
  const counted = new Map<string, number>();
  for (const finding of findings) {
    for (const id of natGatewaysOf(finding)) {
      const key = `${finding.region}/${id}`;
      const value = perGateway.get(key);
      if (value !== undefined) counted.set(key, value);
    }
  }
  const total = [...counted.values()].reduce((sum, value) => sum + value, 0);
  return { findings: findings.length, estimatedMonthlyUsd: Math.round(total * 100) / 100 };
}

/**
 * Returns `current` with its history against `previous` (absent on a first run: every leak is new).
 * The input reports are not changed. Exempt findings carry no status: they are not leaks.
 *
 * Invariants: the `new` and `persisting` findings are exactly the non-exempt findings of `current`;
 * no resolved id is among them; nothing is resolved in an account or region that has an error in
 * `current`, nor outside its accounts, regions and services.
 */
export function withHistory(current: Report, previous: Report | undefined): Report {
  const tracked = previous ? trackedOf(previous) : new Map<string, Finding>();
  const coverage = coverageOf(current);
  const currentIds = new Map(current.findings.map((f) => [idOf(f, current), f] as const));
  const tables = subnetsByTable(current);

  const resolved: ResolvedFinding[] = [];
  const carried: CarriedFinding[] = [];
  const persisting = new Map<string, Finding>();
  for (const [id, before] of tracked) {
    const now = currentIds.get(id);
    if (now && !now.exempt) {
      persisting.set(id, before);
      continue;
    }
    const place = coverage(before.accountId, before.region, before.service);
    if (place === 'failed' || place === 'not-audited') {
      carried.push({ ...withoutStatus(before), carriedBecause: place });
      continue;
    }
    const base = { ...withoutStatus(before), resolvedAt: current.generatedAt };
    if (place === 'account-exempt' || now?.exempt) {
      resolved.push({ ...base, why: 'exempted' });
      continue;
    }
    const subnets = tables.get(`${before.accountId}/${before.region}/${before.routeTableId}`) ?? [];
    if (subnets.length === 0) {
      resolved.push({ ...base, why: 'gone' });
    } else if (subnets.every((subnet) => subnet.exempt)) {
      resolved.push({ ...base, why: 'exempted' });
    } else {
      const pathNow = subnets.find((s) => !s.exempt)?.services[before.service]?.path;
      resolved.push({ ...base, why: 'fixed', ...(pathNow ? { pathNow } : {}) });
    }
  }

  const findings = current.findings.map((finding): Finding => {
    const plain = withoutHistory(finding);
    if (finding.exempt) return plain;
    const before = persisting.get(idOf(finding, current));
    return before
      ? { ...plain, status: 'persisting', firstSeen: before.firstSeen ?? current.generatedAt }
      : { ...plain, status: 'new', firstSeen: current.generatedAt };
  });
  const leaks = findings.filter((finding) => !finding.exempt);
  const history: HistorySummary = {
    since: previous ? previous.generatedAt : null,
    new: countOf(
      leaks.filter((f) => f.status === 'new'),
      current,
    ),
    persisting: countOf(
      leaks.filter((f) => f.status === 'persisting'),
      current,
    ),
    resolved: previous ? countOf(resolved, previous) : { findings: 0 },
    carried: carried.length,
  };
  return {
    ...current,
    summary: { ...current.summary, history },
    findings,
    resolved,
    carried,
  };
}
