/**
 * Every file the CLI reads goes through one bounded reader: endless devices and oversized or deeply
 * nested files are refused with exit 2 naming the flag and the file, and pipes read like files.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_JSON_DEPTH } from '../../../src/json-limits';
import type { Report } from '../../../src/types';
import { oneSubnetEstate } from '../../helpers/estate-builder';
import { runInMemory } from '../../helpers/memory-io';

let dir: string;
let snapshot: string;
let report: string;

/** Runs the CLI; a live command that reached AWS would fail on these clients. */
function run(...args: string[]) {
  return runInMemory(
    args,
    {},
    {
      clients: () => {
        throw new Error('no AWS call was expected');
      },
    },
  );
}

let fifos = 0;
/** A named pipe that a writer fills with `content` once the CLI opens it. */
function fifoWith(content: string): string {
  fifos += 1;
  const fifo = join(dir, `pipe-${fifos}`);
  execFileSync('mkfifo', [fifo]);
  const writer = createWriteStream(fifo);
  writer.on('error', () => undefined);
  writer.end(content);
  return fifo;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-inputs-'));
  snapshot = join(dir, 'snapshot.json');
  writeFileSync(
    snapshot,
    JSON.stringify(
      oneSubnetEstate('us-east-1').route('0.0.0.0/0', { NatGatewayId: 'nat-1' }).input(),
    ),
  );
  report = join(dir, 'report.json');
  const made = await run('audit', '--snapshot', snapshot, '--format', 'json', '--out', report);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each input flag, as the arguments that give it `file`. */
const INPUTS: [string, (file: string) => string[]][] = [
  ['--snapshot', (file) => ['audit', '--snapshot', file]],
  ['--baseline', (file) => ['audit', '--snapshot', snapshot, '--baseline', file]],
  ['OLD', (file) => ['diff', file, report]],
  ['NEW', (file) => ['diff', report, file]],
  ['--traffic', (file) => ['audit', '--traffic', file]],
  ['--policy-s3', (file) => ['remediate', '--snapshot', snapshot, '--policy-s3', file]],
];

describe('every input is read by the one bounded reader', () => {
  it.each(INPUTS)('%s /dev/zero exits 2 at once, naming the flag', async (flag, args) => {
    // Act
    const result = await run(...args('/dev/zero'));

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^vpce-auditor: ${flag}: .*"/dev/zero" is not JSON: its first byte is 0x00`),
    );
    expect(result.stdout).toBe('');
  });

  it.each(INPUTS)('%s names a directory and a missing file', async (flag, args) => {
    // Act
    const directory = await run(...args(dir));
    const missing = await run(...args(join(dir, 'missing.json')));

    // Assess
    expect([directory.code, missing.code]).toEqual([2, 2]);
    expect(directory.stderr).toMatch(new RegExp(`^vpce-auditor: ${flag}: cannot read .*EISDIR`));
    expect(missing.stderr).toMatch(new RegExp(`^vpce-auditor: ${flag}: cannot read .*ENOENT`));
  });

  it('reads a snapshot, a baseline and both diff reports from named pipes', async () => {
    // Prepare
    const text = readFileSync(report, 'utf8');

    // Act
    const audit = await run(
      'audit',
      '--snapshot',
      fifoWith(readFileSync(snapshot, 'utf8')),
      '--baseline',
      fifoWith(text),
      '--format',
      'json',
    );
    const diff = await run('diff', fifoWith(text), fifoWith(text), '--format', 'json');

    // Assess
    expect([audit.code, audit.stderr]).toEqual([0, '']);
    expect((JSON.parse(audit.stdout) as Report).summary.leakingSubnets).toBe(1);
    expect(diff.code).toBe(0);
  });

  it.each([
    ['--baseline', (file: string) => ['audit', '--snapshot', snapshot, '--baseline', file]],
    ['OLD', (file: string) => ['diff', file, report]],
    ['NEW', (file: string) => ['diff', report, file]],
  ])(
    '%s: a deeply nested report exits 2 naming where, not a stack overflow',
    async (flag, args) => {
      // Prepare: arrays, objects, and both inside a report's own fields
      const parsed = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>;
      const shapes = [
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
        `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
        JSON.stringify({ ...parsed, findings: [] }).replace(
          '"findings":[]',
          `"findings":${'[{"x":'.repeat(20_000)}0${'}]'.repeat(20_000)}`,
        ),
      ];

      for (const shape of shapes) {
        const file = join(dir, 'deep.json');
        writeFileSync(file, shape);

        // Act
        const result = await run(...args(file));

        // Assess
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(`nested more than ${MAX_JSON_DEPTH} levels deep`);
        expect(result.stderr).toMatch(new RegExp(`^vpce-auditor: ${flag}`));
        expect(result.stderr).not.toMatch(/Maximum call stack|\n\s+at /);
      }
    },
  );
});
