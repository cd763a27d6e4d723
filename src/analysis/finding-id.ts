/**
 * The identity of a finding: `<accountId>/<region>/<routeTableId>/<service>`. A finding is one leaking
 * route table and service, so these four fields name it on every run; the path, the targets, the
 * subnets and the order of anything else may change from one night to the next without making it a
 * different finding. Security Hub uses the same string as the finding's `Id`.
 */
import type { ServiceName } from '../types';

/** The fields a finding id is made of. */
export interface FindingKey {
  accountId: string;
  region: string;
  routeTableId: string;
  service: ServiceName;
}

/** The stable id of the finding of one account, region, route table and service. */
export function findingIdOf(key: FindingKey): string {
  return `${key.accountId}/${key.region}/${key.routeTableId}/${key.service}`;
}
