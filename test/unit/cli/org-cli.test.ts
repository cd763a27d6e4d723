import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-organizations';
import { DescribeRouteTablesCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import type { CliDependencies } from '../../../src/cli/program';
import { formatReport } from '../../../src/format';
import type { Report } from '../../../src/types';
import { awsError } from '../../helpers';
import { INSTANT } from '../../helpers/lambda';
import {
  mockOrganization,
  ORGANIZATION_ID,
  type MockMember,
} from '../../helpers/mock-organization';
import { loadScenarios, type Scenario } from '../../helpers/scenarios';
import { runInMemory } from '../../helpers';

/** Remediation that neither paces its calls nor waits between its verification reads. */
const NO_WAITING = { pacing: INSTANT, verify: { sleep: INSTANT.sleep } };

const scenarios = new Map(loadScenarios().map((s) => [s.name, s] as const));
const scenario = (name: string) => scenarios.get(name) as Scenario;

const MANAGEMENT = '111111111111';
const NAT = '222222222222';
const IGW = '333333333333';
const REFUSING = '444444444444';
const EXEMPT = '555555555555';
const SUSPENDED = '666666666666';

function organization(overrides: Partial<Record<string, Partial<MockMember>>> = {}) {
  const members: MockMember[] = [
    { id: MANAGEMENT, name: 'management', scenario: scenario('04-isolated-subnet') },
    { id: NAT, name: 'payments', scenario: scenario('02-nat-private-subnet') },
    { id: IGW, name: 'web', scenario: scenario('01-igw-public-subnet') },
    { id: REFUSING, name: 'legacy', refuse: true },
    { id: EXEMPT, name: 'sandbox', tags: { 'vpce-auditor:exempt': 'true' } },
    { id: SUSPENDED, name: 'closed', state: 'SUSPENDED' },
  ].map((member) => ({ ...member, ...overrides[member.id] }));
  return mockOrganization(MANAGEMENT, members);
}

function depsOf(org: ReturnType<typeof organization>): CliDependencies {
  return { accountAccess: () => org.access };
}

describe('vpce-auditor audit --org', () => {
  it('audits every ACTIVE account, each subnet and finding carrying its account, and reports the refused role in errors with exit 1', async () => {
    // Prepare
    const org = organization();

    // Act
    const { code, stdout, stderr } = await runInMemory(
      ['audit', '--org', '--format', 'json', '--no-cost'],
      {},
      depsOf(org),
    );

    // Assess
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.accountId).toBe(MANAGEMENT);
    expect(report.organizationId).toBe(ORGANIZATION_ID);
    expect(report.accounts?.map((a) => [a.accountId, a.status])).toEqual([
      [MANAGEMENT, 'audited'],
      [NAT, 'audited'],
      [IGW, 'audited'],
      [REFUSING, 'failed'],
      [EXEMPT, 'exempt'],
      [SUSPENDED, 'skipped'],
    ]);
    const nat = report.subnets.find((s) => s.subnetId === 'subnet-0baf275109f57c8ff');
    expect(nat).toMatchObject({ accountId: NAT, services: { s3: { path: 'nat-gateway' } } });
    const igw = report.subnets.find((s) => s.subnetId === 'subnet-03f3e9c34e3cb5c50');
    expect(igw).toMatchObject({ accountId: IGW, services: { s3: { path: 'internet-gateway' } } });
    expect(new Set(report.findings.map((f) => f.accountId))).toEqual(new Set([NAT, IGW]));
    for (const finding of report.findings)
      expect(finding.id.startsWith(`${finding.accountId}/`)).toBe(true);
    expect(report.errors).toEqual([
      expect.objectContaining({
        accountId: REFUSING,
        operation: 'AssumeRole',
        code: 'AccessDenied',
      }),
    ]);
    expect(report.summary.subnets).toBe(
      (report.accounts ?? []).reduce((sum, account) => sum + account.summary.subnets, 0),
    );
    expect(report.summary.leakingSubnets).toBe(
      report.accounts?.reduce((sum, account) => sum + account.summary.leakingSubnets, 0),
    );
    expect(org.clientsAskedFor.sort()).toEqual([MANAGEMENT, NAT, IGW, REFUSING].sort());
    expect(stderr).toContain(`vpce-auditor: account ${REFUSING} failed: AssumeRole: AccessDenied`);
  });

  it('reports an AssumeRole that timed out with the code of a region that timed out: Timeout', async () => {
    // Prepare
    const timedOut = awsError('TimeoutError', 'Connection timed out after 5000 ms');
    const org = organization({ [REFUSING]: { refuseWith: timedOut } });

    // Act
    const { stdout } = await runInMemory(
      ['audit', '--org', '--format', 'json', '--no-cost'],
      {},
      depsOf(org),
    );

    // Assess
    const report = JSON.parse(stdout) as Report;
    expect(report.errors).toEqual([
      expect.objectContaining({
        accountId: REFUSING,
        operation: 'AssumeRole',
        code: 'Timeout',
        message: 'TimeoutError: Connection timed out after 5000 ms',
      }),
    ]);
  });

  it('shows account names and AWS messages on stderr as one plain line each, never raw escape sequences', async () => {
    // Prepare: a member's admin named the account; the failing region's message quotes it.
    const hostile = '\u001b]0;owned\u0007\u001b[2Jlegacy\nFAKE: all clear';
    const org = organization({ [REFUSING]: { name: hostile } });
    org
      .account(NAT)
      .ec2('us-east-1')
      .on(DescribeSubnetsCommand)
      .rejects(awsError('UnauthorizedOperation', `denied for ${hostile}`));

    // Act
    const { stdout, stderr } = await runInMemory(
      ['audit', '--org', '--format', 'table', '--no-cost'],
      {},
      depsOf(org),
    );

    // Assess
    // eslint-disable-next-line no-control-regex
    expect(stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(stdout).not.toContain('\u001b');
    expect(stderr.split('\n').filter((line) => line.startsWith('FAKE'))).toEqual([]);
    expect(stderr).toContain('legacy FAKE: all clear');
  });

  it('keeps every other account intact when one account loses a region', async () => {
    // Prepare
    const org = organization({
      [REFUSING]: { refuse: false, scenario: scenario('01-igw-public-subnet') },
    });
    org
      .account(NAT)
      .ec2('us-east-1')
      .on(DescribeSubnetsCommand)
      .rejects(awsError('UnauthorizedOperation', 'SCP'));

    // Act
    const { code, stdout } = await runInMemory(
      ['audit', '--org', '--format', 'json', '--no-cost'],
      {},
      depsOf(org),
    );

    // Assess
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.errors).toEqual([
      expect.objectContaining({
        accountId: NAT,
        region: 'us-east-1',
        operation: 'DescribeSubnets',
      }),
    ]);
    expect(report.accounts?.find((a) => a.accountId === IGW)?.summary.leakingSubnets).toBe(1);
    expect(report.subnets.some((s) => s.accountId === REFUSING)).toBe(true);
  });

  it('audits exactly --accounts, minus --exclude-accounts, without calling Organizations', async () => {
    // Prepare
    const org = organization();

    // Act
    const { code, stdout } = await runInMemory(
      [
        'audit',
        '--accounts',
        `${NAT},${IGW},${MANAGEMENT}`,
        '--exclude-accounts',
        MANAGEMENT,
        '--format',
        'json',
        '--no-cost',
      ],
      {},
      depsOf(org),
    );

    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.accounts?.map((a) => [a.accountId, a.status])).toEqual([
      [NAT, 'audited'],
      [IGW, 'audited'],
    ]);
    expect(report.organizationId).toBeUndefined();
    expect(org.organizations).not.toHaveReceivedCommand(ListAccountsCommand);
    expect(org.organizations).not.toHaveReceivedCommand(ListTagsForResourceCommand);
  });

  it('never assumes the role of an exempt, suspended or excluded account', async () => {
    // Prepare
    const org = organization();

    // Act
    await runInMemory(
      ['audit', '--org', '--exclude-accounts', IGW, '--format', 'json', '--no-cost'],
      {},
      depsOf(org),
    );

    // Assess
    expect(org.clientsAskedFor).not.toContain(EXEMPT);
    expect(org.clientsAskedFor).not.toContain(SUSPENDED);
    expect(org.clientsAskedFor).not.toContain(IGW);
  });

  it.each([
    [
      '--org with every account excluded',
      [
        '--org',
        '--exclude-accounts',
        [MANAGEMENT, NAT, IGW, REFUSING, EXEMPT, SUSPENDED].join(','),
      ],
      1,
      /selected no account to audit/,
    ],
    [
      '--ou under which nothing is ACTIVE',
      ['--org', '--exclude-accounts', [MANAGEMENT, NAT, IGW, REFUSING, EXEMPT].join(',')],
      1,
      /selected no account to audit/,
    ],
    [
      '--accounts all excluded',
      ['--accounts', NAT, '--exclude-accounts', NAT],
      2,
      /--exclude-accounts leaves no account of --accounts/,
    ],
  ])('fails instead of reporting no leaks when %s', async (_name, args, exit, message) => {
    // Prepare
    const org = organization();

    // Act
    const { code, stdout, stderr } = await runInMemory(
      ['audit', ...args, '--format', 'json', '--no-cost'],
      {},
      depsOf(org),
    );

    // Assess
    expect(code).toBe(exit);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('names --ou and the ids given when an OU or root is not in the organization', async () => {
    // Prepare
    const org = organization();
    org.organizations
      .on(ListAccountsForParentCommand)
      .rejects(
        awsError(
          'ParentNotFoundException',
          "We can't find a root or OU with the ParentId that you specified.",
        ),
      );
    org.organizations
      .on(ListOrganizationalUnitsForParentCommand)
      .rejects(
        awsError(
          'ParentNotFoundException',
          "We can't find a root or OU with the ParentId that you specified.",
        ),
      );

    // Act
    const { code, stderr } = await runInMemory(
      ['audit', '--org', '--ou', 'ou-ab12-cdef3456', '--format', 'json'],
      {},
      depsOf(org),
    );

    // Assess
    expect(code).toBe(1);
    expect(stderr).toMatch(/--ou: ou-ab12-cdef3456 is not an OU or root of the organization/);
    expect(stderr).not.toMatch(/management account or of a delegated administrator/);
  });

  it('fails with exit 1 when AWS Organizations is not in use, even if the listing answers empty', async () => {
    // Prepare
    const org = organization();
    org.organizations
      .on(DescribeOrganizationCommand)
      .rejects(
        awsError(
          'AWSOrganizationsNotInUseException',
          'Your account is not a member of an organization.',
        ),
      );
    org.organizations.on(ListAccountsCommand).resolves({ Accounts: [] });

    // Act
    const { code, stdout, stderr } = await runInMemory(
      ['audit', '--org', '--format', 'json', '--no-cost'],
      {},
      depsOf(org),
    );

    // Assess
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/AWS Organizations is not in use/);
  });

  it('stops with one clear line and exit 1 when the organization cannot be listed', async () => {
    // Prepare
    const org = organization();
    org.organizations
      .on(ListAccountsCommand)
      .rejects(
        awsError(
          'AWSOrganizationsNotInUseException',
          'Your account is not a member of an organization.',
        ),
      );

    // Act
    const { code, stdout, stderr } = await runInMemory(
      ['audit', '--org', '--format', 'json'],
      {},
      depsOf(org),
    );

    // Assess
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^vpce-auditor: cannot list the organization's accounts: ListAccounts failed: AWSOrganizationsNotInUseException: /,
      ),
    ]);
  });

  it("--verbose lists every account's calls, the cost estimate's CloudWatch reads included", async () => {
    // Prepare
    const org = organization();

    // Act
    const { stderr } = await runInMemory(
      ['audit', '--org', '--format', 'json', '--verbose'],
      {},
      depsOf(org),
    );

    // Assess
    const lines = stderr.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${NAT} \\S+ DescribeRouteTables \\d+ ms`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${NAT} \\S+ GetMetricData \\d+ ms`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^organizations ListAccounts \d+ ms/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^organizations DescribeOrganization \d+ ms/),
    );
  });

  it('opens the table with the accounts ranked by estimated dollars', async () => {
    // Prepare
    const org = organization({
      [REFUSING]: { refuse: false, scenario: scenario('02-nat-private-subnet') },
    });
    const report = await (async () => {
      const { stdout } = await runInMemory(
        ['audit', '--org', '--format', 'json', '--no-cost'],
        {},
        depsOf(org),
      );
      return JSON.parse(stdout) as Report;
    })();
    // Dollars per account, as the cost estimate would give them.
    const dollars: Record<string, number> = { [NAT]: 12.5, [REFUSING]: 40, [IGW]: 0 };
    const priced: Report = {
      ...report,
      accounts: report.accounts?.map((a) =>
        dollars[a.accountId] === undefined
          ? a
          : { ...a, summary: { ...a.summary, estimatedMonthlyUsd: dollars[a.accountId] } },
      ),
    };

    // Act
    const table = formatReport(priced, 'table');

    // Assess
    const rows = table.split('\n').filter((line) => /^ {2}\d{12} /.test(line));
    expect(rows.map((row) => row.trim().split(/\s+/)[0])).toEqual([
      REFUSING,
      NAT,
      IGW,
      MANAGEMENT,
      EXEMPT,
      SUSPENDED,
    ]);
    expect(formatReport(priced, 'markdown')).toContain(
      `| ${REFUSING} | legacy | audited | 2 | ~$40.00 |`,
    );
    // The totals name the distinct regions, not the account-regions the summary counts.
    const regions = new Set(report.subnets.map((subnet) => subnet.region));
    const audited = new Set(report.subnets.map((subnet) => subnet.accountId));
    expect(table.split('\n')[1]).toMatch(
      new RegExp(
        `^Subnets audited: ${report.summary.subnets} in ${regions.size} regions? of ${audited.size} accounts · `,
      ),
    );
  });

  it.each([
    [['audit', '--accounts', '12345'], '--accounts: "12345" is not an AWS account id (12 digits)'],
    [['audit', '--org', '--ou', 'ou-x'], '--ou: "ou-x" is not an organizational unit id'],
    [['audit', '--exclude-accounts', NAT], '--exclude-accounts needs --org, --ou or --accounts'],
    [
      ['audit', '--org', '--account-concurrency', '0'],
      '--account-concurrency: "0" is not a positive integer',
    ],
    [['audit', '--org', '--snapshot', 'x.json'], '--snapshot cannot be used with --org'],
    [['remediate', '--account', `${NAT},${IGW}`], 'remediation changes one account per run'],
  ])('refuses %j with exit 2 before any call', async (argv, message) => {
    // Prepare
    const org = organization();

    // Act
    const { code, stderr } = await runInMemory(argv, {}, depsOf(org));

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(org.clientsAskedFor).toEqual([]);
    expect(org.organizations).not.toHaveReceivedCommand(ListAccountsCommand);
  });
});

