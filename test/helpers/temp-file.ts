/** Files the CLI tests hand to `--snapshot`: one temporary folder per test file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let folder: string | undefined;
let written = 0;

/**
 * Writes `content` to `name` in this test file's temporary folder and returns the path: text as it
 * is, anything else as JSON.
 */
export function writeTemp(name: string, content: unknown): string {
  folder ??= mkdtempSync(join(tmpdir(), 'vpce-auditor-test-'));
  const file = join(folder, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Writes `content` as {@link writeTemp} does, to a new file, and returns the path. */
export function writeTempJson(content: unknown): string {
  written += 1;
  return writeTemp(`input-${written}.json`, content);
}
