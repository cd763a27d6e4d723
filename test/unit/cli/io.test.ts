/** Writing results: chunked, so a large report is never held twice, and byte-exact. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src/cli/io';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-io-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes text of several chunks byte for byte, a surrogate pair across a chunk boundary included', async () => {
    // Prepare: a pair whose halves would fall on either side of the first 1 MiB boundary.
    const text = `${'a'.repeat((1 << 20) - 1)}🚀${'é'.repeat(1 << 20)}\n`;
    const file = join(dir, 'report.json');

    // Act
    await writeFileAtomic(file, text);

    // Assess
    expect(readFileSync(file).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    // Prepare
    const file = join(dir, 'report.json');
    await writeFileAtomic(file, 'old text that is longer\n');

    // Act
    await writeFileAtomic(file, 'new\n');

    // Assess
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('writes a result given in pieces, in order, byte for byte', async () => {
    // Prepare: pieces of all sizes, one over the 1 MiB write size and one empty.
    const pieces = ['{\n', `  "a": "${'x'.repeat((1 << 20) + 3)}",\n`, '', '  "b": "é🚀"\n', '}\n'];
    const file = join(dir, 'report.json');

    // Act
    await writeFileAtomic(file, pieces);

    // Assess
    expect(readFileSync(file).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});
