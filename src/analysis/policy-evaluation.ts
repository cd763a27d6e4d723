/**
 * IAM's evaluation of one endpoint policy (pure): does a request — an action, on a resource, by a
 * principal — pass the policy? An explicit Deny wins; otherwise an Allow that matches grants;
 * otherwise the request is implicitly denied. `Action`/`NotAction`, `Resource`/`NotResource` (with
 * the `*` and `?` wildcards) and `Principal`/`NotPrincipal` are matched as IAM matches them.
 *
 * Conditions are not evaluated (their keys describe the request's context, which a policy alone does
 * not give). A Condition may or may not hold when a request comes, and this module takes the case
 * that is worse for the workload: an Allow with a Condition is never counted on to grant, and a Deny
 * with a Condition is taken to deny. So "allowed" here means allowed whatever the conditions say.
 *
 * Which principals and resources exist is open; {@link allowsForSome} asks whether SOME principal
 * and resource get an action, by trying the principals and resources the policy names (each
 * wildcard filled with text no pattern spells) and one that no statement names.
 */
import type { ServiceName } from '../types';

/** One statement, as the evaluation reads it. */
export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  /** `Action` patterns, or `NotAction` ones when `notAction`. */
  actions: string[];
  notAction: boolean;
  /** `Resource` patterns, or `NotResource` ones when `notResource`. */
  resources: string[];
  notResource: boolean;
  /** `Principal` values (`*`, or `Type:value`), or `NotPrincipal` ones when `notPrincipal`. */
  principals: string[];
  notPrincipal: boolean;
  /** True when the statement has a non-empty `Condition`. */
  conditional: boolean;
}

/** A request a workload makes through the endpoint. */
export interface PolicyRequest {
  /** `s3:GetObject` */
  action: string;
  /** `arn:aws:s3:::bucket/key` */
  resource: string;
  /** `AWS:arn:aws:iam::123456789012:role/app` (type, colon, value) */
  principal: string;
}

/** Why a document cannot be read as a policy. */
export class PolicyShapeError extends Error {
  public override readonly name = 'PolicyShapeError';
}

/** What a principal that no policy names looks like (it matches `*` only). */
const UNNAMED_PRINCIPAL = 'AWS:arn:aws:iam::000000000000:role/vpce-auditor-unnamed-principal';
/** What fills a wildcard when a pattern is turned into a concrete name: no policy spells it. */
const FILL = '\u0000vpce-auditor\u0000';

function listOf(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new PolicyShapeError(`${field} must be a string or an array of strings`);
}

function principalsOf(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (value === '*') return ['*'];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyShapeError(`${field} must be "*" or an object such as {"AWS": [...]}`);
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([type, ids]) =>
    listOf(ids, `${field}.${type}`).map((id) => (id === '*' ? '*' : `${type}:${id}`)),
  );
}

/**
 * Reads a parsed policy document's statements.
 *
 * @throws PolicyShapeError when the document is not a policy (no statement, an unknown `Effect`, an
 *   element of the wrong type, both `Action` and `NotAction`…)
 */
