/**
 * The AWS commands a packaged function can send, read from its bundle, and the IAM actions they
 * need. The bundles are built with esbuild's `keepNames` (each class keeps its name through a
 * `static{…(this,"DescribeVpcsCommand")}` block) from the SDK's ES modules (`mainFields: module`),
 * so a bundle holds exactly the command classes some code of it constructs: esbuild drops the rest.
 * Which service a command belongs to comes from the SDK packages installed in node_modules, and,
 * when two services share a command name, from the client classes present in the bundle.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './packaging';

/** The IAM service prefix of an SDK client package, where it is not the package's suffix. */
const IAM_PREFIX: Record<string, string> = {
  'client-cloudwatch-logs': 'logs',
  'client-eventbridge': 'events',
  'client-sfn': 'states',
  'client-sso-oidc': 'sso-oauth',
  'client-cognito-identity-provider': 'cognito-idp',
  'client-api-gateway': 'apigateway',
  'client-apigatewayv2': 'apigateway',
};

/** Commands that need no IAM permission at all. */
const NO_PERMISSION = new Set(['sts:GetCallerIdentity']);

/**
 * Commands the SDK itself may send, never our code: S3 Express One Zone sessions (only for
 * directory buckets, `…--x-s3`, which the report store never names).
 */
const SDK_INTERNAL = new Set(['s3:CreateSession']);

/**
 * Commands that IAM authorizes through other actions (S3 API reference, "Actions, resources and
 * condition keys for Amazon S3"): a multipart upload is `s3:PutObject`, a copy reads its source and
 * writes its target.
 */
const AUTHORIZED_AS: Record<string, string[]> = {
  's3:CreateMultipartUpload': ['s3:PutObject'],
  's3:UploadPart': ['s3:PutObject'],
  's3:CompleteMultipartUpload': ['s3:PutObject'],
  's3:CopyObject': ['s3:GetObject', 's3:PutObject'],
};

/** One SDK client package: its client class and the IAM prefix of its commands. */
interface SdkPackage {
  name: string;
  client: string;
  prefix: string;
  commands: Set<string>;
}

function commandsIn(folder: string): Set<string> {
  if (!existsSync(folder)) return new Set();
  return new Set(
    readdirSync(folder)
      .filter((file) => file.endsWith('Command.d.ts'))
      .map((file) => file.slice(0, -'.d.ts'.length)),
  );
}

function clientIn(folder: string): string {
  const client = readdirSync(folder).find((file) => /^[A-Za-z0-9]+Client\.d\.ts$/.test(file));
  return client ? client.slice(0, -'.d.ts'.length) : '';
}

/** The SDK client packages installed, each with its commands. */
function sdkPackages(): SdkPackage[] {
  const scope = join(ROOT, 'node_modules', '@aws-sdk');
  return readdirSync(scope)
    .filter((name) => name.startsWith('client-'))
    .map((name) => {
      const types = join(scope, name, 'dist-types');
      return {
        name,
        client: clientIn(types),
        prefix: IAM_PREFIX[name] ?? name.slice('client-'.length),
        commands: commandsIn(join(types, 'commands')),
      };
    });
}

/**
 * The commands of the SDK's nested clients (the credential providers' STS, SSO, SSO OIDC…), with
 * how many of them define each name: the default credential chain bundles them, and they send
 * nothing in Lambda, where credentials come from the environment.
 */
function nestedClientCommands(): Map<string, number> {
  const submodules = join(
    ROOT,
    'node_modules',
    '@aws-sdk',
    'nested-clients',
    'dist-types',
    'submodules',
  );
  const counts = new Map<string, number>();
  for (const submodule of readdirSync(submodules)) {
    for (const command of commandsIn(join(submodules, submodule, 'commands'))) {
      counts.set(command, (counts.get(command) ?? 0) + 1);
    }
  }
  return counts;
}

