/**
 * No result is lost: `--out` is checked before the first AWS call (exit 2), a result that cannot be
 * written after the work is done goes to stdout (exit 1), `-` is stdin for `--snapshot` and stdout for
 * `--out`, and a snapshot keeps the region failures of the live audit that took it.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateVpcEndpointCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { runCli, type CliDependencies } from '../../../src/cli/program';
import type { RemediationResult } from '../../../src/remediation/result-types';
import type { Report } from '../../../src/types';
import { fakeAccount, type FakeAccount } from '../../helpers/fake-account';
import { INSTANT } from '../../helpers/lambda';
import { memoryIo } from '../../helpers/memory-io';
import { accountServing } from '../../helpers/mock-aws';
import { scenarioSnapshot } from '../../helpers/reports';
import { awsError, estate } from '../../helpers';
import { writeTemp } from '../../helpers/temp-file';
import { runInMemory } from '../../helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-out-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const twoRegions = scenarioSnapshot('12');

/** The two-region scenario served live, with eu-west-1 denied DescribeSubnets. */
function accountWithAFailingRegion() {
  const mocked = accountServing(twoRegions);
  mocked.ec2('eu-west-1').on(DescribeSubnetsCommand).rejects(awsError('AccessDenied', 'denied'));
  return mocked;
}

function remediationDeps(account: FakeAccount): CliDependencies {
  return {
    clients: () => account.factory,
    accountAccess: () => account.access,
    remediationTiming: { pacing: INSTANT, verify: { sleep: INSTANT.sleep } },
  };
}

function leakingEstate() {
  return estate('us-east-1')
    .vpcs([
      {
        id: 'vpc-0a000000000000001',
        tables: [{ id: 'rtb-011', subnets: ['subnet-011'], via: 'nat-0123456789abcdef0' }],
      },
    ])
    .build();
}

describe('--out is checked before any AWS call', () => {
  it.each([
    ['audit', []],
    ['snapshot', []],
    ['remediate', ['--apply']],
  ])(
    '%s exits 2 naming an --out in a missing directory, and calls nothing',
    async (command, extra) => {
      // Prepare
      const account = fakeAccount(leakingEstate());
      const out = join(dir, 'missing', 'result.json');

      // Act
      const { code, stderr } = await runInMemory(
        [command, ...extra, '--out', out],
        {},
        remediationDeps(account),
      );

      // Assess
      expect(code).toBe(2);
      expect(stderr).toBe(
        `vpce-auditor: --out: cannot write "${out}": directory ${join(dir, 'missing')}: ENOENT\n`,
      );
      expect(account.sts.calls()).toHaveLength(0);
      for (const mock of account.ec2.values()) expect(mock.calls()).toHaveLength(0);
    },
  );

  it('refuses an --out below a regular file', async () => {
    // Prepare
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');

    // Act
    const { code, stderr } = await runInMemory([
      'audit',
      '--snapshot',
      '-',
      '--out',
      join(file, 'r.json'),
    ]);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(`plain.txt/r.json": ENOTDIR`);
  });
});

describe('an --out that names no writable file is refused before any AWS call', () => {
  const commands = [
    ['audit', []],
    ['snapshot', []],
    ['remediate', ['--apply']],
  ] as const;
  const directoryNames = (): string[] => [
    'missing-dir/',
    join(dir, 'missing-dir') + '/',
    dir + '/',
    `${dir}/missing-dir/.`,
    `${dir}/missing-dir/..`,
    `${dir}/.`,
    '.',
    '..',
  ];

  it.each(commands)(
    "%s exits 2 on a name that can only be a directory's",
    async (command, extra) => {
      for (const out of directoryNames()) {
        // Prepare
        const account = fakeAccount(leakingEstate());

        // Act
        const { code, stdout, stderr } = await runInMemory(
          [command, ...extra, '--out', out],
          {},
          remediationDeps(account),
        );

        // Assess
        expect({ out, code }).toEqual({ out, code: 2 });
        expect(stderr).toMatch(/^vpce-auditor: --out: cannot write ".*": .*directory/);
        expect(stdout).toBe('');
        expect(account.sts.calls()).toHaveLength(0);
        for (const mock of account.ec2.values()) expect(mock.calls()).toHaveLength(0);
      }
    },
  );

  it.each(commands)(
    '%s exits 2 on a name too long for its temporary file, and leaves no file',
    async (command, extra) => {
      // Prepare: 250 bytes fit a file name, not with ".<pid>.tmp" after them
      const account = fakeAccount(leakingEstate());
      const out = join(dir, 'r'.repeat(250));

      // Act
      const { code, stderr } = await runInMemory(
        [command, ...extra, '--out', out],
        {},
        remediationDeps(account),
      );

      // Assess
      expect(code).toBe(2);
      expect(stderr).toBe(`vpce-auditor: --out: cannot write "${out}": ENAMETOOLONG\n`);
      expect(account.sts.calls()).toHaveLength(0);
    },
  );

  it('leaves nothing behind after checking a writable --out', async () => {
    // Prepare
    const sub = mkdtempSync(join(dir, 'probe-'));
    const out = join(sub, 'report.json');

    // Act
    const { code } = await runInMemory([
      'diff',
      '--out',
      out,
      join(sub, 'a.json'),
      join(sub, 'b.json'),
    ]);

    // Assess: the inputs are missing (exit 2), and the check created nothing
    expect(code).toBe(2);
    expect(readdirSync(sub)).toEqual([]);
  });
});