describe('vpce-auditor snapshot --org', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vpce-org-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a multi-account snapshot that audit --snapshot reads back to the same verdicts and accounts', async () => {
    // Prepare
    const org = organization();
    const file = join(dir, 'org.json');
    const { stdout } = await runInMemory(
      ['audit', '--org', '--format', 'json', '--no-cost'],
      {},
      depsOf(organization()),
    );

    // Act
    const { code: written } = await runInMemory(
      ['snapshot', '--org', '--out', file, '--quiet'],
      {},
      depsOf(org),
    );
    const offline = await runInMemory(['audit', '--snapshot', file, '--format', 'json'], {}, {});

    // Assess
    expect(written).toBe(1);
    expect(offline.code).toBe(1);
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
      accounts: Record<string, { status?: string; regions: object; errors: object[] }>;
    };
    expect(Object.keys(snapshot.accounts).sort()).toEqual(
      [MANAGEMENT, NAT, IGW, REFUSING, EXEMPT, SUSPENDED].sort(),
    );
    expect(snapshot.accounts[REFUSING]).toMatchObject({ status: 'failed', regions: {} });
    const a = JSON.parse(stdout) as Report;
    const b = JSON.parse(offline.stdout) as Report;
    expect(b.subnets).toEqual(a.subnets);
    expect(b.findings).toEqual(a.findings);
    expect(b.accounts).toEqual(a.accounts);
    expect(b.errors).toEqual(a.errors);
    expect(b.summary).toEqual(a.summary);
  });
});

