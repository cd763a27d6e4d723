/**
 * The bundled executable, run as a child process: real exit codes, real stdout and stderr. It is
 * built from the current sources into a temporary folder by the same script that builds
 * `dist/cli.js` for `npm ci`, so the test can never run a stale bundle.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../../src/types';
import { estate } from '../../helpers/estate-builder';

const ROOT = join(__dirname, '..', '..', '..');
let dir: string;
let cli: string;
let leaky: string;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function runNode(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT }, (error) => (error ? reject(error) : resolve()));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-bin-'));
  cli = join(dir, 'cli.js');
  await runNode([join(ROOT, 'scripts', 'build-cli.mjs'), cli]);
  leaky = join(dir, 'leaky.json');
  writeFileSync(
    leaky,
    JSON.stringify(
      estate()
        .vpc('vpc-1')
        .subnet('subnet-a', 'vpc-1')
        .table('rtb-main', 'vpc-1', { main: true })
        .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
        .input(),
    ),
  );
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
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

  it('exits 2 on an unknown flag', async () => {
    // Act
    const result = await run(['audit', '--snapshot', leaky, '--bogus']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--bogus'");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
