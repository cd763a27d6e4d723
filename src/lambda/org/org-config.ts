/**
 * The settings of the organization functions, from their environment: the report bucket (required:
 * the account list, the account reports and the merged report live there), the member role, and
 * which accounts (`ORGANIZATIONAL_UNITS`, `EXCLUDE_ACCOUNTS`), and whether the metrics carry one
 * series per account (`ACCOUNT_METRICS`). A bad value is a
 * {@link ConfigurationError} naming the variable and the value.
 */
import {
  parseAccountIds,
  parseExternalId,
  parseParentIds,
  parseRoleName,
} from '../../accounts/account-ids';
import {
  DEFAULT_MEMBER_ROLE_NAME,
  type MemberRoleSettings,
} from '../../accounts/member-credentials';
import type { AccountScope } from '../../accounts/select-accounts';
import { ConfigurationError, UserInputError } from '../../errors';
import { parseBoolean } from '../../options/parsers';

/** The validated settings of the organization functions. */
export interface OrganizationConfig {
  /** `REPORT_BUCKET`. */
  reportBucket: string;
  /** `MEMBER_ROLE_NAME` (default `vpce-auditor-member`) and `EXTERNAL_ID`. */
  member: MemberRoleSettings;
  /** `ORGANIZATIONAL_UNITS` (empty: the whole organization) and `EXCLUDE_ACCOUNTS`. */
  scope: AccountScope;
  /**
   * `ACCOUNT_METRICS` (default `true`): `LeakingSubnets` and `EstimatedMonthlyUsd` per `AccountId`
   * beside the totals. Each is a custom metric of its own ($0.30 a month): `false` keeps the totals.
   */
  accountMetrics: boolean;
}

function set(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UserInputError) {
      throw new ConfigurationError(error.message, { cause: error });
    }
    throw error;
  }
}

/**
 * Reads the organization settings.
 *
 * @throws ConfigurationError naming the variable and its value
 */
export function parseOrganizationConfig(env: NodeJS.ProcessEnv): OrganizationConfig {
  const bucket = set(env.REPORT_BUCKET);
  if (bucket === undefined) {
    throw new ConfigurationError(
      'REPORT_BUCKET: is empty; the organization functions keep the account list and reports in the report bucket',
    );
  }
  const units = set(env.ORGANIZATIONAL_UNITS);
  const exclude = set(env.EXCLUDE_ACCOUNTS);
  const externalId = set(env.EXTERNAL_ID);
  const accountMetrics = set(env.ACCOUNT_METRICS);
  return parsed(() => ({
    reportBucket: bucket,
    accountMetrics:
      accountMetrics === undefined ? true : parseBoolean(accountMetrics, 'ACCOUNT_METRICS'),
    member: {
      roleName: parseRoleName(
        set(env.MEMBER_ROLE_NAME) ?? DEFAULT_MEMBER_ROLE_NAME,
        'MEMBER_ROLE_NAME',
      ),
      ...(externalId !== undefined
        ? { externalId: parseExternalId(externalId, 'EXTERNAL_ID') }
        : {}),
    },
    scope: {
      ...(units !== undefined ? { parentIds: parseParentIds(units, 'ORGANIZATIONAL_UNITS') } : {}),
      ...(exclude !== undefined ? { exclude: parseAccountIds(exclude, 'EXCLUDE_ACCOUNTS') } : {}),
    },
  }));
}
