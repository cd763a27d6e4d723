/**
 * The one bounded reader of every input: a regular file, a named pipe, a character device and
 * standard input are read alike, and none past its limit.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { UserInputError } from '../../src/errors';
import { InputTooLargeError, readInput, readJsonFile } from '../../src/json-file';
import { MAX_JSON_DEPTH } from '../../src/json-limits';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-input-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fifos = 0;
/** A named pipe that a writer fills with `content` once a reader opens it. */
function fifoWith(content: string | Buffer): string {
  fifos += 1;
  const fifo = join(dir, `pipe-${fifos}`);
  execFileSync('mkfifo', [fifo]);
  const writer = createWriteStream(fifo);
  writer.on('error', () => undefined); // the reader may stop early (EPIPE)
  writer.end(content);
  return fifo;
}

/** Standard input that yields `chunks`. */
async function* stdinOf(chunks: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

describe('readInput', () => {
  it('refuses a regular file over the limit before reading it, naming the file and the limit', async () => {
    // Prepare: a sparse file
    const file = join(dir, 'big.json');
    writeFileSync(file, '');
    truncateSync(file, 1001);

    // Act
    const reading = readInput(file, { flag: '--baseline', maxBytes: 1000 });

    // Assess
    await expect(reading).rejects.toThrow(InputTooLargeError);
    await expect(reading).rejects.toThrow(
      `--baseline: "${file}" is too large: 1001 bytes, over the limit of 1000 bytes`,
    );
  });

  it.each(['/dev/zero', '/dev/urandom'])(
    'refuses the endless device %s at once, without reading it whole',
    async (device) => {
      // Prepare
      const started = Date.now();

      // Act: /dev/urandom begins with one of the 9 bytes JSON may begin with 1 time in 28, and is
      // then read up to the limit; the default limit (the longest string node holds) takes seconds
      // of random bytes, so this run sets a smaller one
      const reading = readInput(device, {
        flag: '--snapshot',
        what: 'snapshot',
        maxBytes: 16 * 1024 * 1024,
      });

      // Assess
      await expect(reading).rejects.toThrow(UserInputError);
      await expect(reading).rejects.toThrow(`--snapshot: snapshot "${device}" is`);
      expect(Date.now() - started).toBeLessThan(5_000);
    },
  );

  it('stops an endless stream that looks like JSON at the limit', async () => {
    // Prepare: a process writes "[" lines into a named pipe for ever
    fifos += 1;
    const fifo = join(dir, `endless-${fifos}`);
    execFileSync('mkfifo', [fifo]);
    const endless = spawn('sh', ['-c', 'exec yes "[" > "$0"', fifo], { stdio: 'ignore' });

    try {
      // Act
      const reading = readInput(fifo, { flag: 'OLD', maxBytes: 100_000 });

      // Assess
      await expect(reading).rejects.toThrow(InputTooLargeError);
      await expect(reading).rejects.toThrow(
        `OLD: "${fifo}" is too large: more than 100000 bytes, over the limit of 100000 bytes`,
      );
    } finally {
      endless.kill();
    }
  });

  it('reads a named pipe like a file (no positioned read, no ESPIPE)', async () => {
    // Prepare
    const fifo = fifoWith('{"a": [1, 2]}');

    // Act
    const data = await readJsonFile(fifo, 'NEW');

    // Assess
    expect(data).toEqual({ a: [1, 2] });
  });

  it('refuses a named pipe over the limit as soon as it goes over', async () => {
    // Prepare
    const fifo = fifoWith(`[${' '.repeat(5_000)}]`);

    // Act
    const reading = readInput(fifo, { flag: '--traffic', maxBytes: 4_096 });

    // Assess
    await expect(reading).rejects.toThrow(
      `--traffic: "${fifo}" is too large: more than 4096 bytes, over the limit of 4096 bytes`,
    );
  });

  it('decodes a UTF-16 pipe with its byte order mark', async () => {
    // Prepare
    const fifo = fifoWith(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"b":1}', 'utf16le')]),
    );

    // Act
    const data = await readJsonFile(fifo, '--baseline');

    // Assess
    expect(data).toEqual({ b: 1 });
  });

  it('names a directory, a missing file and an empty name', async () => {
    // Prepare
    const folder = join(dir, 'folder');
    mkdirSync(folder);

    // Act / Assess
    await expect(readInput(folder, { flag: 'OLD' })).rejects.toThrow(
      `OLD: cannot read "${folder}": EISDIR`,
    );
    await expect(readInput(join(dir, 'nope'), { flag: 'OLD' })).rejects.toThrow(
      `OLD: cannot read "${join(dir, 'nope')}": ENOENT`,
    );
    await expect(readInput('', { flag: '--snapshot' })).rejects.toThrow(
      '--snapshot: cannot read "": empty file name',
    );
  });

  it('reads standard input in any chunks the same, and refuses it past the limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.json(),
        fc.array(fc.nat({ max: 40 }), { maxLength: 6 }),
        fc.nat({ max: 60 }),
        async (json, cuts, limit) => {
          // Prepare: the text cut into chunks at the given places
          const text = `[${json}]`;
          const bytes = Buffer.from(text, 'utf8');
          const at = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const chunks = [0, ...at].map((start, i) => bytes.subarray(start, at[i] ?? bytes.length));

          // Act
          const reading = readInput('-', {
            flag: '--snapshot',
            maxBytes: limit,
            stdin: stdinOf(chunks),
          });

          // Assess
          if (bytes.length > limit) await expect(reading).rejects.toThrow(InputTooLargeError);
          else expect((await reading).text).toBe(text);
        },
      ),
    );
  });
});

describe('readJsonFile', () => {
  it('names where a document nests too deep instead of overflowing the stack', async () => {
    // Prepare
    const file = join(dir, 'deep.json');
    writeFileSync(file, `${'['.repeat(200_000)}${']'.repeat(200_000)}`);

    // Act
    const reading = readJsonFile(file, '--baseline');

    // Assess
    await expect(reading).rejects.toThrow(UserInputError);
    await expect(reading).rejects.toThrow(`nested more than ${MAX_JSON_DEPTH} levels deep`);
  });

  it('refuses text that is not JSON, naming the flag and the file', async () => {
    // Prepare
    const file = join(dir, 'text.json');
    writeFileSync(file, 'hello');

    // Act / Assess
    await expect(readJsonFile(file, '--traffic')).rejects.toThrow(
      `--traffic: "${file}" is not valid JSON`,
    );
  });

  it('names the line and column of a syntax error and prints none of the content', async () => {
    // Prepare: a private key given by mistake
    const file = join(dir, 'key.pem');
    writeFileSync(file, '{\n  "ok": 1,\n  MIIEvQIBADANBgkqhkiG9w0B\n}');

    // Act
    const reading = readJsonFile(file, '--baseline');

    // Assess
    await expect(reading).rejects.toThrow(
      `--baseline: "${file}" is not valid JSON: line 3, column 3: an unexpected character`,
    );
    await expect(reading).rejects.not.toThrow(/MIIE/);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses a %s key anywhere, naming its path, instead of dropping it',
    async (key) => {
      // Prepare
      const file = join(dir, `${key}.json`);
      writeFileSync(file, `{"vpcs":[{"id":"vpc-1"},{"tags":{"${key}":{"Name":"x"}}}]}`);

      // Act
      const reading = readJsonFile(file, '--baseline');

      // Assess
      await expect(reading).rejects.toThrow(UserInputError);
      await expect(reading).rejects.toThrow(
        `--baseline: "${file}": vpcs[1].tags.${key}: the key "${key}" is refused`,
      );
    },
  );
});
