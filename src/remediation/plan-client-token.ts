/**
 * The deterministic `ClientToken` of a `CreateVpcEndpoint`: the same request gets the same token, so
 * a retried or re-run create returns the endpoint already made instead of a second one.
 */
import { createHash } from 'node:crypto';
import type { ServiceName } from '../types';

/** Everything that makes a create request what it is. */
export interface ClientTokenInput {
  accountId: string;
  region: string;
  vpcId: string;
  service: ServiceName;
  routeTableIds: readonly string[];
  policyDocument?: string;
}

/** The token prefix, so a token found in CloudTrail says who made it. */
export const CLIENT_TOKEN_PREFIX = 'vpce-auditor-';

/**
 * `vpce-auditor-` + 40 hex characters of a SHA-256 over the inputs (route tables sorted): 53 ASCII
 * characters, within the API's 64. Different tables or policy → a different token.
 */
export function clientTokenOf(input: ClientTokenInput): string {
  const canonical = JSON.stringify([
    'v1',
    input.accountId,
    input.region,
    input.vpcId,
    input.service,
    [...input.routeTableIds].sort(),
    input.policyDocument ?? null,
  ]);
  return CLIENT_TOKEN_PREFIX + createHash('sha256').update(canonical).digest('hex').slice(0, 40);
}
