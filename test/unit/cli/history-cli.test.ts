/** `audit --baseline`, `--fail-on-new`, `--format asff` and `diff`, in-process. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { ReportDiff } from '../../../src/history/diff';
import type { Report } from '../../../src/types';
import { nightEstate } from '../../helpers/estate-builder';
import { runInMemory } from '../../helpers/memory-io';
import { writeTemp } from '../../helpers/temp-file';

const ACCOUNT = '111122223333';
let dir: string;

const run = (...args: string[]) => runInMemory(args);

/** `audit` of S3 alone on the snapshot `night`, with `args`. */
const auditS3 = (night: string, ...args: string[]) =>
  run('audit', '--snapshot', night, '--services', 's3', ...args);

let night1: string;
let night2: string;
let report1: string;
let report2: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-history-'));
  night1 = writeTemp('night1.json', nightEstate({ 'rtb-a': 'nat', 'rtb-b': 'nat' }).input());
  night2 = writeTemp(
    'night2.json',
    nightEstate({ 'rtb-a': 'endpoint', 'rtb-b': 'nat', 'rtb-c': 'nat' }).input(),
  );
  report1 = join(dir, 'report1.json');
  report2 = join(dir, 'report2.json');
  await auditS3(night1, '--format', 'json', '--out', report1);
  await auditS3(night2, '--format', 'json', '--out', report2);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const id = (table: string) => `${ACCOUNT}/us-east-1/${table}/s3`;

describe('audit --baseline', () => {
  it('marks each leak new or persisting and lists the resolved one with why', async () => {
    // Act
    const result = await auditS3(night2, '--baseline', report1, '--format', 'json');

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map((f) => [f.id, f.status])).toEqual([
      [id('rtb-b'), 'persisting'],
      [id('rtb-c'), 'new'],
    ]);
    expect(report.resolved?.map((r) => [r.id, r.why, r.pathNow])).toEqual([
      [id('rtb-a'), 'fixed', 'gateway-endpoint'],
    ]);
    expect(report.summary.history).toMatchObject({
      new: { findings: 1 },
      persisting: { findings: 1 },
      resolved: { findings: 1 },
    });
  });

  it('--fail-on-new exits 3 only when a leak is new', async () => {
    // Act
    const withNew = await auditS3(night2, '--baseline', report1, '--fail-on-new');
    const known = await auditS3(night2, '--baseline', report2, '--fail-on-new');
    const fixedOnly = await auditS3(
      writeTemp('night3.json', nightEstate({ 'rtb-a': 'endpoint', 'rtb-b': 'nat' }).input()),
      '--baseline',
      report1,
      '--fail-on-new',
    );
    const reappeared = await auditS3(night1, '--baseline', report2, '--fail-on-new');

    // Assess
    expect(withNew.code).toBe(3);
    expect(known.code).toBe(0);
    expect(fixedOnly.code).toBe(0);
    expect(reappeared.code).toBe(3);
    expect(withNew.stdout).toContain('rtb-c');
  });

  it('--fail-on-new without a baseline is bad usage', async () => {
    // Act
    const result = await run('audit', '--snapshot', night2, '--fail-on-new');

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--fail-on-new needs --baseline');
    expect(result.stdout).toBe('');
  });

  it('refuses a baseline that is not a report, naming the file and the field', async () => {
    // Prepare
    const broken = writeTemp('broken.json', {
      ...JSON.parse(JSON.stringify({ schemaVersion: 1 })),
      generatedAt: 'yesterday',
      accountId: ACCOUNT,
      regions: [],
      summary: { subnets: 0, leakingSubnets: 0 },
      subnets: [],
      findings: [],
      errors: [],
    });
    const notJson = writeTemp('not-json.json', '{"schemaVersion": 1,');

    // Act
    const bad = await run('audit', '--snapshot', night2, '--baseline', broken);
    const garbled = await run('audit', '--snapshot', night2, '--baseline', notJson);
    const missing = await run('audit', '--snapshot', night2, '--baseline', join(dir, 'nope.json'));

    // Assess
    expect([bad.code, garbled.code, missing.code]).toEqual([2, 2, 2]);
    expect(bad.stderr).toContain(`--baseline ${broken} is not a valid vpce-auditor JSON report`);
    expect(bad.stderr).toContain('generatedAt: "yesterday" is not an ISO 8601 time');
    expect(garbled.stderr).toContain(`--baseline: "${notJson}" is not valid JSON`);
    expect(missing.stderr).toContain('ENOENT');
    expect(bad.stdout + garbled.stdout + missing.stdout).toBe('');
  });
});

describe('audit --format asff', () => {
  it('prints the leaks as Security Hub findings with the first-seen time of the baseline', async () => {
    // Act
    const result = await auditS3(night2, '--baseline', report1, '--format', 'asff');

    // Assess
    expect(result.code).toBe(0);
    const findings = JSON.parse(result.stdout) as AwsSecurityFinding[];
    const baseline = JSON.parse(readFileSync(report1, 'utf8')) as Report;
    expect(findings.map((f) => [f.Id, f.GeneratorId, f.Compliance?.Status, f.RecordState])).toEqual(
      [
        [id('rtb-b'), 'vpce-auditor/s3-endpoint-bypass', 'FAILED', 'ACTIVE'],
        [id('rtb-c'), 'vpce-auditor/s3-endpoint-bypass', 'FAILED', 'ACTIVE'],
      ],
    );
    expect(findings[0]?.CreatedAt).toBe(baseline.generatedAt);
    expect(findings[1]?.CreatedAt).toBe(findings[1]?.UpdatedAt);
    expect(findings[0]?.ProductArn).toBe(
      `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`,
    );
  });
});

