/**
 * The payloads the two functions accept, validated with zod: the audit takes an EventBridge
 * `Scheduled Event` or a manual payload overriding `regions`/`services`; remediate takes
 * `{ dryRun?, regions?, vpcIds?, services?, includePaths? }`. A bad payload is an {@link InvalidEventError} naming
 * the field and its value.
 */
import * as z from 'zod';
import { UserInputError } from '../errors';
import {
  DEFAULT_REMEDIATION_PATHS,
  OPT_IN_REMEDIATION_PATHS,
  type RemediablePath,
} from '../remediation/plan-types';
import { REGION_NAME } from '../net/aws-names';
import { SERVICES, type ServiceName } from '../types';
import { formatIssues } from '../validation';

/** The event or payload given to a handler is not one it accepts. */
export class InvalidEventError extends UserInputError {
  public override readonly name: string = 'InvalidEventError';
}

const regionsField = z.union(
  [
    z.literal('all'),
    z
      .array(z.string().regex(REGION_NAME, { message: 'is not an AWS region name' }))
      .min(1, { message: 'must list at least one region (or be "all")' }),
  ],
  { error: 'must be "all" or a list of region names' },
);

const servicesField = z
  .array(z.enum(SERVICES))
  .min(1, { message: 'must list at least one service' });

/** An EventBridge scheduled event (rule or EventBridge Scheduler). */
export const ScheduledEventSchema = z.object({
  'detail-type': z.literal('Scheduled Event'),
  source: z.string().min(1),
  time: z.string().optional(),
  id: z.string().optional(),
  account: z.string().optional(),
  region: z.string().optional(),
  resources: z.array(z.string()).optional(),
  detail: z.unknown().optional(),
});

/** A manual invocation of the audit: `{}` or overrides of the configured regions and services. */
export const ManualAuditPayloadSchema = z.strictObject({
  regions: regionsField.optional(),
  services: servicesField.optional(),
});

/**
 * The remediate payload. `dryRun` defaults to true: only `"dryRun": false` changes anything.
 * `includePaths` replaces the configured `INCLUDE_PATHS` for this run.
 */
export const RemediatePayloadSchema = z.strictObject({
  dryRun: z.boolean().default(true),
  includePaths: z
    .array(
      z.enum([...DEFAULT_REMEDIATION_PATHS, ...OPT_IN_REMEDIATION_PATHS] as [
        RemediablePath,
        ...RemediablePath[],
      ]),
    )
    .min(1, { message: 'must list at least one path' })
    .optional(),
  regions: regionsField.optional(),
  vpcIds: z
    .array(z.string().startsWith('vpc-', { message: 'is not a VPC id (vpc-…)' }))
    .min(1, { message: 'must list at least one VPC id' })
    .optional(),
  services: servicesField.optional(),
  /** Attach route tables to existing endpoints whose policy is not full access. */
  allowRestrictivePolicy: z.boolean().optional(),
  /** Also make the changes to IaC-owned resources (drift); default: leave them to their owner. */
  allowDrift: z.boolean().optional(),
});

/** What started an audit run. */
export type AuditTrigger =
  | { kind: 'schedule'; time?: string; rule?: string }
  | { kind: 'manual'; regions?: 'all' | string[]; services?: ServiceName[] };

/** The validated remediate payload. */
export type RemediateRequest = z.infer<typeof RemediatePayloadSchema>;

function parseWith<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidEventError(
      `invalid ${what}: ${formatIssues(parsed.error, input, 5).join('; ')}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

function dedupe<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * Parses the audit function's event: a scheduled event (anything carrying `detail-type`) or a
 * manual payload. `null`/absent counts as `{}`.
 *
 * @throws InvalidEventError naming the field and value
 */
export function parseAuditEvent(event: unknown): AuditTrigger {
  const input = event ?? {};
  if (typeof input === 'object' && !Array.isArray(input) && 'detail-type' in input) {
    const scheduled = parseWith(ScheduledEventSchema, input, 'scheduled event');
    return {
      kind: 'schedule',
      ...(scheduled.time !== undefined ? { time: scheduled.time } : {}),
      ...(scheduled.resources?.[0] !== undefined ? { rule: scheduled.resources[0] } : {}),
    };
  }
  const manual = parseWith(ManualAuditPayloadSchema, input, 'audit payload');
  return {
    kind: 'manual',
    ...(manual.regions !== undefined
      ? { regions: manual.regions === 'all' ? 'all' : dedupe(manual.regions) }
      : {}),
    ...(manual.services !== undefined
      ? { services: SERVICES.filter((s) => manual.services?.includes(s)) }
      : {}),
  };
}

/**
 * Parses the remediate payload (`null`/absent counts as `{}`).
 *
 * @throws InvalidEventError naming the field and value
 */
export function parseRemediatePayload(event: unknown): RemediateRequest {
  const parsed = parseWith(RemediatePayloadSchema, event ?? {}, 'remediate payload');
  return {
    ...parsed,
    ...(parsed.regions !== undefined && parsed.regions !== 'all'
      ? { regions: dedupe(parsed.regions) }
      : {}),
    ...(parsed.vpcIds !== undefined ? { vpcIds: dedupe(parsed.vpcIds).sort() } : {}),
    ...(parsed.services !== undefined
      ? { services: SERVICES.filter((s) => parsed.services?.includes(s)) }
      : {}),
    ...(parsed.includePaths !== undefined ? { includePaths: dedupe(parsed.includePaths) } : {}),
  };
}
