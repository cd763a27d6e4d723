/**
 * The multi-account snapshot: the inventory of every selected account of a `--org` or `--accounts`
 * run, each account as a single-account snapshot's regions plus its errors, and the accounts that
 * were not collected (exempt, skipped, failed) with why. `audit --snapshot` reads it back to the same
 * verdicts and the same `accounts[]`.
 *
 * ```
 * { schemaVersion: 1, organizationId?, accountId?, collectedAt?,
 *   accounts: { "<id>": { accountId, name?, status?, reason?, regions: {...}, errors: [...] } } }
 * ```
 */
import * as z from 'zod';
import { lazy } from '../lazy';
import { REGION_NAME } from '../net/aws-names';
import { snapshotSchemas, type Snapshot } from './schema';

function buildOrganizationSnapshotSchemas() {
  const { AccountIdSchema, RegionSnapshotSchema } = snapshotSchemas();

  /** An error of the run, as reports carry them. */
  const SnapshotErrorSchema = z.object({
    accountId: AccountIdSchema.optional(),
    region: z.string().regex(REGION_NAME, { message: 'is not an AWS region name' }),
    operation: z.string(),
    code: z.string(),
    message: z.string(),
  });

  /** One account of the multi-account snapshot. */
  const AccountSnapshotSchema = z.object({
    accountId: AccountIdSchema,
    name: z.string().optional(),
    /** Absent: `audited`. */
    status: z.enum(['audited', 'failed', 'exempt', 'skipped']).optional(),
    reason: z.string().optional(),
    regions: z
      .record(
        z.string().regex(REGION_NAME, { message: 'is not an AWS region name' }),
        RegionSnapshotSchema,
      )
      .default({}),
    errors: z.array(SnapshotErrorSchema).default([]),
  });

  /** The whole multi-account snapshot. */
  const OrganizationSnapshotSchema = z.object({
    schemaVersion: z.literal(1),
    organizationId: z.string().optional(),
    /** The account that collected it (the caller). */
    accountId: AccountIdSchema.optional(),
    collectedAt: z.string().optional(),
    accounts: z.record(AccountIdSchema, AccountSnapshotSchema),
  });

  return { SnapshotErrorSchema, AccountSnapshotSchema, OrganizationSnapshotSchema };
}

/** The zod schemas of the multi-account snapshot, built on first use. */
export const organizationSnapshotSchemas = lazy(buildOrganizationSnapshotSchemas);

type Schemas = ReturnType<typeof buildOrganizationSnapshotSchemas>;

/** One account of a multi-account snapshot, validated. */
export type AccountSnapshot = z.infer<Schemas['AccountSnapshotSchema']>;
/** The validated multi-account snapshot. */
export type OrganizationSnapshot = z.infer<Schemas['OrganizationSnapshotSchema']>;

/** True when parsed JSON is shaped as a multi-account snapshot (`accounts`, no `regions`). */
export function looksLikeOrganizationSnapshot(data: unknown): boolean {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  const record = data as Record<string, unknown>;
  return record.regions === undefined && record.accounts !== undefined;
}

/** The single-account snapshot of one account of a multi-account snapshot. */
export function accountSnapshotOf(
  organization: OrganizationSnapshot,
  account: AccountSnapshot,
): Snapshot {
  return {
    schemaVersion: 1,
    accountId: account.accountId,
    ...(organization.collectedAt !== undefined ? { collectedAt: organization.collectedAt } : {}),
    regions: account.regions,
    errors: account.errors,
  };
}
