/** The configured endpoint policy (`--policy FILE` / `ENDPOINT_POLICY_FILE`), read and validated. */
import { readFile } from 'node:fs/promises';
import { UserInputError } from '../errors';

/** The longest policy document VPC endpoints accept (characters, whitespace excluded). */
export const MAX_ENDPOINT_POLICY_CHARS = 20480;

/**
 * Validates policy text: a JSON object with a `Statement` (an object or a non-empty array of
 * objects), within the size limit. Returns it as compact JSON, so equal policies give equal tokens.
 *
 * @param source - how the error names it, e.g. `--policy "policy.json"`
 * @throws UserInputError naming the source and what is wrong
 */
export function parseEndpointPolicy(text: string, source: string): string {
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
  return compact;
}

/**
 * Reads and validates a policy file.
 *
 * @param label - the flag or variable that named the file (`--policy`, `ENDPOINT_POLICY_FILE`)
 * @throws UserInputError naming the label and the file
 */
export async function loadEndpointPolicy(file: string, label = '--policy'): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserInputError(`${label}: cannot read policy file "${file}": ${code}`, {
      cause: error,
    });
  }
  return parseEndpointPolicy(text, `${label}: policy file "${file}"`);
}
