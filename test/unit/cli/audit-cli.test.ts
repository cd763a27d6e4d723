/** `vpce-auditor audit` in-process (docs/cli.md): exit codes, bad input, output and formats. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATHS, type Report } from '../../../src/types';
import { estate, exemptTag, oneSubnetEstate } from '../../helpers/estate-builder';
import { expectRefused, runInMemory } from '../../helpers/memory-io';
import { writeTemp } from '../../helpers/temp-file';

let dir: string;
let leaky: string;
let clean: string;
let exemptOnly: string;
let missingList: string;

/** Two regions; us-east-1 has a NAT-routed table, eu-west-1 an endpoint-covered one. */
function leakyEstate() {
  return estate('us-east-1')
    .vpc('vpc-1')
    .subnet('subnet-private', 'vpc-1')
    .subnet('subnet-public', 'vpc-1')
    .table('rtb-main', 'vpc-1', { main: true })
    .route('0.0.0.0/0', { GatewayId: 'igw-1' })
    .table('rtb-private', 'vpc-1', { subnets: ['subnet-private'] })
    .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
    .region('eu-west-1')
    .vpc('vpc-eu')
    .subnet('subnet-eu', 'vpc-eu')
    .table('rtb-eu', 'vpc-eu', { main: true })
    .gatewayEndpoint('vpce-eu-s3', 'vpc-eu', 's3', ['rtb-eu'])
    .gatewayEndpoint('vpce-eu-ddb', 'vpc-eu', 'dynamodb', ['rtb-eu']);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-cli-'));
  leaky = writeTemp('leaky.json', leakyEstate().input());
  clean = writeTemp(
    'clean.json',
    oneSubnetEstate()
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .gatewayEndpoint('vpce-ddb', 'vpc-1', 'dynamodb', ['rtb-main'])
      .input(),
  );
  exemptOnly = writeTemp(
    'exempt.json',
    estate()
      .vpc('vpc-1', exemptTag())
      .subnet('subnet-a', 'vpc-1')
      .table('rtb-main', 'vpc-1', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .input(),
  );
  missingList = writeTemp(
    'missing-list.json',
    leakyEstate().region('eu-west-1').withoutPrefixList('s3').input(),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const audit = (...args: string[]) => runInMemory(['audit', ...args]);

describe('exit codes', () => {
  it('exits 0 and prints the report when the audit is done', async () => {
    // Act
    const result = await audit('--snapshot', leaky, '--format', 'json');

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.summary.leakingSubnets).toBe(2);
  });

  it('exits 1 when a region cannot be analysed, and still prints the report of the others', async () => {
    // Act
    const result = await audit('--snapshot', missingList, '--format', 'json');

    // Assess
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.errors.map((e) => [e.region, e.code])).toEqual([
      ['eu-west-1', 'MissingPrefixList'],
    ]);
    expect(report.subnets.map((s) => s.subnetId)).toEqual(['subnet-private', 'subnet-public']);
  });

  it('exits 1 rather than 3 when a region failed and leaks were found', async () => {
    // Act
    const result = await audit('--snapshot', missingList, '--fail-on-leak');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('MissingPrefixList');
  });

  it('exits 3 with --fail-on-leak when a subnet leaks, after printing the report', async () => {
    // Act
    const result = await audit('--snapshot', leaky, '--fail-on-leak');

    // Assess
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('subnet-private');
  });

  it('exits 0 with --fail-on-leak when nothing leaks', async () => {
    // Act
    const result = await audit('--snapshot', clean, '--fail-on-leak');

    // Assess
    expect(result.code).toBe(0);
  });

  it('exits 0 with --fail-on-leak when only exempt subnets leak', async () => {
    // Act
    const result = await audit('--snapshot', exemptOnly, '--fail-on-leak');

    // Assess
    expect(result.code).toBe(0);
  });

  it('exits 0 with --fail-on-leak when the leaks are in services not audited', async () => {
    // Prepare: only S3 is covered by the endpoint.
    const file = writeTemp(
      's3-covered.json',
      oneSubnetEstate()
        .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
        .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
        .input(),
    );

    // Act
    const s3 = await audit('--snapshot', file, '--fail-on-leak', '--services', 's3');
    const both = await audit('--snapshot', file, '--fail-on-leak');

    // Assess
    expect([s3.code, both.code]).toEqual([0, 3]);
  });
});

describe('bad input exits 2 with one clear message', () => {
  it('names a malformed JSON file', async () => {
    // Prepare
    const file = writeTemp('malformed.json', '{"schemaVersion": 1, "regions": {');

    // Act
    const result = await audit('--snapshot', file);

    // Assess
    expectRefused(result, /^vpce-auditor: .*malformed\.json is not valid JSON: /);
  });

  it('names a missing file', async () => {
    // Act
    const result = await audit('--snapshot', join(dir, 'nope.json'));

    // Assess
    expectRefused(result, /--snapshot: cannot read snapshot ".*nope\.json": ENOENT/);
  });

  it('names an invalid field with its path and value', async () => {
    // Prepare
    const input = leakyEstate().input();
    const table = input.regions['us-east-1']?.RouteTables?.[1];
    if (!table?.Routes?.[1]) throw new Error('estate changed');
    table.Routes[1].DestinationCidrBlock = '10.0.0.0/33';
    const file = writeTemp('invalid.json', input);

    // Act
    const result = await audit('--snapshot', file);

    // Assess
    expectRefused(
      result,
      /regions\.us-east-1\.RouteTables\[1\]\.Routes\[1\]\.DestinationCidrBlock: "10\.0\.0\.0\/33" is not an IPv4 CIDR/,
    );
  });

  it('names a field of the wrong type', async () => {
    // Prepare
    const file = writeTemp('wrong-type.json', {
      schemaVersion: 1,
      regions: { 'us-east-1': { Subnets: [{ SubnetId: 'subnet-1', VpcId: 7 }] } },
    });

    // Act
    const result = await audit('--snapshot', file);

    // Assess
    expectRefused(
      result,
      /regions\.us-east-1\.Subnets\[0\]\.VpcId: 7 is a number, expected string/,
    );
  });

  it('names an unknown flag', async () => {
    // Act
    const result = await audit('--snapshot', leaky, '--colour');

    // Assess
    expectRefused(result, /unknown option '--colour'/);
  });

  it('names an unknown format and the allowed ones', async () => {
    // Act
    const result = await audit('--snapshot', leaky, '--format', 'yaml');

    // Assess
    expectRefused(result, /'yaml' is invalid.*table, json, markdown/s);
  });

  it.each(['s3,ec2', '', ','])('names a bad --services value %j', async (value) => {
    // Act
    const result = await audit('--snapshot', leaky, '--services', value);

    // Assess
    expectRefused(result, /^vpce-auditor: --services: /);
  });

  it('names a --regions entry that the snapshot does not hold', async () => {
    // Act
    const result = await audit('--snapshot', leaky, '--regions', 'us-east-1,ap-south-1');

    // Assess
    expectRefused(
      result,
      /--regions: "ap-south-1" not in the snapshot \(it has us-east-1, eu-west-1\)/,
    );
  });

  it('names a --regions entry that is not a region name', async () => {
    // Act
    const result = await audit('--snapshot', leaky, '--regions', 'mars');

    // Assess
    expectRefused(result, /--regions: "mars" is not an AWS region name/);
  });

  it('names an unknown command', async () => {
    // Act
    const { code, stderr } = await runInMemory(['audits']);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command 'audits'/);
  });

  it('names an --out file that cannot be written', async () => {
    // Prepare: --out names a directory.

    // Act
    const { code, stderr } = await runInMemory(['audit', '--snapshot', leaky, '--out', dir]);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vpce-auditor: --out: cannot write ".*": it is a directory\n$/);
  });
});

