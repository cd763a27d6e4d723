/** Reading and writing the measurement file of `vpce-auditor measure` (`audit --traffic FILE`). */
import { readFile } from 'node:fs/promises';
import { UserInputError } from '../errors';
import { MeasurementFileSchema, type MeasurementFile } from '../snapshot/cost-inputs';
import { formatIssues } from '../validation';

/**
 * Reads and validates a measurement file.
 *
 * @throws UserInputError when it cannot be read, is not JSON, or a field is invalid (the message
 *   names the JSON path and the value)
 */
export async function loadMeasurementFile(
  file: string,
  flag = '--traffic',
): Promise<MeasurementFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserInputError(`${flag}: cannot read "${file}": ${code}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserInputError(`${flag}: "${file}" is not valid JSON: ${reason}`, { cause: error });
  }
  const result = MeasurementFileSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new UserInputError(
      `${flag}: "${file}" is not a measurement file:\n  ${formatIssues(result.error, data).join('\n  ')}`,
      { cause: result.error },
    );
  }
  return result.data;
}
