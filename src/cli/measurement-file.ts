/** Reading and writing the measurement file of `vpce-auditor measure` (`audit --traffic FILE`). */
import { UserInputError } from '../errors';
import { readJsonFile } from '../json-file';
import { costInputSchemas, type MeasurementFile } from '../snapshot/cost-inputs';
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
  const data = await readJsonFile(file, flag);
  const result = costInputSchemas().MeasurementFileSchema.safeParse(data, { reportInput: true });
  if (!result.success) {
    throw new UserInputError(
      `${flag}: "${file}" is not a measurement file:\n  ${formatIssues(result.error, data).join('\n  ')}`,
      { cause: result.error },
    );
  }
  return result.data;
}
