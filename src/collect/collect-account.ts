/**
 * The live collection of an account: the account id and the enabled regions first (one round trip,
 * both calls at once), then every region concurrently (bounded). A region that fails becomes an entry
 * of `errors` and the others are still collected; no credentials or a failing STS is fatal.
 */
import {
  awsErrorMessage,
  classifyAwsError,
  isMissingCredentialsError,
  regionErrorOf,
} from '../aws-errors';
import { UserInputError } from '../errors';
import type { RegionSnapshot, Snapshot } from '../snapshot/schema';
import type { RegionError } from '../types';
import { callerAccountId, enabledRegions } from './account';
import type { AwsClientFactory } from './client-factory';
import { AccountAccessError, CollectCallError, UnknownRegionError } from './collect-errors';
import { collectRegion } from './collect-region';
import { mapWithConcurrency } from './concurrency';
import { beforeDeadline } from './deadline';
import { hooksFor, type CollectProgress } from './progress-hooks';
import type { ServicePrefixListCache } from './service-prefix-list-cache';

import { DEFAULT_REGION_CONCURRENCY } from './call-limit';

export { DEFAULT_REGION_CONCURRENCY };

/** Options of {@link collectAccount}. */
export interface CollectOptions {
  /** `all` (every enabled region) or region names, each checked against the enabled regions. */
  regions: 'all' | string[];
  clients: AwsClientFactory;
  /** Regions collected at once (default {@link DEFAULT_REGION_CONCURRENCY}). */
  concurrency?: number;
  /** Only these VPCs in each region (remediation re-collects the VPCs it touched). */
  vpcIds?: string[];
  /**
   * The account the clients sign for, when the caller already knows it (a multi-account run: the
   * member role's ARN names it, the caller's own identity was read once): no `GetCallerIdentity`.
   */
  accountId?: string;
  progress?: CollectProgress;
  /**
   * Epoch ms after which no region is started and regions still collecting are reported as
   * `DeadlineExceeded` errors (the Lambda sets it about a minute before its timeout).
   */
  deadline?: number;
  /**
   * The run's shared reads of the services' AWS-managed prefix lists: a multi-account run reads
   * each region's lists once, not once per account.
   */
  servicePrefixLists?: ServicePrefixListCache;
}

/** What {@link collectAccount} returns. */
export interface CollectResult {
  /** The regions collected successfully. */
  snapshot: Snapshot;
  /** One entry per region that failed. */
  errors: RegionError[];
  /** Every region attempted, sorted. */
  regions: string[];
}

function fatalError(what: string, error: unknown): AccountAccessError {
  if (error instanceof AccountAccessError) return error;
  const cause = error instanceof CollectCallError ? error.cause : error;
  if (isMissingCredentialsError(cause)) {
    return new AccountAccessError(
      `no AWS credentials found (${awsErrorMessage(cause)}); provide them through the standard SDK chain: AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      { cause },
    );
  }
  const { code, message } = classifyAwsError(cause);
  return new AccountAccessError(`${what} failed: ${code}: ${message}`, { cause });
}

/** The error entry of a failed region: the failed operation, the SDK error's code and message. */
export function regionErrorFrom(region: string, error: unknown): RegionError {
  const operation = error instanceof CollectCallError ? error.operation : 'collect';
  const cause = error instanceof CollectCallError ? error.cause : error;
  return regionErrorOf(region, operation, cause);
}

function selectRegions(requested: 'all' | string[], enabled: readonly string[]): string[] {
  if (requested === 'all') return [...enabled];
  const unknown = requested.filter((region) => !enabled.includes(region));
  if (unknown.length > 0) throw new UnknownRegionError(unknown, enabled);
  return [...new Set(requested)].sort();
}

/**
 * Collects the account.
 *
 * @throws UnknownRegionError (a UserInputError) when a requested region is not enabled: nothing collected
 * @throws AccountAccessError when there are no credentials, or STS or `DescribeRegions` fails
 */
export async function collectAccount(options: CollectOptions): Promise<CollectResult> {
  const concurrency = options.concurrency ?? DEFAULT_REGION_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UserInputError(`concurrency: ${String(concurrency)} is not a positive integer`);
  }
  const { clients, progress } = options;
  const collectedAt = new Date().toISOString();
  let homeRegion: string;
  try {
    // The factory's own answer when it has one: the STS client is then built only if it is used.
    homeRegion = await (clients.homeRegion?.() ?? clients.sts().config.region());
  } catch (error) {
    throw new AccountAccessError(`no AWS region: ${awsErrorMessage(error)}`, { cause: error });
  }
  const hooks = hooksFor(homeRegion, progress);
  const [identity, listed] = await Promise.allSettled([
    options.accountId ?? callerAccountId(clients.sts(), hooks),
    enabledRegions(clients.ec2(homeRegion), hooks),
  ]);
  if (identity.status === 'rejected') throw fatalError('STS GetCallerIdentity', identity.reason);
  if (listed.status === 'rejected') {
    throw fatalError(`EC2 DescribeRegions in ${homeRegion}`, listed.reason);
  }
  const regions = selectRegions(options.regions, listed.value);
  progress?.regionsSelected?.(regions);

  const outcomes = await mapWithConcurrency(regions, concurrency, async (region) => {
    try {
      const snapshot = await beforeDeadline(options.deadline, `region ${region}`, () =>
        collectRegion(clients.ec2(region), region, {
          ...(options.vpcIds ? { vpcIds: options.vpcIds } : {}),
          ...(options.servicePrefixLists ? { servicePrefixLists: options.servicePrefixLists } : {}),
          ...hooksFor(region, progress),
        }),
      );
      progress?.regionFinished?.(region);
      return { region, snapshot };
    } catch (error) {
      const entry = regionErrorFrom(region, error);
      progress?.regionFinished?.(region, entry);
      return { region, error: entry };
    }
  });

  const collected: Record<string, RegionSnapshot> = {};
  const errors: RegionError[] = [];
  for (const outcome of outcomes) {
    if (outcome.snapshot) collected[outcome.region] = outcome.snapshot;
    if (outcome.error) errors.push(outcome.error);
  }
  return {
    snapshot: { schemaVersion: 1, accountId: identity.value, collectedAt, regions: collected },
    errors,
    regions,
  };
}
