/** The width of a command's table output. */
import { DEFAULT_TABLE_WIDTH } from '../format/table';
import { parseColumns } from '../options/parsers';

/**
 * The width the `table` format fits: `COLUMNS` when set, else the terminal's width when stdout is
 * one, else `fallback` (default {@link DEFAULT_TABLE_WIDTH}). Every other format has no width: for them `COLUMNS` is not
 * read at all, so an invalid value cannot stop a JSON, HTML or Markdown run.
 *
 * @param format - the `--format` given
 * @throws UserInputError naming `COLUMNS` and its value when the table format is asked for and it
 *   is not a positive whole number
 */
export function tableWidthFor(
  format: string,
  env: NodeJS.ProcessEnv,
  terminalColumns: number | undefined,
  fallback = DEFAULT_TABLE_WIDTH,
): number | undefined {
  return format === 'table' ? parseColumns(env.COLUMNS, terminalColumns, fallback) : undefined;
}
