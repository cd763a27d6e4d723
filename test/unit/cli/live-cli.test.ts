import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { runCli } from '../../../src/cli/program';
import type { Report } from '../../../src/types';
import { accountServing } from '../../helpers/mock-aws';
import { awsError } from '../../helpers';
import { memoryIo } from '../../helpers/memory-io';
import { loadScenarios, observedPaths, type Scenario } from '../../helpers/scenarios';
import { runInMemory } from '../../helpers';

/** An account whose EC2 API serves the scenario's estate. */
function accountOf(scenario: Scenario) {
  return accountServing(scenario.snapshot as { regions: Record<string, unknown> });
}

const scenarios = loadScenarios();
const twoRegions = scenarios.find((s) => s.name === '12-two-regions') as Scenario;

describe('vpce-auditor audit (live)', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s: the live audit of the mocked estate gives the routing-rule verdicts',
    async (_name, scenario) => {
      // Prepare
      const mocked = accountOf(scenario);

      // Act
      const { code, stdout } = await runInMemory(
        ['audit', '--format', 'json'],
        {},
        {
          clients: () => mocked.clients,
        },
      );

      // Assess
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as Report;
      expect(report.errors).toEqual([]);
      for (const [subnetId, expected] of Object.entries(scenario.expect)) {
        const subnet = report.subnets.find((candidate) => candidate.subnetId === subnetId);
        // Every family too: the live collection keeps what the offline snapshot carries.
        expect({ subnetId, ...observedPaths(subnet, expected) }).toEqual({
          subnetId,
          ...expected,
        });
      }
    },
  );

  it('prints the report, the failed region on stderr, and exits 1 when one region fails', async () => {
    // Prepare
    const mocked = accountOf(twoRegions);
    mocked
      .ec2('eu-west-1')
      .on(DescribeSubnetsCommand)
      .rejects(awsError('AccessDenied', 'denied by an SCP'));

    // Act
    const { code, stdout, stderr } = await runInMemory(
      ['audit', '--format', 'json'],
      {},
      { clients: () => mocked.clients },
    );

    // Assess
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.errors).toEqual([
      {
        accountId: '111122223333',
        region: 'eu-west-1',
        operation: 'DescribeSubnets',
        code: 'AccessDenied',
        message: 'denied by an SCP',
      },
    ]);
    expect(report.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(new Set(report.subnets.map((s) => s.region))).toEqual(new Set(['us-east-1']));
    expect(stderr).toContain(
      'vpce-auditor: region eu-west-1 failed: DescribeSubnets: AccessDenied: denied by an SCP',
    );
  });

  it('exits 2 on a region that is not enabled, having collected nothing', async () => {
    // Prepare
    const mocked = accountOf(twoRegions);

    // Act
    const { code, stdout, stderr } = await runInMemory(
      ['audit', '--regions', 'eu-west-1,xx-nowhere-1'],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toBe(
      'vpce-auditor: --regions: "xx-nowhere-1" is not an enabled region of this account (enabled: eu-west-1, us-east-1)\n',
    );
    expect(stdout).toBe('');
    expect(mocked.ec2('eu-west-1')).not.toHaveReceivedCommand(DescribeVpcsCommand);
    expect(mocked.ec2('us-east-1')).not.toHaveReceivedCommand(DescribeVpcsCommand);
  });

  it('exits 1 with one line and no stack trace when there are no credentials', async () => {
    // Prepare
    const mocked = accountOf(twoRegions);
    mocked.sts
      .on(GetCallerIdentityCommand)
      .rejects(
        awsError('CredentialsProviderError', 'Could not load credentials from any providers'),
      );

    // Act
    const { code, stdout, stderr } = await runInMemory(
      ['audit'],
      {},
      { clients: () => mocked.clients },
    );

    // Assess
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^vpce-auditor: no AWS credentials found \(Could not load credentials from any providers\); [^\n]*\n$/,
    );
    expect(stdout).toBe('');
  });

  it.each([
    ['AWS_ENDPOINT_URL', 'localhost:4566'],
    ['AWS_ENDPOINT_URL_EC2', 'ftp://example.com'],
  ])(
    'exits 2 naming %s when it is not an absolute http(s) URL, before any call',
    async (name, value) => {
      // Prepare
      const mocked = accountOf(twoRegions);

      // Act
      const { code, stderr } = await runInMemory(
        ['audit'],
        { [name]: value },
        { clients: () => mocked.clients },
      );

      // Assess
      expect(code).toBe(2);
      expect(stderr).toBe(
        `vpce-auditor: ${name}: "${value}" is not an absolute http:// or https:// URL\n`,
      );
      expect(mocked.sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
    },
  );

  it.each([
    [
      'VPCE_AUDITOR_REQUEST_TIMEOUT_MS',
      '2147483648',
      'is over the 2147483647 milliseconds allowed',
    ],
    [
      'VPCE_AUDITOR_CONNECT_TIMEOUT_MS',
      '99999999999',
      'is over the 2147483647 milliseconds allowed',
    ],
    ['VPCE_AUDITOR_MAX_ATTEMPTS', '1000', 'is over the 100 attempts allowed'],
    ['VPCE_AUDITOR_REQUEST_TIMEOUT_MS', '1e3', 'is not a positive whole number of milliseconds'],
  ])('exits 2 naming %s=%s, before any call', async (name, value, why) => {
    // Prepare
    const mocked = accountOf(twoRegions);

    // Act
    const { code, stderr } = await runInMemory(
      ['audit'],
      { [name]: value },
      { clients: () => mocked.clients },
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toBe(`vpce-auditor: ${name}: "${value}" ${why}\n`);
    expect(mocked.sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
  });

  it('accepts an http endpoint override', async () => {
    // Prepare
    const mocked = accountOf(twoRegions);

    // Act
    const { code } = await runInMemory(
      ['audit', '--no-cost'],
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' },
      { clients: () => mocked.clients },
    );

    // Assess
    expect(code).toBe(0);
  });

  describe('AWS_PROFILE', () => {
    let home: string;
    beforeEach(() => {
      home = mkdtempSync(join(tmpdir(), 'vpce-auditor-home-'));
      mkdirSync(join(home, '.aws'));
      writeFileSync(
        join(home, '.aws', 'config'),
        '[default]\nregion = eu-west-1\n[profile prod]\n',
      );
      writeFileSync(join(home, '.aws', 'credentials'), '[ci]\naws_access_key_id = x\n');
    });
    afterEach(() => {
      rmSync(home, { recursive: true, force: true });
    });

    it('exits 2 naming a profile absent from the config and credentials files, before any call', async () => {
      // Prepare
      const mocked = accountOf(twoRegions);
      const io = memoryIo({ HOME: home, AWS_PROFILE: 'nope' });

      // Act
      const code = await runCli(['audit'], io, { clients: () => mocked.clients });

      // Assess
      expect(code).toBe(2);
      expect(io.stderr()).toBe(
        'vpce-auditor: AWS profile "nope" was not found in ~/.aws/config or ~/.aws/credentials (AWS_PROFILE)\n',
      );
      expect(mocked.sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
    });

    it.each(['prod', 'ci'])('runs with profile %s, found in one of the files', async (profile) => {
      // Prepare
      const mocked = accountOf(twoRegions);
      const io = memoryIo({ HOME: home, AWS_PROFILE: profile });

      // Act
      const code = await runCli(['audit', '--no-cost'], io, { clients: () => mocked.clients });

      // Assess
      expect(code).toBe(0);
    });
  });

  it('exits 2 on a --concurrency that is not a positive integer', async () => {
    // Prepare
    const mocked = accountOf(twoRegions);

    // Act
    const { code, stderr } = await runInMemory(
      ['audit', '--concurrency', 'many'],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toBe('vpce-auditor: --concurrency: "many" is not a positive integer\n');
    expect(mocked.sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
  });
});

describe('progress on stderr', () => {
  it('shows regions done / total and calls in flight when stderr is a terminal', async () => {
    // Prepare
    const mocked = accountOf(twoRegions);
    const io = memoryIo({}, true);

    // Act
    const code = await runCli(['audit', '--format', 'json'], io, { clients: () => mocked.clients });

    // Assess
    expect(code).toBe(0);
    expect(io.stderr()).toContain('collecting: 0/2 regions');
    expect(io.stderr()).toContain('collecting: 2/2 regions, 0 calls in flight');
    expect(io.stderr().endsWith('\r\x1b[2K')).toBe(true);
    expect(() => JSON.parse(io.stdout()) as unknown).not.toThrow();
  });

  it('says nothing when stderr is not a terminal, or with --quiet', async () => {
    // Prepare
    const piped = memoryIo({}, false);
    const quiet = memoryIo({}, true);

    // Act
    await runCli(['audit'], piped, { clients: () => accountOf(twoRegions).clients });
    await runCli(['audit', '--quiet'], quiet, {
      clients: () => accountOf(twoRegions).clients,
    });

    // Assess
    expect(piped.stderr()).toBe('');
    expect(quiet.stderr()).toBe('');
  });

  it('prints every AWS call with its duration with --verbose', async () => {
    // Prepare
    const io = memoryIo({}, false);

    // Act
    await runCli(['audit', '--verbose', '--regions', 'eu-west-1'], io, {
      clients: () => accountOf(twoRegions).clients,
    });

    // Assess
    const lines = io.stderr().trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^us-east-1 GetCallerIdentity \d+ ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^eu-west-1 DescribeRouteTables \d+ ms$/));
    // 6 Describe*, the egress-only gateways, the prefix lists and the entries of the two lists.
    expect(lines.filter((line) => line.startsWith('eu-west-1 '))).toHaveLength(10);
  });
});

describe('vpce-auditor snapshot', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-snapshot-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a snapshot whose offline audit gives the same verdicts as the live audit', async () => {
    // Prepare
    const file = join(dir, 'estate.json');
    // The cost estimate needs CloudWatch, which a snapshot does not hold: compare verdicts only.
    const { stdout } = await runInMemory(
      ['audit', '--format', 'json', '--no-cost'],
      {},
      {
        clients: () => accountOf(twoRegions).clients,
      },
    );

    // Act
    const { code: written } = await runInMemory(
      ['snapshot', '--out', file, '--no-cost'],
      {},
      {
        clients: () => accountOf(twoRegions).clients,
      },
    );
    const offline = await runInMemory(['audit', '--snapshot', file, '--format', 'json']);

    // Assess
    expect([written, offline.code]).toEqual([0, 0]);
    const liveReport = JSON.parse(stdout) as Report;
    const offlineReport = JSON.parse(offline.stdout) as Report;
    expect(offlineReport.subnets).toEqual(liveReport.subnets);
    expect(offlineReport.findings).toEqual(liveReport.findings);
    expect(offlineReport.accountId).toBe('111122223333');
    expect(liveReport.subnets.length).toBeGreaterThan(0);
  });

  it('still writes the good regions, prints the failed one and exits 1', async () => {
    // Prepare
    const file = join(dir, 'partial.json');
    const mocked = accountOf(twoRegions);
    mocked
      .ec2('us-east-1')
      .on(DescribeVpcsCommand)
      .rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.'));

    // Act
    const { code, stderr } = await runInMemory(
      ['snapshot', '--out', file, '--quiet'],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Assess
    expect(code).toBe(1);
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { regions: Record<string, unknown> };
    expect(Object.keys(snapshot.regions)).toEqual(['eu-west-1']);
    expect(stderr).toBe(
      'vpce-auditor: region us-east-1 failed: DescribeVpcs: RequestLimitExceeded: Request limit exceeded.\n',
    );
  });

  it('requires --out', async () => {
    // Act
    const { code, stderr } = await runInMemory(
      ['snapshot'],
      {},
      {
        clients: () => accountOf(twoRegions).clients,
      },
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain("required option '--out <file>' not specified");
  });
});
