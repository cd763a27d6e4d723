/**
 * The configured endpoint policies, one per service (`--policy-s3 FILE` / `ENDPOINT_POLICY_S3_FILE`,
 * `--policy-dynamodb FILE` / `ENDPOINT_POLICY_DYNAMODB_FILE`), read and validated.
 */
import { UserInputError } from '../errors';
import { readInput } from '../json-file';
import { jsonStructureIssue } from '../json-limits';
import { parseJsonOrIssue } from '../json-syntax';
import type { ServiceName } from '../types';
import type { EndpointPolicies } from './plan-types';
import { policyBlocks } from '../analysis/endpoint-policy-view';
import { PolicyShapeError, policyStatements } from '../analysis/policy-evaluation';

/**
 * Why the single policy of earlier versions is refused: one policy went onto the endpoints of both
 * services, and a policy written for one service cuts the other off.
 */
export const SINGLE_POLICY_REPLACED =
  'one policy for every endpoint is no longer accepted (an S3 policy on a DynamoDB endpoint cuts DynamoDB off): give one policy per service with --policy-s3 FILE / --policy-dynamodb FILE (ENDPOINT_POLICY_S3_FILE / ENDPOINT_POLICY_DYNAMODB_FILE)';

/** The longest policy document VPC endpoints accept (characters, whitespace excluded). */
export const MAX_ENDPOINT_POLICY_CHARS = 20480;

/**
 * The largest policy file read (bytes): fifty times what a policy may hold, room for any indentation;
 * a larger file cannot be a policy AWS accepts.
 */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024;

/** How a configured policy is checked. */
export interface PolicyCheck {
  /**
   * Accept a policy that blocks actions a workload needs (`--allow-restrictive-policy`); without it
   * such a policy is refused.
   */
  allowRestrictive?: boolean;
  /** What the refusal tells the user to do (default: the CLI's flag). */
  override?: string;
}

/** The refusal's advice on the command line. */
const CLI_OVERRIDE =
  'fix the policy, or pass --allow-restrictive-policy if cutting that access off is intended';

/**
 * Validates policy text: a JSON object with a `Statement` (an object or a non-empty array of
 * objects) that IAM can read, within the size limit. Returns it as compact JSON, so equal policies
 * give equal tokens.
 *
 * @param source - how the error names it, e.g. `--policy-s3: policy file "policy.json"`
 * @param service - when given, the policy must allow what a workload of this service needs
 *   (reading and writing objects or items) for some principal, evaluated as IAM does, unless
 *   `check.allowRestrictive`
 * @throws UserInputError naming the source and what is wrong
 */
export function parseEndpointPolicy(
  text: string,
  source: string,
  service?: ServiceName,
  check: PolicyCheck = {},
): string {
  const parsed = parseJsonOrIssue(text);
  if ('issue' in parsed) throw new UserInputError(`${source} is not valid JSON: ${parsed.issue}`);
  const data = parsed.value;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserInputError(`${source} must be a JSON object (an IAM policy document)`);
  }
  const structure = jsonStructureIssue(data);
  if (structure !== undefined) throw new UserInputError(`${source}: ${structure}`);
  const statement = (data as Record<string, unknown>).Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  if (
    statement === undefined ||
    statements.length === 0 ||
    statements.some((s) => s === null || typeof s !== 'object' || Array.isArray(s))
  ) {
    throw new UserInputError(
      `${source} must have a "Statement" that is an object or a non-empty array of objects`,
    );
  }
  try {
    policyStatements(data);
  } catch (error) {
    if (!(error instanceof PolicyShapeError)) throw error;
    throw new UserInputError(`${source} is not an IAM policy: ${error.message}`, { cause: error });
  }
  const compact = JSON.stringify(data);
  if (compact.length > MAX_ENDPOINT_POLICY_CHARS) {
    throw new UserInputError(
      `${source} is ${compact.length} characters, over the ${MAX_ENDPOINT_POLICY_CHARS} that VPC endpoint policies allow`,
    );
  }
  if (service !== undefined && check.allowRestrictive !== true) {
    const blocks = policyBlocks(compact, service);
    if (blocks !== undefined) {
      throw new UserInputError(
        `${source} would cut ${service === 's3' ? 'S3' : 'DynamoDB'} off: ${blocks}; ${check.override ?? CLI_OVERRIDE}`,
      );
    }
  }
  return compact;
}

/**
 * Reads and validates a policy file.
 *
 * @param label - the flag or variable that named the file (`--policy-s3`, `ENDPOINT_POLICY_S3_FILE`)
 * @param service - the service whose endpoints get it (it must allow what that service's workloads need)
 * @throws UserInputError naming the label and the file
 */
export async function loadEndpointPolicy(
  file: string,
  label = '--policy',
  service?: ServiceName,
  check: PolicyCheck = {},
): Promise<string> {
  const { text } = await readInput(file, {
    flag: label,
    maxBytes: MAX_POLICY_FILE_BYTES,
    what: 'policy file',
  });
  return parseEndpointPolicy(text, `${label}: policy file "${file}"`, service, check);
}

/** The policy file of each service, as the flags or variables named them. */
export type EndpointPolicyFiles = Partial<Record<ServiceName, { file: string; label: string }>>;

/** Reads and validates the policy file of each service. */
export async function loadEndpointPolicies(
  files: EndpointPolicyFiles,
  check: PolicyCheck = {},
): Promise<EndpointPolicies> {
  const policies: EndpointPolicies = {};
  for (const service of ['s3', 'dynamodb'] as const) {
    const named = files[service];
    if (named)
      policies[service] = await loadEndpointPolicy(named.file, named.label, service, check);
  }
  return policies;
}
