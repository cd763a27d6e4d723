/**
 * The bundled executable, run as a child process: real exit codes, real stdout and stderr. It is
 * built from the current sources into a temporary folder by the same script that builds
 * `dist/cli.js` for `npm ci` (once for all the suites that run it), so the test can never run a
 * stale bundle.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Report } from '../../../src/types';
import { oneSubnetEstate } from '../../helpers/estate-builder';
import { builtCli, fakeAwsEnvironment, runNode, type NodeRun } from '../../helpers/node-process';
import { startFakeEc2Endpoint } from '../../support/fake-ec2-endpoint';

const ROOT = join(__dirname, '..', '..', '..');
let dir: string;
let cli: string;
/** The folder of the bundle (shared with other suites: only read). */
let bundle: string;
let leaky: string;

/** The built CLI (or another bundle) with `args`. */
function run(args: string[], executable = cli): Promise<NodeRun> {
  return runNode([executable, ...args]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-bin-'));
  cli = await builtCli();
  bundle = dirname(cli);
  leaky = join(dir, 'leaky.json');
  writeFileSync(
    leaky,
    JSON.stringify(oneSubnetEstate().route('0.0.0.0/0', { NatGatewayId: 'nat-1' }).input()),
  );
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** What only AWS SDK code contains: its package names, and the EC2 client's class name. */
const SDK_CODE = /@aws-sdk\/|@smithy\/|\bEC2Client\b/;

/** What only zod's code contains: the property its schemas keep their internals in. */
const ZOD_CODE = /\b_zod\b/;

/**
 * Copies the build without any file whose code matches `code`.
 *
 * @returns the copy's executable and the names of the files left out
 */
function buildWithout(code: RegExp, folder: string): { executable: string; removed: string[] } {
  const copy = join(dir, folder);
  mkdirSync(copy);
  const removed: string[] = [];
  for (const name of readdirSync(bundle)) {
    if (!/\.(c?js|mjs)$/.test(name)) continue;
    if (code.test(readFileSync(join(bundle, name), 'utf8'))) removed.push(name);
    else copyFileSync(join(bundle, name), join(copy, name));
  }
  return { executable: join(copy, 'cli.js'), removed };
}

describe('the bundled CLI without the AWS SDK', () => {
  it('runs the offline commands with every file holding SDK code removed, and only the live ones need them', async () => {
    // Prepare
    const { executable, removed } = buildWithout(SDK_CODE, 'no-sdk');
    const before = join(dir, 'before.json');
    const sample = join(ROOT, 'examples', 'sample-estate.json');

    // Act (at once: five Node processes)
    const [audit, json, plan, live] = await Promise.all([
      run(['audit', '--snapshot', sample], executable),
      run(['audit', '--snapshot', leaky, '--format', 'json', '--out', before], executable),
      run(['remediate', '--snapshot', sample], executable),
      run(['snapshot', '--out', join(dir, 'never.json')], executable),
    ]);
    const diff = await run(['diff', before, before], executable);

    // Assess
    expect(removed.length).toBeGreaterThan(0);
    expect(removed).not.toContain('cli.js');
    expect(removed).not.toContain('cli.mjs');
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain('Subnets audited: 73 in 3 regions');
    expect(json.code).toBe(0);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toBe('');
    expect(diff.code).toBe(0);
    expect(diff.stderr).toBe('');
    // The live command does need a removed file: what was removed is the live side.
    expect(live.code).toBe(1);
    expect(live.stderr).toMatch(/Cannot find module .*chunk-/);
  }, 60_000);
});

describe('the bundled CLI without zod', () => {
  it('starts, checks its settings and audits live with every file holding zod removed; only reading a checked file needs one', async () => {
    // Prepare
    const { executable, removed } = buildWithout(ZOD_CODE, 'no-zod');
    const ec2 = await startFakeEc2Endpoint({ regions: ['eu-west-1'], accountId: '111122223333' });
    const env = { ...fakeAwsEnvironment(ec2.url, dir), VPCE_AUDITOR_MAX_ATTEMPTS: '1' };
    const liveAudit = ['audit', '--regions', 'eu-west-1', '--format', 'json', '--no-cost'];

    try {
      // Act
      const [version, help, live, badSetting, snapshot] = await Promise.all([
        run(['--version'], executable),
        run(['audit', '--help'], executable),
        runNode([executable, ...liveAudit], env),
        runNode([executable, ...liveAudit], { ...env, VPCE_AUDITOR_MAX_ATTEMPTS: 'many' }),
        run(['audit', '--snapshot', leaky], executable),
      ]);

      // Assess
      expect(removed.length).toBeGreaterThan(0);
      expect(removed).not.toContain('cli.mjs');
      expect([version.code, help.code]).toEqual([0, 0]);
      expect(live.stderr).toBe('');
      expect(live.code).toBe(0);
      expect((JSON.parse(live.stdout) as Report).summary.subnets).toBeGreaterThan(0);
      expect(badSetting.code).toBe(2);
      expect(badSetting.stderr).toContain('VPCE_AUDITOR_MAX_ATTEMPTS: "many"');
      // Reading a snapshot does need a removed file: what was removed is the file readers.
      expect(snapshot.code).toBe(1);
      expect(snapshot.stderr).toMatch(/Cannot find module .*chunk-/);
    } finally {
      await ec2.close();
    }
  }, 60_000);
});

describe('the bundled live side', () => {
  it('holds only the EC2 commands the CLI sends, not the whole client', () => {
    // Prepare: an EC2 operation the CLI never calls (the aggregated client would bring it along)
    const unused = 'AcceptAddressTransfer';

    // Act
    const holding = readdirSync(bundle).filter(
      (name) => name.endsWith('.mjs') && readFileSync(join(bundle, name), 'utf8').includes(unused),
    );

    // Assess
    expect(holding).toEqual([]);
  });
});

describe('the bundled CLI', () => {
  it('exits 0 and prints the JSON report on stdout', async () => {
    // Act
    const result = await run(['audit', '--snapshot', leaky, '--format', 'json']);

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.subnets.map((s) => [s.subnetId, s.services.s3?.path])).toEqual([
      ['subnet-a', 'nat-gateway'],
    ]);
  });

  it('exits 3 with --fail-on-leak when a subnet leaks', async () => {
    // Act
    const result = await run(['audit', '--snapshot', leaky, '--fail-on-leak']);

    // Assess
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('Subnets audited: 1 in 1 region · Leaking subnets: 1');
  });

  it('exits 2 on malformed JSON with one line on stderr and no stack trace', async () => {
    // Prepare
    const file = join(dir, 'malformed.json');
    writeFileSync(file, '{ not json');

    // Act
    const result = await run(['audit', '--snapshot', file]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^vpce-auditor: .*malformed\.json is not valid JSON: .*\n$/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('reads <(cmd) process substitutions like files, and refuses /dev/zero at once', async () => {
    // Prepare: bash gives each <(...) as /dev/fd/N, the read end of a pipe
    const report = join(dir, 'substituted.json');
    const bash = (script: string) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(
          'bash',
          ['-c', script, 'bash', process.execPath, cli, leaky, report],
          (error, stdout, stderr) => {
            done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
          },
        );
      });

    // Act
    const audit = await bash('"$1" "$2" audit --snapshot <(cat "$3") --format json --out "$4"');
    const diff = await bash('"$1" "$2" diff <(cat "$4") <(cat "$4") --format json');
    const zero = await bash('"$1" "$2" audit --snapshot /dev/zero');

    // Assess
    expect([audit.code, audit.stderr]).toEqual([0, `report written to ${report}\n`]);
    expect(diff.code).toBe(0);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe(
      'vpce-auditor: --snapshot: snapshot "/dev/zero" is not JSON: its first byte is 0x00 (JSON begins with "{" or "[")\n',
    );
  });

  it('exits 2 on an unknown flag', async () => {
    // Act
    const result = await run(['audit', '--snapshot', leaky, '--bogus']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