/** How many classes of each name a bundle defines (`…Command`, `…Client`). */
export function classNamesIn(code: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of code.matchAll(/static\{[A-Za-z_$][\w$]*\(this,"([A-Za-z0-9]+)"\)\}/g)) {
    const name = match[1] as string;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** What a bundle can send, as IAM actions. */
export interface BundleActions {
  /** `service:Action` of every command our code constructs. */
  actions: string[];
  /** Commands found that the SDK sends on its own (credential chain, S3 Express) or that need no permission. */
  ignored: string[];
}

/**
 * The IAM actions of the commands in a bundle.
 *
 * @throws Error when a command name belongs to no installed SDK package or to several whose clients
 *   are all in the bundle (extend the resolution here), or when the credential chain the count of
 *   nested commands assumes is missing
 */
export function actionsOfBundle(code: string): BundleActions {
  const classes = classNamesIn(code);
  const packages = sdkPackages();
  const nested = nestedClientCommands();
  const actions = new Set<string>();
  const ignored = new Set<string>();
  for (const [name, count] of classes) {
    if (!name.endsWith('Command') || name === 'Command') continue;
    const internalCopies = nested.get(name) ?? 0;
    if (count <= internalCopies) {
      ignored.add(`${name} (SDK credential chain)`);
      continue;
    }
    const owners = packages.filter((p) => p.commands.has(name));
    const bundled = owners.filter((p) => classes.has(p.client));
    const owner = bundled.length === 1 ? bundled[0] : owners.length === 1 ? owners[0] : undefined;
    if (!owner) {
      throw new Error(
        `${name}: defined by ${owners.map((p) => p.name).join(', ') || 'no installed SDK package'}; cannot tell its service`,
      );
    }
    const action = `${owner.prefix}:${name.slice(0, -'Command'.length)}`;
    if (NO_PERMISSION.has(action)) ignored.add(`${action} (needs no permission)`);
    else if (SDK_INTERNAL.has(action)) ignored.add(`${action} (sent by the SDK itself)`);
    else for (const authorized of AUTHORIZED_AS[action] ?? [action]) actions.add(authorized);
  }
  return { actions: [...actions].sort(), ignored: [...ignored].sort() };
}

/**
 * Actions a role may hold without a command of its own: each is what IAM needs for something the
 * function (or its runtime) does through another action.
 */
export const COMPANION_ACTIONS: Record<string, { with: string[]; why: string }> = {
  'logs:CreateLogStream': { with: [], why: 'the Lambda runtime writes the function logs' },
  'logs:PutLogEvents': { with: [], why: 'the Lambda runtime writes the function logs' },
  'kms:GenerateDataKey': {
    with: ['sns:Publish', 's3:PutObject'],
    why: 'publishing to a topic or writing an object encrypted with a customer key',
  },
  'kms:Decrypt': {
    with: ['sns:Publish', 's3:PutObject', 's3:GetObject'],
    why: 'reading or writing data encrypted with a customer key',
  },
  's3:ListBucket': {
    with: ['s3:GetObject'],
    why: 'a missing object answers 404 instead of 403 (the store reads "no previous report")',
  },
  'ec2:CreateTags': {
    with: ['ec2:CreateVpcEndpoint', 'ec2:CreateFlowLogs'],
    why: 'CreateVpcEndpoint and CreateFlowLogs tag what they create (TagSpecifications)',
  },
  'logs:TagResource': {
    with: ['logs:CreateLogGroup'],
    why: 'CreateLogGroup with tags needs the tagging permission too',
  },
  'iam:PassRole': {
    with: ['ec2:CreateFlowLogs'],
    why: 'CreateFlowLogs passes the delivery role (DeliverLogsPermissionArn) to VPC Flow Logs',
  },
};

/** The actions of a role's statements (Allow only), from a packaged template. */
export function actionsOfRole(
  resources: Record<string, { Type: string; Properties: Record<string, unknown> }>,
  roleId: string,
): string[] {
  const role = resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not an IAM role`);
  if (role.Properties.ManagedPolicyArns !== undefined) {
    throw new Error(`${roleId} has managed policies: their actions cannot be checked here`);
  }
  const policies = (role.Properties.Policies ?? []) as {
    PolicyDocument: { Statement: { Effect: string; Action: string | string[] }[] };
  }[];
  const actions = policies
    .flatMap((policy) => policy.PolicyDocument.Statement)
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) => [statement.Action].flat());
  return [...new Set(actions)].sort();
}

/** The comparison of a bundle's actions with its role's. */
export interface PermissionCheck {
  /** Sent by the code, not allowed by the role. */
  missing: string[];
  /** Allowed by the role, sent by no code and no companion of a sent action. */
  extra: string[];
}

/** Compares both ways, companions allowed only beside the actions they serve. */
export function comparePermissions(sent: string[], allowed: string[]): PermissionCheck {
  const sentSet = new Set(sent);
  const missing = sent.filter((action) => !allowed.includes(action));
  const extra = allowed.filter((action) => {
    if (sentSet.has(action)) return false;
    const companion = COMPANION_ACTIONS[action];
    if (!companion) return true;
    return companion.with.length > 0 && !companion.with.some((needed) => sentSet.has(needed));
  });
  return { missing, extra };
}
