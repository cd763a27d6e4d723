/** A snapshot must say which account it describes: a missing or malformed `accountId` is refused. */
import fc from 'fast-check';
import { oneSubnetEstate } from '../../helpers';
import { expectRefused, runInMemory } from '../../helpers/memory-io';
import { writeTempJson } from '../../helpers/temp-file';

function leakyInput(): Record<string, unknown> {
  return oneSubnetEstate()
    .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
    .input() as unknown as Record<string, unknown>;
}

describe('the snapshot accountId', () => {
  it('refuses a snapshot without accountId for every format, ASFF included', async () => {
    // Prepare
    const input = leakyInput();
    delete input.accountId;
    const file = writeTempJson(input);

    // Act
    const results = await Promise.all(
      ['table', 'json', 'asff', 'markdown'].map((format) =>
        runInMemory(['audit', '--snapshot', file, '--format', format]),
      ),
    );

    // Assess
    for (const result of results) {
      expectRefused(result, /accountId/);
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
    const file = writeTempJson({ ...leakyInput(), accountId: value });

    // Act
    const audit = await runInMemory(['audit', '--snapshot', file, '--format', 'asff']);
    const plan = await runInMemory(['remediate', '--snapshot', file]);

    // Assess
    expectRefused(audit, /accountId/, shown);
    expectRefused(plan, /accountId/, shown);
  });

  it('refuses any accountId that is not 12 ASCII digits and accepts every one that is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 14 }), fc.stringMatching(/^\d{12}$/)),
        async (value) => {
          // Prepare
          const file = writeTempJson({ ...leakyInput(), accountId: value });

          // Act
          const result = await runInMemory(['audit', '--snapshot', file, '--format', 'json']);

          // Assess
          if (/^[0-9]{12}$/.test(value)) {
            expect(result.code).toBe(0);
            expect(JSON.parse(result.stdout)).toMatchObject({ accountId: value });
          } else expectRefused(result, /accountId/);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a malformed accountId of a region error and of a multi-account snapshot', async () => {
    // Prepare
    const withError = writeTempJson({
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
    const organization = writeTempJson({
      schemaVersion: 1,
      accountId: 'management',
      accounts: { '111122223333': { accountId: '111122223333', regions } },
    });

    // Act
    const errorResult = await runInMemory(['audit', '--snapshot', withError]);
    const organizationResult = await runInMemory(['audit', '--snapshot', organization]);

    // Assess
    expectRefused(errorResult, /accountId/, '"me"');
    expectRefused(organizationResult, /accountId/, '"management"');
  });
});