describe('vpce-auditor remediate --account', () => {
  it('plans one other account through its member role', async () => {
    // Prepare
    const org = organization();

    // Act
    const { code, stdout } = await runInMemory(
      ['remediate', '--account', NAT, '--format', 'json'],
      {},
      depsOf(org),
    );

    // Assess
    expect(code).toBe(0);
    expect(org.clientsAskedFor).toEqual([NAT]);
    const plan = (JSON.parse(stdout) as { plan: { accountId: string } }).plan;
    expect(plan.accountId).toBe(NAT);
    expect(org.account(NAT).ec2('us-east-1')).toHaveReceivedCommand(DescribeRouteTablesCommand);
    expect(org.account(IGW).ec2('us-east-1')).not.toHaveReceivedCommand(DescribeRouteTablesCommand);
  });

  it.each([
    [['--verbose'], ['sts AssumeRole 42 ms']],
    [[], []],
  ])(
    'with %j lists the AssumeRole the access reports through its STS hooks: %j',
    async (flags, expected) => {
      // Prepare
      const org = organization();
      const deps: CliDependencies = {
        accountAccess: (settings) => ({
          ...org.access,
          // The real access's STS client reports its AssumeRole to these hooks (observeCalls).
          clientsFor: (accountId) => {
            settings.stsHooks?.onCall?.({ operation: 'AssumeRole', ms: 42 });
            return org.access.clientsFor(accountId);
          },
        }),
      };

      // Act
      const { code, stderr } = await runInMemory(
        ['remediate', '--account', NAT, '--format', 'json', ...flags],
        {},
        deps,
      );

      // Assess
      expect(code).toBe(0);
      expect(stderr.split('\n').filter((line) => line.startsWith('sts '))).toEqual(expected);
    },
  );

  it('fails with exit 1 when the member role cannot be assumed', async () => {
    // Prepare
    const org = organization();

    // Act
    const { code, stderr } = await runInMemory(
      ['remediate', '--account', REFUSING],
      {},
      depsOf(org),
    );

    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot assume arn:aws:iam::${REFUSING}:role/vpce-auditor-member`);
  });

  it('refuses --apply on an account tagged vpce-auditor:exempt in AWS Organizations (exit 2), before reaching it', async () => {
    // Prepare
    const org = organization({ [EXEMPT]: { scenario: scenario('02-nat-private-subnet') } });

    // Act
    const { code, stdout, stderr } = await runInMemory(
      ['remediate', '--account', EXEMPT, '--apply'],
      {},
      depsOf(org),
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toBe(
      `vpce-auditor: account ${EXEMPT} is tagged vpce-auditor:exempt in AWS Organizations: its owners exempted it, so nothing in it is changed (audit --org leaves it out too); pass --include-exempt-account to change it anyway\n`,
    );
    expect(stdout).toBe('');
    expect(org.clientsAskedFor).toEqual([]);
    expect(org.organizations).toHaveReceivedCommandWith(ListTagsForResourceCommand, {
      ResourceId: EXEMPT,
    });
  });

  it('changes an exempt account only with --include-exempt-account', async () => {
    // Prepare
    const org = organization({ [EXEMPT]: { scenario: scenario('02-nat-private-subnet') } });

    // Act
    const { stderr } = await runInMemory(
      ['remediate', '--account', EXEMPT, '--apply', '--include-exempt-account', '--no-cost'],
      {},
      { ...depsOf(org), remediationTiming: NO_WAITING },
    );

    // Assess
    expect(org.clientsAskedFor).toEqual([EXEMPT]);
    expect(stderr).not.toContain('is tagged vpce-auditor:exempt');
    expect(org.account(EXEMPT).ec2('us-east-1')).toHaveReceivedCommand(DescribeRouteTablesCommand);
  });

  it('refuses --apply when the account tags cannot be read (exit 1), and --include-exempt-account without --apply', async () => {
    // Prepare
    const org = organization();
    org.organizations
      .on(ListTagsForResourceCommand)
      .rejects(awsError('AccessDeniedException', 'not the management account'));

    // Act
    const { code, stderr } = await runInMemory(
      ['remediate', '--account', NAT, '--apply'],
      {},
      depsOf(org),
    );
    const usage = await runInMemory(['remediate', '--include-exempt-account'], {}, depsOf(org));

    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain(
      `account ${NAT}: cannot read its tags in AWS Organizations to check vpce-auditor:exempt (ListTagsForResource: AccessDeniedException`,
    );
    expect(org.clientsAskedFor).toEqual([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe(
      'vpce-auditor: --include-exempt-account needs --apply: only a change is refused\n',
    );
  });

  it('passes an account outside any organization (Organizations not in use)', async () => {
    // Prepare
    const org = organization();
    org.organizations
      .on(ListTagsForResourceCommand)
      .rejects(awsError('AWSOrganizationsNotInUseException', 'not in an organization'));

    // Act
    await runInMemory(
      ['remediate', '--account', NAT, '--apply', '--no-cost'],
      {},
      {
        ...depsOf(org),
        remediationTiming: NO_WAITING,
      },
    );

    // Assess
    expect(org.clientsAskedFor).toEqual([NAT]);
  });
});