describe('diff', () => {
  it('prints the changes as JSON', async () => {
    // Act
    const result = await run('diff', report1, report2, '--format', 'json');

    // Assess
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout) as ReportDiff;
    expect(diff.new.map((f) => f.id)).toEqual([id('rtb-c')]);
    expect(diff.persisting.map((f) => f.id)).toEqual([id('rtb-b')]);
    expect(diff.resolved.map((r) => [r.id, r.why])).toEqual([[id('rtb-a'), 'fixed']]);
    expect(diff.headline).toBe('1 new leak, 1 fixed, 1 persisting');
  });

  it('warns on stderr when OLD is newer than NEW (the arguments look swapped), and still compares', async () => {
    // Prepare
    const dated = (file: string, generatedAt: string) =>
      writeTemp(`${generatedAt}.json`, {
        ...(JSON.parse(readFileSync(file, 'utf8')) as object),
        generatedAt,
      });
    const later = dated(report1, '2026-11-28T03:00:00.000Z');
    const earlier = dated(report2, '2026-11-27T03:00:00.000Z');

    // Act
    const swapped = await run('diff', later, earlier, '--format', 'json');
    const inOrder = await run('diff', earlier, later, '--format', 'json');

    // Assess
    expect(swapped.code).toBe(0);
    expect(swapped.stderr).toBe(
      'vpce-auditor: warning: OLD (generated 2026-11-28T03:00:00.000Z) is newer than NEW (generated 2026-11-27T03:00:00.000Z): did you mean diff NEW OLD?\n',
    );
    expect(JSON.parse(swapped.stdout)).toHaveProperty('headline');
    expect(inOrder.stderr).toBe('');
  });

  it('prints the changes as a table and as markdown', async () => {
    // Act
    const table = await run('diff', report1, report2);
    const markdown = await run('diff', report1, report2, '--format', 'markdown');

    // Assess
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^vpce-auditor diff: .* -> .*\n1 new leak, 1 fixed, 1 persisting\n/,
    );
    expect(table.stdout).toMatch(
      /New leaks \(1\):\n {4}SEVERITY.*\n {2}vpc-1 · us-east-1\n {4}HIGH\s+rtb-c\s+s3\s+nat-gateway\s+nat-1\s+1\s+-\s+\d{4}-\d\d-\d\d\n/,
    );
    expect(table.stdout).toMatch(
      /Resolved \(1\):\n {4}WHY.*NOW.*\n {2}vpc-1 · us-east-1\n {4}fixed\s+rtb-a\s+s3\s+nat-gateway\s+gateway-endpoint\s/,
    );
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('**1 new leak, 1 fixed, 1 persisting**');
    expect(markdown.stdout).toContain('### Resolved (1)');
    expect(markdown.stdout).toMatch(
      /\| fixed \(now gateway-endpoint\) \| 111122223333 \| us-east-1 \| vpc-1 \| rtb-a \|/,
    );
  });

  it('fits the table in 120 columns, naming the account of each VPC only across accounts', async () => {
    // Prepare: the sample estate as two accounts' reports, the second with every finding gone.
    const sample = join(__dirname, '..', '..', '..', 'examples', 'sample-estate.json');
    const single = join(dir, 'sample.json');
    await run('audit', '--snapshot', sample, '--format', 'json', '--out', single);
    const report = JSON.parse(readFileSync(single, 'utf8')) as Report;
    const other = (f: Report['findings'][number]) => ({
      ...f,
      accountId: '444455556666',
      id: f.id.replace(ACCOUNT, '444455556666'),
    });
    const twoAccounts = writeTemp('two-accounts.json', {
      ...report,
      findings: [...report.findings, ...report.findings.map(other)],
    });
    const fixed = writeTemp('fixed.json', { ...report, findings: report.findings.slice(5) });

    // Act
    const oneAccount = await run('diff', single, fixed);
    const acrossAccounts = await run('diff', twoAccounts, single);

    // Assess
    for (const result of [oneAccount, acrossAccounts]) {
      expect(result.code).toBe(0);
      const widest = Math.max(...result.stdout.split('\n').map((line) => [...line].length));
      expect(widest).toBeLessThanOrEqual(120);
    }
    expect(oneAccount.stdout).not.toContain(ACCOUNT);
    expect(acrossAccounts.stdout).toMatch(/\n {2}vpc-\w+ · 444455556666 · [a-z]+-[a-z]+-\d\n/);
  });

  it('refuses "-" for both OLD and NEW before reading anything, and names an empty one', async () => {
    // Act
    const both = await run('diff', '-', '-');
    const empty = await run('diff', writeTemp('empty.json', ''), report2);

    // Assess
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      'vpce-auditor: diff: OLD and NEW are both "-" (standard input): standard input holds one report, so give at most one of them as "-"\n',
    );
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/OLD: ".*empty\.json" is not valid JSON: it is empty\n$/);
  });

  it('refuses a file that is not a report, naming the file and the field', async () => {
    // Prepare
    const report = JSON.parse(readFileSync(report2, 'utf8')) as Report;
    const broken = writeTemp('broken-diff.json', {
      ...report,
      findings: [{ ...report.findings[0], service: 'ec2' }],
    });

    // Act
    const result = await run('diff', report1, broken);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`NEW ${broken} is not a valid vpce-auditor JSON report`);
    expect(result.stderr).toContain('findings[0].service: "ec2" is not one of "s3", "dynamodb"');
    expect(result.stdout).toBe('');
  });
});
