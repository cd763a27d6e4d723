/**
 * Reading VPC endpoint policies as data (pure): does a configured policy apply to the endpoint's
 * service at all, does an existing endpoint's policy give full access, and what does it allow, in one
 * line a person reads. An endpoint policy governs every request through the endpoint: attaching a
 * route table to an endpoint with a restrictive policy, or creating one with a policy written for
 * another service, cuts that table's subnets off from whatever the policy does not allow.
 */
import type { ServiceName } from '../types';
import {
  REQUIRED_ACTIONS,
  blockedActions,
  grantsFullAccess,
  policyStatements,
  type PolicyStatement,
} from './policy-evaluation';

/** What an endpoint policy means for the endpoint's users. */
export interface PolicyView {
  /**
   * True for AWS's default (no policy) and any policy that, evaluated as IAM does, lets every
   * principal do every action of the service on every resource.
   */
  fullAccess: boolean;
  /** One line: `full access` or what the statements allow and deny. */
  allows: string;
  /**
   * The actions a workload needs ({@link REQUIRED_ACTIONS}) that no principal may perform through
   * the policy, whatever its conditions say: non-empty means the endpoint cuts its subnets off.
   */
  blocks: string[];
}

type Statement = Record<string, unknown>;

function rawStatementsOf(document: unknown): Statement[] {
  const statement = (document as Record<string, unknown>).Statement;
  return (Array.isArray(statement) ? statement : [statement]) as Statement[];
}

function listOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function isEveryone(principal: unknown): boolean {
  if (principal === undefined || principal === '*') return true;
  if (principal !== null && typeof principal === 'object' && !Array.isArray(principal)) {
    const aws = (principal as Record<string, unknown>).AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  }
  return false;
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
 * What an endpoint policy allows, evaluated as IAM evaluates it ({@link policyStatements}).
 * `undefined` (no policy reported) is AWS's default: full access.
 *
 * @param document - the endpoint's `PolicyDocument` (JSON text)
 */
export function viewPolicy(document: string | undefined, service: ServiceName): PolicyView {
  if (document === undefined || document.trim() === '') {
    return { fullAccess: true, allows: 'full access (no policy: the AWS default)', blocks: [] };
  }
  const blocksAll = [...REQUIRED_ACTIONS[service]];
  let data: unknown;
  try {
    data = JSON.parse(document);
  } catch {
    return {
      fullAccess: false,
      allows: `an unreadable policy: ${clip(document, 80)}`,
      blocks: blocksAll,
    };
  }
  let statements: PolicyStatement[];
  try {
    statements = policyStatements(data);
  } catch (error) {
    return {
      fullAccess: false,
      allows: `an unreadable policy (${(error as Error).message})`,
      blocks: blocksAll,
    };
  }
  if (grantsFullAccess(statements, service)) {
    return { fullAccess: true, allows: 'full access', blocks: [] };
  }
  return {
    fullAccess: false,
    allows: clip(rawStatementsOf(data).map(describeStatement).join('; '), 400),
    blocks: blockedActions(statements, service),
  };
}

/**
 * Why a configured policy would cut a gateway endpoint of `service` off from what a workload needs,
 * or undefined when it would not: the required actions ({@link REQUIRED_ACTIONS}) it blocks for
 * every principal, evaluated as IAM does (explicit Deny wins, NotAction, NotResource, principals;
 * a Condition is taken the way worse for the workload).
 */
export function policyBlocks(document: string, service: ServiceName): string | undefined {
  const view = viewPolicy(document, service);
  if (view.blocks.length === 0) return undefined;
  const name = service === 's3' ? 'an S3' : 'a DynamoDB';
  return `it blocks ${view.blocks.join(', ')} for every principal (it ${view.allows}); ${name} gateway endpoint's policy must allow at least ${REQUIRED_ACTIONS[service].join(', ')} (an explicit Deny wins over any Allow; an Allow with a Condition is not counted on)`;
}