describe('help and version', () => {
  it.each([
    [['--help'], 0],
    [['audit', '--help'], 0],
    [['--version'], 0],
    [[], 2],
  ] as const)('exits with the usage code for %j', async (argv, expected) => {
    // Act
    const { code, stdout, stderr } = await runInMemory(argv);

    // Assess
    expect(code).toBe(expected);
    expect(`${stdout}${stderr}`).toMatch(/Usage: vpce-auditor|\d+\.\d+\.\d+/);
  });
});

describe('options', () => {
  it('writes the report to --out and nothing on stdout', async () => {
    // Prepare
    const file = join(dir, 'report.json');

    // Act
    const result = await audit('--snapshot', leaky, '--format', 'json', '--out', file);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(existsSync(file)).toBe(true);
    const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
    expect(report.subnets).toHaveLength(3);
  });

  it('writes to a device such as /dev/null, which cannot be replaced by a rename', async () => {
    // Act
    const result = await audit('--snapshot', leaky, '--format', 'json', '--out', '/dev/null');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('report written to /dev/null\n');
  });

  it('audits only the --regions and --services asked for', async () => {
    // Act
    const result = await audit(
      '--snapshot',
      leaky,
      '--format',
      'json',
      '--regions',
      'eu-west-1',
      '--services',
      'dynamodb',
    );

    // Assess
    const report = JSON.parse(result.stdout) as Report;
    expect(report.regions).toEqual(['eu-west-1']);
    expect(report.subnets.map((s) => [s.subnetId, Object.keys(s.services)])).toEqual([
      ['subnet-eu', ['dynamodb']],
    ]);
  });

  it('audits a scenario file as it is', async () => {
    // Prepare
    const file = writeTemp('scenario.json', {
      name: 'x',
      description: 'y',
      snapshot: leakyEstate().input(),
      expect: {},
    });

    // Act
    const result = await audit('--snapshot', file, '--format', 'json');

    // Assess
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Report).subnets).toHaveLength(3);
  });
});

