/** Files the CLI tests hand to `--snapshot`: one temporary folder per test process. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let folder: string | undefined;

/** Writes `text` to `name` in this process's temporary folder and returns the path. */
export function writeTemp(name: string, text: string): string {
  folder ??= mkdtempSync(join(tmpdir(), 'vpce-auditor-test-'));
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}
