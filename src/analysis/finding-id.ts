/**
 * The identity of a finding: `<accountId>/<region>/<routeTableId>/<service>`. A finding is one leaking
 * route table and service, so these four fields name it on every run; the path, the targets, the
 * subnets and the order of anything else may change from one night to the next without making it a
 * different finding. Security Hub uses the same string as the finding's `Id`.
 */
import type { Family, ServiceName } from '../types';

/** The fields a finding id is made of. */
export interface FindingKey {
  accountId: string;
  region: string;
  routeTableId: string;
  service: ServiceName;
  /** The address family (absent or `ipv4`: the id has no suffix, as before families existed). */
  family?: Family | undefined;
}

/**
 * The stable id of the finding of one account, region, route table, service and address family:
 * `<accountId>/<region>/<routeTableId>/<service>` for `ipv4`, with `/<family>` after it for the
 * others.
 */
export function findingIdOf(key: FindingKey): string {
  const parts = [key.accountId, key.region, key.routeTableId, key.service];
  if (key.family !== undefined && key.family !== 'ipv4') parts.push(key.family);
  // Joined rather than concatenated: one flat string, not a tree of its pieces (every finding keeps
  // its id, and a large estate has tens of thousands).
  return parts.join('/');
}