describe('formats', () => {
  it('prints JSON of the documented report shape', async () => {
    // Act
    const result = await audit('--snapshot', leaky, '--format', 'json');

    // Assess
    const report = JSON.parse(result.stdout) as Report;
    expect(Object.keys(report).sort()).toEqual(
      [
        'accountId',
        'errors',
        'findings',
        'generatedAt',
        'regions',
        'schemaVersion',
        'services',
        'subnets',
        'summary',
        'vpcs',
      ].sort(),
    );
    expect(report).toMatchObject({
      schemaVersion: 1,
      accountId: '111122223333',
      regions: ['eu-west-1', 'us-east-1'],
      services: ['s3', 'dynamodb'],
      summary: { subnets: 3, leakingSubnets: 2 },
      errors: [],
    });
    expect(Number.isNaN(Date.parse(report.generatedAt))).toBe(false);
    for (const subnet of report.subnets) {
      expect(Object.keys(subnet).sort()).toEqual(
        [
          'accountId',
          'exempt',
          'region',
          'routeTableId',
          'services',
          'stack',
          'subnetId',
          'vpcId',
        ].sort(),
      );
      expect(subnet.accountId).toBe(report.accountId);
      for (const verdict of Object.values(subnet.services)) {
        expect(PATHS).toContain(verdict.path);
        expect(typeof verdict.leaking).toBe('boolean');
        expect(Array.isArray(verdict.targets)).toBe(true);
        expect(Array.isArray(verdict.leakingCidrs)).toBe(true);
        expect(Object.keys(verdict.families ?? {})).toEqual(['ipv4']);
      }
    }
    for (const finding of report.findings) {
      expect(finding).toEqual(
        expect.objectContaining({
          id: expect.any(String) as string,
          severity: expect.stringMatching(/^(high|medium|low)$/) as string,
          region: expect.any(String) as string,
          vpcId: expect.any(String) as string,
          routeTableId: expect.any(String) as string,
          subnetIds: expect.any(Array) as string[],
          service: expect.stringMatching(/^(s3|dynamodb)$/) as string,
          path: expect.any(String) as string,
          targets: expect.any(Array) as string[],
          remediation: expect.stringMatching(
            /^(attach-to-existing-endpoint|create-endpoint|manual)$/,
          ) as string,
          reason: expect.any(String) as string,
        }),
      );
    }
    expect(report.findings).toHaveLength(4);
  });

  it('prints a table that opens with the totals and lists each leaking subnet once', async () => {
    // Act
    const result = await audit('--snapshot', leaky);

    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe(
      'Subnets audited: 3 in 2 regions · Leaking subnets: 2 · Estimated $/month: not estimated · Regions failed: 0',
    );
    const subnetRows = (id: string) =>
      lines.filter((l) => /^\s+[!x ]\s+subnet-/.test(l) && l.includes(id));
    expect(subnetRows('subnet-private')).toHaveLength(1);
    expect(subnetRows('subnet-public')).toHaveLength(1);
    expect(subnetRows('subnet-private')[0]).toMatch(/nat-gateway nat-1/);
    // the healthy subnet appears only with --all-subnets
    expect(subnetRows('subnet-eu')).toHaveLength(0);
    const all = (await audit('--snapshot', leaky, '--all-subnets')).stdout.split('\n');
    expect(all.find((l) => /^\s+\s+subnet-eu/.test(l))).toMatch(/gateway-endpoint vpce-eu-s3/);
  });

  it('puts leaking subnets first within their VPC and marks them', async () => {
    // Prepare: subnet-a sorts first by name but does not leak.
    const file = writeTemp(
      'order.json',
      estate()
        .vpc('vpc-1')
        .subnet('subnet-a', 'vpc-1')
        .subnet('subnet-b', 'vpc-1')
        .table('rtb-main', 'vpc-1', { main: true })
        .table('rtb-nat', 'vpc-1', { subnets: ['subnet-b'] })
        .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
        .input(),
    );

    // Act
    const result = await audit('--snapshot', file, '--all-subnets');

    // Assess
    const lines = result.stdout.split('\n');
    const b = lines.findIndex((l) => /^\s+!\s+subnet-b/.test(l));
    const a = lines.findIndex((l) => /^\s+subnet-a/.test(l));
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(a);
    expect(lines[b]).toMatch(/^\s+!\s+subnet-b\s+rtb-nat\s+nat-gateway nat-1\s+nat-gateway nat-1$/);
    expect(result.stdout).toContain('vpc-1 · 111122223333 · us-east-1 · 1/2 subnets leaking');
  });

  it('prints markdown with the findings table', async () => {
    // Act
    const result = await audit('--snapshot', leaky, '--format', 'markdown');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('### Findings (4,');
    expect(result.stdout).toMatch(
      /^\| Severity \| Region \| VPC \| Route table \| Name \| Service \| Path \|/m,
    );
    expect(result.stdout).toMatch(
      /^\| high \| us-east-1 \| `vpc-1` \| `rtb-private` \| {2}\| s3 \| nat-gateway \| nat-1 \|/m,
    );
    expect(result.stdout).toMatch(
      /^\| low \| us-east-1 \| `vpc-1` \| `rtb-main` \| {2}\| dynamodb \| internet-gateway \|/m,
    );
    // the same finding order as the JSON report
    const json = JSON.parse(
      (await audit('--snapshot', leaky, '--format', 'json')).stdout,
    ) as Report;
    const order = [
      ...result.stdout.matchAll(
        /^\| (?:high|medium|low|exempt) \| [^|]+ \| `[^`]+` \| `([^`]+)` \|[^|]*\| (\w+) \|/gm,
      ),
    ].map((m) => `${m[1]}/${m[2]}`);
    expect(order).toEqual(json.findings.map((f) => `${f.routeTableId}/${f.service}`));
  });
});
