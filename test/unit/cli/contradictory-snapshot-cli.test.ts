/** A snapshot that contradicts itself is refused (exit 2, naming the field and value), never counted both ways. */
import fc from 'fast-check';
import { estate } from '../../helpers';
import { expectRefused, runInMemory } from '../../helpers/memory-io';
import { writeTempJson } from '../../helpers/temp-file';

const ACCOUNT = '111122223333';
const MEMBER = '444455556666';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;

/** One leaking VPC in each region. */
function regionsInput(regions: readonly string[] = REGIONS): Record<string, unknown> {
  let builder = estate(regions[0]);
  regions.forEach((region, i) => {
    if (i > 0) builder = builder.region(region);
    builder = builder
      .vpc(`vpc-${i}`)
      .subnet(`subnet-${i}`, `vpc-${i}`)
      .table(`rtb-${i}`, `vpc-${i}`, { main: true })
      .route('0.0.0.0/0', { NatGatewayId: `nat-${i}` });
  });
  return builder.input().regions as Record<string, unknown>;
}

function regionError(region: string, accountId?: string) {
  return {
    region,
    operation: 'DescribeRouteTables',
    code: 'UnauthorizedOperation',
    message: 'not allowed',
    ...(accountId !== undefined ? { accountId } : {}),
  };
}

describe('a single-account snapshot', () => {
  it('refuses a region that is both collected and failed, in audit and remediate', async () => {
    // Prepare
    const file = writeTempJson({
      schemaVersion: 1,
      accountId: ACCOUNT,
      regions: regionsInput(),
      errors: [regionError('eu-west-1')],
    });

    // Act
    const audit = await runInMemory(['audit', '--snapshot', file, '--format', 'json']);
    const plan = await runInMemory(['remediate', '--snapshot', file]);

    // Assess
    expectRefused(audit, 'errors[0].region', '"eu-west-1"', 'also in regions');
    expectRefused(plan, 'errors[0].region', '"eu-west-1"');
  });

  it('refuses an error of another account and an error whose region is not a region name', async () => {
    // Prepare
    const foreign = writeTempJson({
      schemaVersion: 1,
      accountId: ACCOUNT,
      regions: regionsInput(['us-east-1']),
      errors: [regionError('eu-west-1', MEMBER)],
    });
    const notARegion = writeTempJson({
      schemaVersion: 1,
      accountId: ACCOUNT,
      regions: regionsInput(['us-east-1']),
      errors: [regionError('us-east-1 ')],
    });

    // Act
    const foreignResult = await runInMemory(['audit', '--snapshot', foreign]);
    const notARegionResult = await runInMemory(['audit', '--snapshot', notARegion]);

    // Assess
    expectRefused(foreignResult, 'errors[0].accountId', `"${MEMBER}"`, ACCOUNT);
    expectRefused(notARegionResult, 'errors[0].region', '"us-east-1 "', 'not an AWS region name');
  });

  it('is refused exactly when some failed region is also collected; else each region counts once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray<string>([...REGIONS], { minLength: 1 }),
        fc.subarray([...REGIONS, 'sa-east-1', 'me-south-1']),
        async (collected, failed) => {
          // Prepare
          const file = writeTempJson({
            schemaVersion: 1,
            accountId: ACCOUNT,
            regions: regionsInput(collected),
            errors: failed.map((region) => regionError(region)),
          });
          const both = failed.filter((region) => collected.includes(region));

          // Act
          const result = await runInMemory(['audit', '--snapshot', file, '--format', 'json']);

          // Assess
          if (both.length > 0) {
            expectRefused(result, `"${both[0] ?? ''}" is also in regions`);
            return;
          }
          expect(result.code).toBe(failed.length > 0 ? 1 : 0);
          const report = JSON.parse(result.stdout) as {
            regions: string[];
            errors: { region: string }[];
            subnets: { region: string }[];
          };
          expect(report.errors.map((e) => e.region).sort()).toEqual([...failed].sort());
          expect(new Set(report.subnets.map((s) => s.region))).toEqual(new Set(collected));
          expect(report.regions.sort()).toEqual([...collected, ...failed].sort());
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('a multi-account snapshot', () => {
  function organization(member: Record<string, unknown>): string {
    return writeTempJson({
      schemaVersion: 1,
      accountId: ACCOUNT,
      accounts: {
        [ACCOUNT]: { accountId: ACCOUNT, regions: regionsInput(['us-east-1']), errors: [] },
        [MEMBER]: { accountId: MEMBER, ...member },
      },
    });
  }

  it('refuses a failed account that gives no error (it would exit 0)', async () => {
    // Prepare
    const silent = organization({ status: 'failed', regions: {}, errors: [] });
    const omitted = organization({ status: 'failed' });

    // Act
    const results = [
      await runInMemory(['audit', '--snapshot', silent]),
      await runInMemory(['audit', '--snapshot', omitted, '--format', 'json']),
    ];

    // Assess
    for (const result of results)
      expectRefused(result, `accounts.${MEMBER}.errors`, '"failed" must say why');
  });

  it.each(['failed', 'exempt', 'skipped'])(
    'refuses an account of status %s that holds collected regions',
    async (status) => {
      // Prepare
      const file = organization({
        status,
        regions: regionsInput(['eu-west-1']),
        errors: status === 'failed' ? [regionError('us-east-1', MEMBER)] : [],
      });

      // Act
      const result = await runInMemory(['audit', '--snapshot', file]);

      // Assess
      expectRefused(result, `accounts.${MEMBER}.regions`, `"${status}"`, '"eu-west-1"');
    },
  );

  it.each(['exempt', 'skipped'])(
    'refuses an account of status %s that has errors',
    async (status) => {
      // Prepare
      const file = organization({ status, errors: [regionError('us-east-1', MEMBER)] });

      // Act
      const result = await runInMemory(['audit', '--snapshot', file]);

      // Assess
      expectRefused(result, `accounts.${MEMBER}.errors`, `"${status}"`);
    },
  );

  it('refuses an audited account whose region is collected and failed, or whose error is another account’s', async () => {
    // Prepare
    const both = organization({
      regions: regionsInput(['eu-west-1']),
      errors: [regionError('eu-west-1', MEMBER)],
    });
    const foreign = organization({
      regions: regionsInput(['eu-west-1']),
      errors: [regionError('us-east-1', ACCOUNT)],
    });

    // Act
    const bothResult = await runInMemory(['audit', '--snapshot', both]);
    const foreignResult = await runInMemory(['audit', '--snapshot', foreign]);

    // Assess
    expectRefused(bothResult, `accounts.${MEMBER}.errors[0].region`, '"eu-west-1"');
    expectRefused(foreignResult, `accounts.${MEMBER}.errors[0].accountId`, `"${ACCOUNT}"`);
  });

  it('still reads a failed account with its error and exits 1', async () => {
    // Prepare
    const file = organization({ status: 'failed', errors: [regionError('us-east-1', MEMBER)] });

    // Act
    const result = await runInMemory(['audit', '--snapshot', file, '--format', 'json']);

    // Assess
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      accounts: { accountId: string; status: string }[];
    };
    expect(report.accounts).toContainEqual(
      expect.objectContaining({ accountId: MEMBER, status: 'failed' }),
    );
  });
});
