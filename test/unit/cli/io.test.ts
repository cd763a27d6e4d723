/** Writing results: chunked, so a large report is never held twice, and byte-exact. */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { packedText, pipeWriter, writeFileAtomic } from '../../../src/cli/io';

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

  it('writes many small pieces packed into its buffer byte for byte, whatever their sizes and characters', async () => {
    // Prepare: lines of any Unicode text (1 to 4 bytes a character), some long enough to be cut.
    const piece = fc.oneof(
      { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 9 },
      {
        arbitrary: fc
          .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.nat(60_000))
          .map(([text, times]) => text.repeat(times)),
        weight: 1,
      },
    );
    const file = join(dir, 'report.json');

    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), async (pieces) => {
        // Act
        await writeFileAtomic(file, pieces);

        // Assess
        expect(readFileSync(file).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});

describe('writeFileAtomic on a device that refuses the bytes', () => {
  it('fails with the error of the write that failed while the next buffer was being filled', async () => {
    // Prepare: /dev/full takes nothing (ENOSPC); three buffers' worth, so later ones are filled
    // while the first write fails.
    const pieces = Array.from({ length: 3 * 1024 }, () => `${'x'.repeat(1023)}\n`);

    // Act
    const written = writeFileAtomic('/dev/full', pieces);

    // Assess
    await expect(written).rejects.toMatchObject({ code: 'ENOSPC' });
  });
});

describe('packedText', () => {
  it('joins small pieces into pieces of about the size asked, the same text in the same order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 30 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 500 }),
        (pieces, chars) => {
          // Act
          const packed = [...packedText(pieces, chars)];

          // Assess: the same text; every piece but the last reaches the size, none is empty.
          expect(packed.join('')).toBe(pieces.join(''));
          for (const text of packed.slice(0, -1)) expect(text.length).toBeGreaterThanOrEqual(chars);
          for (const text of packed) expect(text.length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('gives a whole text as it is', () => {
    // Act
    const packed = [...packedText('one text\n', 4)];

    // Assess
    expect(packed).toEqual(['one text\n']);
  });
});

/** A stream whose reader has gone, as stdout is after `| head -1`: every write fails with `code`. */
function closedPipe(code: string): { stream: Writable; attempts: () => number } {
  let attempts = 0;
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      attempts += 1;
      callback(Object.assign(new Error(`write ${code}`), { code }));
    },
  });
  return { stream, attempts: () => attempts };
}

describe('pipeWriter', () => {
  it('drops what is written after the reader closed the pipe, with no error and no trace', async () => {
    // Prepare
    const { stream, attempts } = closedPipe('EPIPE');
    const write = pipeWriter(stream);

    // Act
    write('first line\n');
    await new Promise((resolve) => setImmediate(resolve));
    write('second line\n');
    await new Promise((resolve) => setImmediate(resolve));

    // Assess: the EPIPE was taken, and nothing more was tried
    expect(attempts()).toBe(1);
    expect(stream.destroyed).toBe(true);
  });

  it('still throws any other error of the stream', () => {
    // Prepare
    const { stream } = closedPipe('ENOSPC');
    pipeWriter(stream);
    const [onError] = stream.listeners('error') as ((error: Error) => void)[];

    // Act / Assess
    expect(() => onError?.(Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' }))).toThrow(
      'write ENOSPC',
    );
  });
});