export function policyStatements(document: unknown): PolicyStatement[] {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new PolicyShapeError('a policy is a JSON object');
  }
  const raw = (document as Record<string, unknown>).Statement;
  const list = Array.isArray(raw) ? (raw as unknown[]) : raw === undefined ? [] : [raw];
  if (list.length === 0) throw new PolicyShapeError('the policy has no Statement');
  return list.map((entry, index) => {
    const where = `Statement[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new PolicyShapeError(`${where} is not an object`);
    }
    const s = entry as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      throw new PolicyShapeError(
        `${where}.Effect is ${JSON.stringify(s.Effect) ?? 'missing'}: it must be "Allow" or "Deny"`,
      );
    }
    for (const [a, b] of [
      ['Action', 'NotAction'],
      ['Resource', 'NotResource'],
      ['Principal', 'NotPrincipal'],
    ] as const) {
      if (a in s && b in s) throw new PolicyShapeError(`${where} has both ${a} and ${b}`);
    }
    if (!('Action' in s) && !('NotAction' in s)) {
      throw new PolicyShapeError(`${where} has neither Action nor NotAction`);
    }
    const notAction = 'NotAction' in s;
    const notResource = 'NotResource' in s;
    const notPrincipal = 'NotPrincipal' in s;
    const condition = s.Condition;
    if (
      condition !== undefined &&
      (condition === null || typeof condition !== 'object' || Array.isArray(condition))
    ) {
      throw new PolicyShapeError(`${where}.Condition must be an object`);
    }
    return {
      effect: s.Effect,
      actions: listOf(
        notAction ? s.NotAction : s.Action,
        `${where}.${notAction ? 'NotAction' : 'Action'}`,
      ),
      notAction,
      // No Resource element: the statement covers every resource (endpoint policies may omit it).
      resources:
        notResource || 'Resource' in s
          ? listOf(notResource ? s.NotResource : s.Resource, `${where}.Resource`)
          : ['*'],
      notResource,
      // No Principal element: everyone (an endpoint policy governs every caller of the endpoint).
      principals:
        notPrincipal || 'Principal' in s
          ? principalsOf(notPrincipal ? s.NotPrincipal : s.Principal, `${where}.Principal`)
          : ['*'],
      notPrincipal,
      conditional:
        condition !== undefined && Object.keys(condition as Record<string, unknown>).length > 0,
    };
  });
}

const globCache = new Map<string, RegExp>();

/** IAM's wildcard match: `*` any run of characters, `?` one character; `caseless` for actions. */
export function globMatches(pattern: string, value: string, caseless = false): boolean {
  const key = `${caseless ? 'i' : 's'}${pattern}`;
  let regex = globCache.get(key);
  if (!regex) {
    const body = pattern
      .split('')
      .map((c) =>
        c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
      )
      .join('');
    regex = new RegExp(`^${body}$`, caseless ? 'i' : '');
    if (globCache.size > 10_000) globCache.clear();
    globCache.set(key, regex);
  }
  return regex.test(value);
}

/** The account of an IAM principal value (`123456789012`, `arn:aws:iam::123456789012:…`). */
function accountOf(id: string): string | undefined {
  if (/^\d{12}$/.test(id)) return id;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(id)?.[1];
}

function isAccountRoot(id: string): boolean {
  return /^\d{12}$/.test(id) || /^arn:[^:]+:iam::\d{12}:root$/.test(id);
}

/** True when a statement's principal value names the request's principal. */
function principalMatches(named: string, principal: string): boolean {
  if (named === '*' || named === 'AWS:*') return true;
  if (named === principal) return true;
  const [namedType, ...namedRest] = named.split(':');
  const [type, ...rest] = principal.split(':');
  if (namedType !== type || type !== 'AWS') return false;
  const namedId = namedRest.join(':');
  const id = rest.join(':');
  // An account (its id or its root) names every principal of that account.
  return isAccountRoot(namedId) && accountOf(namedId) === accountOf(id);
}

/** True when the statement applies to the request (its condition aside). */
function covers(statement: PolicyStatement, request: PolicyRequest): boolean {
  const action = statement.actions.some((p) => globMatches(p, request.action, true));
  if (action === statement.notAction) return false;
  const resource = statement.resources.some((p) => globMatches(p, request.resource));
  if (resource === statement.notResource) return false;
  const principal = statement.principals.some((p) => principalMatches(p, request.principal));
  return principal !== statement.notPrincipal;
}

/**
 * IAM's decision for one request: `true` only when an unconditional Allow covers it and no Deny
 * (conditional or not) does.
 */
export function isAllowed(statements: readonly PolicyStatement[], request: PolicyRequest): boolean {
  let allowed = false;
  for (const statement of statements) {
    if (!covers(statement, request)) continue;
    if (statement.effect === 'Deny') return false;
    if (!statement.conditional) allowed = true;
  }
  return allowed;
}

/** The actions a workload needs through a gateway endpoint: reading and writing objects or items. */
export const REQUIRED_ACTIONS: Readonly<Record<ServiceName, readonly string[]>> = {
  s3: ['s3:GetObject', 's3:PutObject'],
  dynamodb: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
};

/** True when an ARN is a resource the action can act on (an object for S3, a table for DynamoDB). */
function fitsAction(service: ServiceName, resource: string): boolean {
  return service === 's3'
    ? /^arn:[^:]+:s3:::[^/]+\/[\s\S]+$/.test(resource)
    : /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/[\s\S]+$/.test(resource);
}

/** A resource of `service` in `partition` that no statement names: only wildcards cover it. */
function unnamedResource(service: ServiceName, partition: string): string {
  return service === 's3'
    ? `arn:${partition}:s3:::${FILL}/${FILL}`
    : `arn:${partition}:dynamodb:${FILL}:${FILL}:table/${FILL}`;
}

/**
 * A pattern made concrete: each `*` filled with text that may hold a `/`, each `?` with one
 * character, and a wildcard partition with `partition`.
 */
function filled(pattern: string, partition: string): string {
  const text = pattern.replace(/\*/g, `${FILL}/${FILL}`).replace(/\?/g, '\u0001');
  const parts = text.split(':');
  if (parts[0] === 'arn' && parts.length > 1 && (parts[1] ?? '').includes(FILL.slice(1, -1))) {
    parts[1] = partition;
  }
  return parts.join(':');
}

/**
 * The partitions whose resources the policy names (`arn:aws-cn:…`); `aws` when it names none. An
 * endpoint lives in one partition, so an action counts as allowed when it is allowed in one of them.
 */
function partitionsOf(statements: readonly PolicyStatement[]): string[] {
  const named = statements
    .flatMap((s) => s.resources)
    .map((r) => /^arn:([^:*?]+):/.exec(r)?.[1])
    .filter((p): p is string => p !== undefined);
  return named.length > 0 ? [...new Set(named)] : ['aws'];
}

function candidatePrincipals(statements: readonly PolicyStatement[]): string[] {
  const named = statements.flatMap((s) => s.principals).filter((p) => p !== '*' && p !== 'AWS:*');
  return [...new Set([UNNAMED_PRINCIPAL, ...named])];
}

function candidateResources(
  statements: readonly PolicyStatement[],
  service: ServiceName,
  partition: string,
): string[] {
  const named = statements.flatMap((s) => s.resources).map((r) => filled(r, partition));
  return [...new Set([unnamedResource(service, partition), ...named])].filter(
    (r) => r.startsWith(`arn:${partition}:`) && fitsAction(service, r),
  );
}

/**
 * True when some principal may perform `action` on some resource of `service` through the policy,
 * whatever its conditions say.
 */
export function allowsForSome(
  statements: readonly PolicyStatement[],
  service: ServiceName,
  action: string,
): boolean {
  const principals = candidatePrincipals(statements);
  return partitionsOf(statements).some((partition) => {
    const resources = candidateResources(statements, service, partition);
    return principals.some((principal) =>
      resources.some((resource) => isAllowed(statements, { action, resource, principal })),
    );
  });
}

/** The required actions of `service` that no principal may perform through the policy. */
export function blockedActions(
  statements: readonly PolicyStatement[],
  service: ServiceName,
): string[] {
  return REQUIRED_ACTIONS[service].filter((action) => !allowsForSome(statements, service, action));
}

/** True when a Deny statement may apply to some action of `service`. */
function deniesSomeOf(statement: PolicyStatement, service: ServiceName): boolean {
  if (statement.effect !== 'Deny') return false;
  if (statement.notAction) return true;
  return statement.actions.some((pattern) => {
    const colon = pattern.indexOf(':');
    return colon < 0 ? pattern === '*' : globMatches(pattern.slice(0, colon), service, true);
  });
}

/**
 * True when the policy lets every principal do every action of `service` on every resource: no Deny
 * can apply to the service, and for every principal no statement names, an action no statement
 * names and a resource no statement names are allowed (so the Allow is made of wildcards), and so
 * are the required actions.
 */
export function grantsFullAccess(
  statements: readonly PolicyStatement[],
  service: ServiceName,
): boolean {
  if (statements.some((s) => deniesSomeOf(s, service))) return false;
  const unnamedAction = `${service}:${FILL}`;
  const actions = [unnamedAction, ...REQUIRED_ACTIONS[service]];
  // The partitions blockedActions looks in: full access there means nothing is blocked there.
  return partitionsOf(statements).some((partition) => {
    const resources =
      service === 's3'
        ? [`arn:${partition}:s3:::${FILL}`, `arn:${partition}:s3:::${FILL}/${FILL}`]
        : [
            `arn:${partition}:dynamodb:${FILL}:${FILL}:table/${FILL}`,
            `arn:${partition}:dynamodb:${FILL}:${FILL}:table/${FILL}/index/${FILL}`,
          ];
    return actions.every((action) =>
      resources.every((resource) =>
        isAllowed(statements, { action, resource, principal: UNNAMED_PRINCIPAL }),
      ),
    );
  });
}
