/**
 * Reading VPC endpoint policies as data (pure): does a configured policy apply to the endpoint's
 * service at all, does an existing endpoint's policy give full access, and what does it allow, in one
 * line a person reads. An endpoint policy governs every request through the endpoint: attaching a
 * route table to an endpoint with a restrictive policy, or creating one with a policy written for
 * another service, cuts that table's subnets off from whatever the policy does not allow.
 */
import type { ServiceName } from '../types';

/** The IAM action prefix of each service. */
const ACTION_PREFIX: Record<ServiceName, string> = { s3: 's3', dynamodb: 'dynamodb' };

/** What an endpoint policy means for the endpoint's users. */
export interface PolicyView {
  /** True for AWS's default (no policy, or one Allow of every action on every resource to anyone). */
  fullAccess: boolean;
  /** One line: `full access` or what the statements allow and deny. */
  allows: string;
}

type Statement = Record<string, unknown>;

function statementsOf(document: unknown): Statement[] | undefined {
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    return undefined;
  const statement = (document as Record<string, unknown>).Statement;
  const list = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  if (list.some((s) => s === null || typeof s !== 'object' || Array.isArray(s))) return undefined;
  return list as Statement[];
}

function listOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** True when an IAM action pattern (`s3:Get*`, `*`, `S3:*`) can match an action of the service. */
export function actionCanApply(action: string, service: ServiceName): boolean {
  const colon = action.indexOf(':');
  const prefix = (colon < 0 ? action : action.slice(0, colon)).toLowerCase();
  if (colon < 0) return prefix === '*';
  // The prefix may hold wildcards itself (`s*`, `dynamo?b`): match it as a glob.
  const glob = new RegExp(
    `^${prefix
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return glob.test(ACTION_PREFIX[service]);
}

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal !== null && typeof principal === 'object' && !Array.isArray(principal)) {
    const aws = (principal as Record<string, unknown>).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
}

function isFullAccessStatement(statement: Statement, service: ServiceName): boolean {
  if (statement.Effect !== 'Allow') return false;
  if (['NotAction', 'NotResource', 'NotPrincipal', 'Condition'].some((k) => k in statement)) {
    return false;
  }
  const actions = listOf(statement.Action);
  const everyAction = actions.some(
    (a) => a === '*' || a.toLowerCase() === `${ACTION_PREFIX[service]}:*`,
  );
  return isEveryone(statement.Principal) && everyAction && listOf(statement.Resource).includes('*');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function describeStatement(statement: Statement): string {
  const effect = statement.Effect === 'Deny' ? 'denies' : 'allows';
  const actions =
    'NotAction' in statement
      ? `every action but ${listOf(statement.NotAction).join(', ')}`
      : listOf(statement.Action).join(', ') || 'no action';
  const resources =
    'NotResource' in statement
      ? `everything but ${listOf(statement.NotResource).join(', ')}`
      : listOf(statement.Resource).join(', ') || 'no resource';
  const condition =
    statement.Condition !== null && typeof statement.Condition === 'object'
      ? ` when ${Object.entries(statement.Condition as Record<string, unknown>)
          .flatMap(([operator, keys]) =>
            keys !== null && typeof keys === 'object'
              ? Object.keys(keys as Record<string, unknown>).map((key) => `${operator} ${key}`)
              : [operator],
          )
          .join(', ')}`
      : '';
  const principal = isEveryone(statement.Principal) ? '' : ' to some principals only';
  return `${effect} ${actions} on ${resources}${condition}${principal}`;
}

/**
 * What an endpoint policy allows. `undefined` (no policy reported) is AWS's default: full access.
 *
 * @param document - the endpoint's `PolicyDocument` (JSON text)
 */
export function viewPolicy(document: string | undefined, service: ServiceName): PolicyView {
  if (document === undefined || document.trim() === '') {
    return { fullAccess: true, allows: 'full access (no policy: the AWS default)' };
  }
  let data: unknown;
  try {
    data = JSON.parse(document);
  } catch {
    return { fullAccess: false, allows: `an unreadable policy: ${clip(document, 80)}` };
  }
  const statements = statementsOf(data);
  if (!statements || statements.length === 0) {
    return { fullAccess: false, allows: 'nothing (no statement)' };
  }
  const denies = statements.some((s) => s.Effect !== 'Allow');
  if (!denies && statements.some((s) => isFullAccessStatement(s, service))) {
    return { fullAccess: true, allows: 'full access' };
  }
  return { fullAccess: false, allows: clip(statements.map(describeStatement).join('; '), 400) };
}

/**
 * Why a configured policy cannot go on a gateway endpoint of `service`, or undefined when it can:
 * it must allow at least one action that can apply to the service (`only dynamodb:*` on an S3
 * endpoint would cut S3 off from every attached subnet).
 */
export function policyServiceMismatch(document: string, service: ServiceName): string | undefined {
  const statements = statementsOf(JSON.parse(document) as unknown) ?? [];
  const allowed = statements
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => ('NotAction' in s ? ['*'] : listOf(s.Action)));
  if (allowed.some((action) => actionCanApply(action, service))) return undefined;
  const named =
    allowed.length > 0
      ? `its Allow statements name ${clip(allowed.join(', '), 120)}`
      : 'it allows nothing';
  return `no action it allows applies to ${service === 's3' ? 'S3' : 'DynamoDB'} (${ACTION_PREFIX[service]}:…): ${named}`;
}