describe('a result that cannot be written is printed instead', () => {
  it('remediate --apply with an --out that fails when written prints the result on stdout and exits 1', async () => {
    // Prepare: /dev/full passes the check (it is writable) and fails the write with ENOSPC.
    const snapshot = leakingEstate();
    const account = fakeAccount(snapshot);

    // Act
    const run = await runInMemory(
      ['remediate', '--apply', '--format', 'json', '--out', '/dev/full'],
      {},
      remediationDeps(account),
    );

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'vpce-auditor: --out: cannot write "/dev/full": ENOSPC; the remediation follows on stdout',
    );
    const { result } = JSON.parse(run.stdout) as { result: RemediationResult };
    expect(result.counts.endpointsCreated).toBe(2);
    const creates = [...account.ec2.values()].flatMap((m) =>
      m.commandCalls(CreateVpcEndpointCommand),
    );
    expect(creates.filter((c) => c.args[0].input.DryRun !== true)).toHaveLength(2);
  });
});

describe('a JSON report that cannot be written', () => {
  it('audit --format json with an --out that fails when written prints the whole report on stdout and exits 1', async () => {
    // Prepare: the report is made piece by piece; the failed file must not lose any of it.
    const snapshot = writeTemp('leaking.json', JSON.stringify(leakingEstate()));

    // Act
    const run = await runInMemory([
      'audit',
      '--snapshot',
      snapshot,
      '--format',
      'json',
      '--out',
      '/dev/full',
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'vpce-auditor: --out: cannot write "/dev/full": ENOSPC; the report follows on stdout',
    );
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.map((f) => f.routeTableId)).toEqual(['rtb-011', 'rtb-011']);
    expect(report.subnets.map((s) => s.subnetId)).toEqual(['subnet-011']);
  });
});

describe('"-" and the failures a snapshot keeps', () => {
  it('snapshot records the failed region; audit --snapshot - reports it like the live audit, exit 1', async () => {
    // Prepare
    const {
      code: liveCode,
      stdout,
      stderr,
    } = await runInMemory(
      ['audit', '--format', 'json', '--no-cost'],
      {},
      {
        clients: () => accountWithAFailingRegion().clients,
      },
    );
    const taken = await runInMemory(
      ['snapshot', '--out', '-', '--quiet', '--no-cost'],
      {},
      {
        clients: () => accountWithAFailingRegion().clients,
      },
    );
    const offline = memoryIo({}, false, taken.stdout);

    // Act
    const code = await runCli(['audit', '--snapshot', '-', '--format', 'json'], offline);

    // Assess
    expect(taken.code).toBe(1);
    expect(JSON.parse(taken.stdout)).toMatchObject({
      errors: [{ region: 'eu-west-1', operation: 'DescribeSubnets', code: 'AccessDenied' }],
    });
    expect(code).toBe(liveCode);
    expect(code).toBe(1);
    const liveReport = JSON.parse(stdout) as Report;
    const offlineReport = JSON.parse(offline.stdout()) as Report;
    expect({ ...offlineReport, generatedAt: 'now' }).toEqual({ ...liveReport, generatedAt: 'now' });
    expect(offline.stderr()).toBe(
      'vpce-auditor: region eu-west-1 failed: DescribeSubnets: AccessDenied: denied\n',
    );
    expect(stderr).toContain(offline.stderr());
  });

  /** `audit --snapshot` of the two-region snapshot (written to `name`) as JSON to `--out out`. */
  function auditTwoRegionsTo(name: string, out: string) {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(twoRegions));
    return runInMemory(['audit', '--snapshot', file, '--format', 'json', '--out', out]);
  }

  it('audit --out - prints the report on stdout', async () => {
    // Act
    const { code, stdout, stderr } = await auditTwoRegionsTo('snap.json', '-');

    // Assess
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Report).regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(stderr).toBe('');
  });

  it('audit --out FILE writes the report there', async () => {
    // Prepare
    const out = join(dir, 'report.json');

    // Act
    const { code } = await auditTwoRegionsTo('snap2.json', out);

    // Assess
    expect(code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as Report).summary.subnets).toBeGreaterThan(0);
  });
});

describe('configuration from the environment', () => {
  it.each([
    [{ COST_DAYS: 'a week' }, 'COST_DAYS: "a week"'],
    [{ COST_DAYS: '456' }, 'COST_DAYS: "456"'],
    [{ NAT_PRICE_PER_GB: 'cheap' }, 'NAT_PRICE_PER_GB: "cheap"'],
  ])('validates %j as documented: exit 2 naming it', async (env, message) => {
    // Act
    const { code, stderr } = await runInMemory(['audit', '--snapshot', '-'], env);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
