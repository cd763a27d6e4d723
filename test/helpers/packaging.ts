import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readZip } from './zip';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');
/** Where `serverless package` writes. */
export const PACKAGE_DIR = join(ROOT, '.serverless');
/** The CloudFormation template of a deployment. */
export const TEMPLATE_PATH = join(PACKAGE_DIR, 'cloudformation-template-update-stack.json');
/** The functions of serverless.yml. */
export const FUNCTIONS = ['audit', 'remediate'] as const;

/** A CloudFormation resource, loosely typed for assertions. */
export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties: Record<string, unknown>;
}

/** The template, loosely typed for assertions. */
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}

/**
 * Fails unless .serverless/ holds a package at least as new as its sources. Jest never packages:
 * `npm test` (through `pretest`) and CI package once, before the tests, with
 * `scripts/package.mjs`.
 *
 * @throws Error saying what is stale and how to package
 */
export function requireFreshPackage(): void {
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--check'], {
      cwd: ROOT,
      stdio: 'pipe',
      encoding: 'utf8',
    });
  } catch (error) {
    const failed = error as { stderr?: string };
    throw new Error((failed.stderr ?? String(error)).trim(), { cause: error });
  }
}

/** `serverless package` with extra arguments, as CI runs it (no credentials, an empty HOME). */
function runServerlessPackage(args: string[], cwd = ROOT): string {
  const home = mkdtempSync(join(tmpdir(), 'vpce-auditor-sls-home-'));
  try {
    return execFileSync(join(ROOT, 'node_modules', '.bin', 'serverless'), ['package', ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: home },
      stdio: 'pipe',
      encoding: 'utf8',
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** What a packaging run with stack parameters gave. */
export type PackagingOutcome =
  { ok: true; template: CfnTemplate; folder: string } | { ok: false; output: string };

/** What a packaging copy of the service leaves out (its own output and working folders). */
const NOT_COPIED = new Set(['.serverless', '.esbuild', '.serverless.lock', '.git', 'coverage']);

/**
 * Packages with `--param name=value` for each entry, in a temporary copy of the service (links to
 * everything but serverless.yml, which Serverless wants as a file), so that the default package in
 * .serverless/ is left alone; returns its template, or the output of the refusal.
 */
export function packageWithParams(params: Record<string, string>): PackagingOutcome {
  const service = mkdtempSync(join(tmpdir(), 'vpce-auditor-service-'));
  for (const entry of readdirSync(ROOT)) {
    if (NOT_COPIED.has(entry)) continue;
    if (entry === 'serverless.yml') copyFileSync(join(ROOT, entry), join(service, entry));
    else symlinkSync(join(ROOT, entry), join(service, entry));
  }
  const args = Object.entries(params).map(([name, value]) => `--param=${name}=${value}`);
  try {
    runServerlessPackage(args, service);
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
  const folder = join(service, '.serverless');
  const template = JSON.parse(
    readFileSync(join(folder, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as CfnTemplate;
  return { ok: true, template, folder };
}
/** The packaged CloudFormation template. */
export function readTemplate(): CfnTemplate {
  return JSON.parse(readFileSync(TEMPLATE_PATH, 'utf8')) as CfnTemplate;
}

/** The path of a function's zip. */
export function zipPath(name: (typeof FUNCTIONS)[number]): string {
  return join(PACKAGE_DIR, `${name}.zip`);
}

/** Unzips a function's package into a fresh temporary folder and returns it. */
export function unzipFunction(name: (typeof FUNCTIONS)[number]): string {
  const folder = mkdtempSync(join(tmpdir(), `vpce-auditor-${name}-`));
  for (const entry of readZip(readFileSync(zipPath(name)))) {
    const target = join(folder, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data);
  }
  return folder;
}
