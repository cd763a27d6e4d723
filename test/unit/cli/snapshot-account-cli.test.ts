/** A snapshot must say which account it describes: a missing or malformed `accountId` is refused. */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/program';
import { estate } from '../../helpers';
import { memoryIo } from '../../helpers/memory-io';

let dir: string;
let count = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-account-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function leakyInput(): Record<string, unknown> {
  return estate()
    .vpc('vpc-1')
    .subnet('subnet-a', 'vpc-1')
    .table('rtb-main', 'vpc-1', { main: true })
    .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
    .input() as unknown as Record<string, unknown>;
}

function write(content: unknown): string {
  count += 1;
  const file = join(dir, `snapshot-${count}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

async function run(...args: string[]) {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** Exit 2, one line naming accountId (and the value when there is one), no report, no stack. */
function expectAccountRefused(
  result: { code: number; stdout: string; stderr: string },
  shown?: string,
) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/accountId/);
  if (shown !== undefined) expect(result.stderr).toContain(shown);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('the snapshot accountId', () => {
  it('refuses a snapshot without accountId for every format, ASFF included', async () => {
    // Prepare
    const input = leakyInput();
    delete input.accountId;
    const file = write(input);

    // Act
    const results = await Promise.all(
      ['table', 'json', 'asff', 'markdown'].map((format) =>
        run('audit', '--snapshot', file, '--format', format),
      ),
    );

    // Assess
    for (const result of results) {
      expectAccountRefused(result);
      expect(result.stderr).toMatch(/accountId: is required/);
    }
  });

  it.each([
    ['unknown', '"unknown"'],
    ['', '""'],
    ['11112222333', '"11112222333"'],
    ['1111222233334', '"1111222233334"'],
    [' 111122223333', '" 111122223333"'],
    ['111122223333\n', '111122223333'],
    ['١١١١٢٢٢٢٣٣٣٣', '١١١١'],
    [111122223333, '111122223333'],
    [null, 'null'],
  ])('refuses accountId %j, naming the value', async (value, shown) => {
    // Prepare
    const file = write({ ...leakyInput(), accountId: value });

    // Act
    const audit = await run('audit', '--snapshot', file, '--format', 'asff');
    const plan = await run('remediate', '--snapshot', file);

    // Assess
    expectAccountRefused(audit, shown);
    expectAccountRefused(plan, shown);
  });

  it('refuses any accountId that is not 12 ASCII digits and accepts every one that is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 14 }), fc.stringMatching(/^\d{12}$/)),
        async (value) => {
          // Prepare
          const file = write({ ...leakyInput(), accountId: value });

          // Act
          const result = await run('audit', '--snapshot', file, '--format', 'json');

          // Assess
          if (/^[0-9]{12}$/.test(value)) {
            expect(result.code).toBe(0);
            expect(JSON.parse(result.stdout)).toMatchObject({ accountId: value });
          } else expectAccountRefused(result);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a malformed accountId of a region error and of a multi-account snapshot', async () => {
    // Prepare
    const withError = write({
      ...leakyInput(),
      errors: [
        {
          region: 'eu-west-1',
          operation: 'DescribeVpcs',
          code: 'X',
          message: 'x',
          accountId: 'me',
        },
      ],
    });
    const { regions } = leakyInput();
    const organization = write({
      schemaVersion: 1,
      accountId: 'management',
      accounts: { '111122223333': { accountId: '111122223333', regions } },
    });

    // Act
    const errorResult = await run('audit', '--snapshot', withError);
    const organizationResult = await run('audit', '--snapshot', organization);

    // Assess
    expectAccountRefused(errorResult, '"me"');
    expectAccountRefused(organizationResult, '"management"');
  });
});
