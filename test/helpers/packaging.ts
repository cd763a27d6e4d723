import { execFileSync } from 'node:child_process';
import {
  existsSync,
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
import { basename, dirname, join } from 'node:path';
import { serverlessPackage } from '../../scripts/serverless-package';
import { keptBuildFolder, withBuildLock } from './kept-build';
import { readZip } from './zip';

/**
 * The properties both stacks give their report bucket: encrypted at rest, never public, every
 * object owned by the bucket's owner (ACLs off).
 */
export const PRIVATE_BUCKET_PROPERTIES = {
  BucketEncryption: {
    ServerSideEncryptionConfiguration: [
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ],
  },
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
} as const;

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

/** A statement of an IAM policy in a template. */
export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** The actions of a statement (one or many). */
export function actionsOf(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The statements of a role's inline policies in a template (throws when there is no such role). */
export function roleStatements(template: CfnTemplate, roleName: string): PolicyStatement[] {
  const role = template.Resources[roleName];
  if (!role) throw new Error(`no role ${roleName} in the template`);
  const policies = role.Properties.Policies as {
    PolicyDocument: { Statement: PolicyStatement[] };
  }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
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

/**
 * The organization stack the tests and benchmarks package: organization=true with a member role name
 * of its own (checked in the template and assumed on moto). Every suite that needs an organization
 * stack asks for these parameters, so that one packaging serves them all.
 */
export const ORGANIZATION_PARAMS: Readonly<Record<string, string>> = {
  organization: 'true',
  memberRoleName: 'auditor-member',
};

/** What a packaging run with stack parameters gave. */
export type PackagingOutcome =
  { ok: true; template: CfnTemplate; folder: string } | { ok: false; output: string };

/** What a packaging copy of the service leaves out (its own output and working folders). */
const NOT_COPIED = new Set(['.serverless', '.esbuild', '.serverless.lock', '.git', 'coverage']);

/**
 * Packages with `--param name=value` for each entry, in a temporary copy of the service (links to
 * everything but serverless.yml, which Serverless wants as a file), so that the default package in
 * .serverless/ is left alone; returns its template, or the output of the refusal. A successful
 * package is kept for the other test files asking for the same parameters of the same sources.
 */
export function packageWithParams(params: Readonly<Record<string, string>>): PackagingOutcome {
  const inputs = ['serverless.yml', 'package-lock.json', 'handlers', 'src', 'deploy', 'build'];
  const service = keptBuildFolder('variant', inputs, params);
  const folder = join(service, '.serverless');
  const templatePath = join(folder, 'cloudformation-template-update-stack.json');
  const read = (): PackagingOutcome => ({
    ok: true,
    template: JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate,
    folder,
  });
  return withBuildLock(service, () => {
    if (existsSync(templatePath)) return read();
    rmSync(service, { recursive: true, force: true });
    mkdirSync(service);
    for (const entry of readdirSync(ROOT)) {
      if (NOT_COPIED.has(entry)) continue;
      if (entry === 'serverless.yml') copyFileSync(join(ROOT, entry), join(service, entry));
      else symlinkSync(join(ROOT, entry), join(service, entry));
    }
    const args = Object.entries(params).map(([name, value]) => `--param=${name}=${value}`);
    try {
      serverlessPackage({ root: ROOT, cwd: service, args });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      rmSync(service, { recursive: true, force: true });
      return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
    return read();
  });
}
/**
 * A function's environment as the template sets it, each `Ref` to a stack resource replaced by
 * `resources[name]` (the stand-ins of a test or a benchmark).
 *
 * @throws Error when a variable refers to something `resources` does not replace
 */
export function functionEnvironment(
  template: CfnTemplate,
  logicalId: string,
  resources: Record<string, string>,
): Record<string, string> {
  const variables = (
    template.Resources[logicalId]?.Properties as {
      Environment?: { Variables?: Record<string, unknown> };
    }
  ).Environment?.Variables;
  if (!variables) throw new Error(`${logicalId} has no environment in the template`);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (typeof value === 'string') {
      env[name] = value;
      continue;
    }
    const ref = (value as { Ref?: string }).Ref;
    const replaced = ref === undefined ? undefined : resources[ref];
    if (replaced === undefined) {
      throw new Error(`${logicalId}: ${name} is ${JSON.stringify(value)}, not a stand-in here`);
    }
    env[name] = replaced;
  }
  return env;
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
  return unzipPackage(zipPath(name));
}

/** Unzips a package (any function's zip, of any packaging) into a fresh temporary folder. */
export function unzipPackage(zip: string): string {
  const folder = mkdtempSync(join(tmpdir(), `vpce-auditor-${basename(zip, '.zip')}-`));
  for (const entry of readZip(readFileSync(zip))) {
    const target = join(folder, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data);
  }
  return folder;
}
