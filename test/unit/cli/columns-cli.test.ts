/**
 * `COLUMNS` sets the width of every table the CLI prints (audit, diff, remediate plan and results)
 * and nothing else: the formats without a width never read it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { textWidth } from '../../../src/format/text-width';
import { estate } from '../../helpers';
import { fakeAccount } from '../../helpers/fake-account';
import { INSTANT } from '../../helpers/lambda';
import { runInMemory } from '../../helpers/memory-io';

const SAMPLE = join(__dirname, '..', '..', '..', 'examples', 'sample-estate.json');
let dir: string;
let older: string;
let newer: string;

const run = runInMemory;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-columns-'));
  older = join(dir, 'older.json');
  newer = join(dir, 'newer.json');
  const base = ['audit', '--snapshot', SAMPLE, '--format', 'json', '--out'];
  await run([...base, older, '--services', 's3']);
  await run([...base, newer]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each table the CLI prints, by the arguments that print it. */
const TABLES: [string, () => string[]][] = [
  ['audit', () => ['audit', '--snapshot', SAMPLE, '--all-subnets']],
  ['diff', () => ['diff', older, newer]],
  ['remediate plan', () => ['remediate', '--snapshot', SAMPLE]],
];

/** Each run whose format has no width. */
const WIDTHLESS: [string, () => string[]][] = [
  ...['json', 'asff', 'html', 'markdown'].map(
    (format) =>
      [`audit --format ${format}`, () => ['audit', '--snapshot', SAMPLE, '--format', format]] as [
        string,
        () => string[],
      ],
  ),
  ...['json', 'markdown'].flatMap((format) => [
    [`diff --format ${format}`, () => ['diff', older, newer, '--format', format]] as [
      string,
      () => string[],
    ],
    [
      `remediate --format ${format}`,
      () => ['remediate', '--snapshot', SAMPLE, '--format', format],
    ] as [string, () => string[]],
  ]),
];

const INVALID = ['0', '-1', 'abc', '80x', '1e3', '12.5', '99999999999999999999', '\u001b[31m'];

describe('COLUMNS', () => {
  it.each(TABLES)('%s: every line fits any width COLUMNS gives', async (_name, args) => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 60, max: 400 }), async (width) => {
        // Act
        const result = await run(args(), { COLUMNS: String(width) });

        // Assess
        expect(result.code).toBeLessThan(2);
        const widest = Math.max(...result.stdout.split('\n').map(textWidth));
        expect(widest).toBeLessThanOrEqual(width);
      }),
      { numRuns: 8 },
    );
  });

  it('keeps every skipped reason whole in a narrow plan (wrapped, not cut)', async () => {
    // Act
    const narrow = await run(['remediate', '--snapshot', SAMPLE], { COLUMNS: '60' });
    const json = await run(['remediate', '--snapshot', SAMPLE, '--format', 'json']);

    // Assess
    const { plan } = JSON.parse(json.stdout) as { plan: { skipped: { reason: string }[] } };
    const text = narrow.stdout.replace(/\n +/g, ' ');
    for (const { reason } of plan.skipped) expect(text).toContain(reason);
  });

  it.each(TABLES)('%s: an invalid COLUMNS exits 2 naming it and its value', async (_name, args) => {
    for (const value of INVALID) {
      // Act
      const result = await run(args(), { COLUMNS: value });

      // Assess
      expect({ value, code: result.code }).toEqual({ value, code: 2 });
      expect(result.stderr).toMatch(/^vpce-auditor: COLUMNS: ".*" is not a positive whole number/);
      expect(result.stdout).toBe('');
    }
  });

  it.each(WIDTHLESS)('%s ignores any COLUMNS, valid or not', async (_name, args) => {
    // Prepare
    const plain = await run(args());

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...INVALID), fc.string(), fc.integer().map(String)),
        async (value) => {
          // Act
          const result = await run(args(), { COLUMNS: value });

          // Assess: the same output as without it (the reports' generatedAt aside)
          expect(result.code).toBe(plain.code);
          expect(result.stderr).toBe(plain.stderr);
          const undated = (text: string) =>
            text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T').replace(/generated [^<\n]*/g, '');
          expect(undated(result.stdout)).toBe(undated(plain.stdout));
        },
      ),
      { numRuns: 4 },
    );
  });

  it('fits the results of remediate --apply to COLUMNS, and an invalid one stops it before any change', async () => {
    // Prepare
    const leaking = () =>
      fakeAccount(
        estate('us-east-1')
          .vpcs([
            {
              id: 'vpc-0a000000000000001',
              tables: [{ id: 'rtb-011', subnets: ['subnet-011'], via: 'nat-0123456789abcdef0' }],
            },
          ])
          .build(),
      );
    const deps = (account: ReturnType<typeof leaking>) => ({
      clients: () => account.factory,
      accountAccess: () => account.access,
      remediationTiming: { pacing: INSTANT, verify: { sleep: INSTANT.sleep } },
    });
    const applied = leaking();
    const refused = leaking();

    // Act
    const { code, stdout } = await runInMemory(
      ['remediate', '--apply'],
      { COLUMNS: '60' },
      deps(applied),
    );
    const { code: badCode, stderr } = await runInMemory(
      ['remediate', '--apply'],
      { COLUMNS: 'wide' },
      deps(refused),
    );

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/Actions \(\d+\):/);
    expect(Math.max(...stdout.split('\n').map(textWidth))).toBeLessThanOrEqual(60);
    expect(badCode).toBe(2);
    expect(stderr).toContain('COLUMNS: "wide" is not a positive whole number');
    expect(refused.sts.calls()).toHaveLength(0);
  });
});
