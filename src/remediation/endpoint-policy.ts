/**
 * The configured endpoint policies, one per service (`--policy-s3 FILE` / `ENDPOINT_POLICY_S3_FILE`,
 * `--policy-dynamodb FILE` / `ENDPOINT_POLICY_DYNAMODB_FILE`), read and validated.
 */
import { readFile } from 'node:fs/promises';
import { UserInputError } from '../errors';
import type { ServiceName } from '../types';
import type { EndpointPolicies } from './plan-types';
import { policyServiceMismatch } from '../analysis/endpoint-policy-view';

/**
 * Why the single policy of earlier versions is refused: one policy went onto the endpoints of both
 * services, and a policy written for one service cuts the other off.
 */
export const SINGLE_POLICY_REPLACED =
  'one policy for every endpoint is no longer accepted (an S3 policy on a DynamoDB endpoint cuts DynamoDB off): give one policy per service with --policy-s3 FILE / --policy-dynamodb FILE (ENDPOINT_POLICY_S3_FILE / ENDPOINT_POLICY_DYNAMODB_FILE)';

/** The longest policy document VPC endpoints accept (characters, whitespace excluded). */
export const MAX_ENDPOINT_POLICY_CHARS = 20480;

/**
 * Validates policy text: a JSON object with a `Statement` (an object or a non-empty array of
 * objects), within the size limit. Returns it as compact JSON, so equal policies give equal tokens.
 *
 * @param source - how the error names it, e.g. `--policy-s3: policy file "policy.json"`
 * @param service - when given, the policy must allow some action of this service
 * @throws UserInputError naming the source and what is wrong
 */
export function parseEndpointPolicy(text: string, source: string, service?: ServiceName): string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserInputError(`${source} is not valid JSON: ${reason}`, { cause: error });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserInputError(`${source} must be a JSON object (an IAM policy document)`);
  }
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
  const compact = JSON.stringify(data);
  if (compact.length > MAX_ENDPOINT_POLICY_CHARS) {
    throw new UserInputError(
      `${source} is ${compact.length} characters, over the ${MAX_ENDPOINT_POLICY_CHARS} that VPC endpoint policies allow`,
    );
  }
  if (service !== undefined) {
    const mismatch = policyServiceMismatch(compact, service);
    if (mismatch !== undefined) {
      throw new UserInputError(
        `${source} cannot go on ${service === 's3' ? 'an S3' : 'a DynamoDB'} gateway endpoint: ${mismatch}`,
      );
    }
  }
  return compact;
}

/**
 * Reads and validates a policy file.
 *
 * @param label - the flag or variable that named the file (`--policy-s3`, `ENDPOINT_POLICY_S3_FILE`)
 * @param service - the service whose endpoints get it (its actions must apply to that service)
 * @throws UserInputError naming the label and the file
 */
export async function loadEndpointPolicy(
  file: string,
  label = '--policy',
  service?: ServiceName,
): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserInputError(`${label}: cannot read policy file "${file}": ${code}`, {
      cause: error,
    });
  }
  return parseEndpointPolicy(text, `${label}: policy file "${file}"`, service);
}

/** The policy file of each service, as the flags or variables named them. */
export type EndpointPolicyFiles = Partial<Record<ServiceName, { file: string; label: string }>>;

/** Reads and validates the policy file of each service. */
export async function loadEndpointPolicies(files: EndpointPolicyFiles): Promise<EndpointPolicies> {
  const policies: EndpointPolicies = {};
  for (const service of ['s3', 'dynamodb'] as const) {
    const named = files[service];
    if (named) policies[service] = await loadEndpointPolicy(named.file, named.label, service);
  }
  return policies;
}
