/** Reading a JSON file a user named (a flag or argument): one message for each way it can fail. */
import { readFile } from 'node:fs/promises';
import { UserInputError } from './errors';

/**
 * Reads `file` as UTF-8 (a leading byte-order mark dropped) and parses it as JSON.
 *
 * @param file - the path
 * @param flag - how the user named it (`--traffic`, `--baseline`, `OLD`…), for the messages
 * @throws UserInputError when it cannot be read (naming the error code) or is not JSON
 */
export async function readJsonFile(file: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserInputError(`${flag}: cannot read "${file}": ${code}`, { cause: error });
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserInputError(`${flag}: "${file}" is not valid JSON: ${reason}`, { cause: error });
  }
}
