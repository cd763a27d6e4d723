/**
 * The payloads the organization state machine passes to its three functions, and what they return
 * (validated with zod: a bad payload is an {@link InvalidEventError} naming the field and value).
 *
 * - ListAccounts gets `{executionName, startTime}` (from the execution's context object), returns
 *   `{runId, bucket, accountsKey, selectionKey, accounts}`;
 * - each child of the distributed map gets `{runId, account: {accountId, name?}}` (one item of
 *   `runs/<runId>/accounts.json`) and returns an {@link AccountSummary};
 * - Aggregate gets `{runId, map: {ResultWriterDetails: {Bucket, Key}}}` (the map state's output).
 */
import * as z from 'zod';
import type { AccountStatus } from '../../types';
import { formatIssues } from '../../validation';
import { InvalidEventError } from '../events';

const RUN_ID = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, {
  message: 'is not a run id (letters, digits, . _ -)',
});
const ACCOUNT_ID = z
  .string()
  .regex(/^\d{12}$/, { message: 'is not an AWS account id (12 digits)' });

/** The ListAccounts payload (every field optional: a manual invoke may send `{}`). */
export const ListAccountsPayloadSchema = z.object({
  executionName: z.string().min(1).optional(),
  startTime: z.string().optional(),
});

/** One item of `runs/<runId>/accounts.json`. */
export const AccountItemSchema = z.object({ accountId: ACCOUNT_ID, name: z.string().optional() });

/** The payload of one child of the map: the run and one item of the account list. */
export const AuditAccountPayloadSchema = z.object({ runId: RUN_ID, account: AccountItemSchema });

/** The Aggregate payload: the run and the map state's output. */
export const AggregatePayloadSchema = z.object({
  runId: RUN_ID,
  map: z.object({
    ResultWriterDetails: z.object({ Bucket: z.string().min(1), Key: z.string().min(1) }),
  }),
});

/** What ListAccounts returns (the state machine keeps it small: no account list in the state). */
export interface ListAccountsResult {
  runId: string;
  bucket: string;
  /** `runs/<runId>/accounts.json`: the JSON array the map reads, one item per account to audit. */
  accountsKey: string;
  /** `runs/<runId>/selection.json`: every selected account with its status (exempt, skipped…). */
  selectionKey: string;
  /** Accounts to audit. */
  accounts: number;
}

/** What one child returns: the account's summary, well under 4 KiB whatever the account. */
export interface AccountSummary {
  accountId: string;
  name?: string;
  status: AccountStatus;
  reason?: string;
  subnets: number;
  leakingSubnets: number;
  estimatedMonthlyUsd?: number;
  regions: number;
  /** Errors of the account (failed regions, refused role). */
  errors: number;
  /** The first error, shortened. */
  firstError?: string;
  /** The account's Security Hub export, counted (`SECURITY_HUB=true`). */
  securityHub?: {
    status: 'exported' | 'failed';
    imported: number;
    archived: number;
    failedFindings: number;
    errors: number;
  };
  /** `runs/<runId>/accounts/<accountId>.json`. */
  key: string;
}

/** What the map's Catch makes of a child that failed for good. */
export const CaughtFailureSchema = z.object({
  accountId: z.string(),
  status: z.literal('failed'),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).passthrough(),
});

/**
 * The manifest the distributed map's ResultWriter writes (`manifest.json`): where the result
 * files of the succeeded, failed and pending children are.
 */
export const ResultManifestSchema = z.object({
  DestinationBucket: z.string(),
  MapRunArn: z.string().optional(),
  ResultFiles: z.object({
    SUCCEEDED: z.array(z.object({ Key: z.string(), Size: z.number().optional() })).default([]),
    FAILED: z.array(z.object({ Key: z.string(), Size: z.number().optional() })).default([]),
    PENDING: z.array(z.object({ Key: z.string(), Size: z.number().optional() })).default([]),
  }),
});

/** One child execution in a ResultWriter result file (`Input` and `Output` are JSON text). */
export const ChildResultSchema = z.object({
  ExecutionArn: z.string().optional(),
  Input: z.string().optional(),
  Output: z.string().optional(),
  Status: z.string().optional(),
  Error: z.string().optional(),
  Cause: z.string().optional(),
});

/**
 * Validates a payload.
 *
 * @throws InvalidEventError naming the field and value
 */
export function parsePayload<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    throw new InvalidEventError(
      `invalid ${what}: ${formatIssues(result.error, input, 5).join('; ')}`,
      {
        cause: result.error,
      },
    );
  }
  return result.data;
}
