/**
 * Applies a remediation plan: per region one endpoint call at a time (paced, with backoff on
 * throttling), regions in parallel. Nothing is called when the plan is over its cap. Before each
 * action the VPC's endpoints are read again, so an action already done (by an earlier run, or a
 * concurrent one) is skipped rather than repeated; creates carry the plan's deterministic
 * `ClientToken`, so a retried create returns the same endpoint.
 */
import {
  CreateVpcEndpointCommand,
  DescribeVpcEndpointsCommand,
  ModifyVpcEndpointCommand,
  type CreateVpcEndpointCommandInput,
  type EC2Client,
  type ModifyVpcEndpointCommandInput,
  type VpcEndpoint as Ec2VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { isLiveEndpoint } from '../analysis/table-verdict';
import { serviceOfEndpointServiceName } from '../net/aws-names';
import type { RemediationAction, RemediationPlan } from './plan-types';
import {
  FINDING_TAG_KEY,
  MANAGED_BY_TAG,
  MAX_TAG_VALUE_LENGTH,
  findingTagValue,
} from './plan-tags';
import { awsErrorCode, awsErrorMessage, isAccessDeniedError, reportedError } from '../aws-errors';
import { RegionLane, StopRequestedError, defaultPacing, type Pacing } from './pacing';
import { viewPolicy } from '../analysis/endpoint-policy-view';
import { silentLogger, type RemediationLogger } from './logger';
import { countResults, type ActionResult, type RemediationResult } from './result-types';

// The tags live with the plan (pure), where the infrastructure-as-code formats read them too.
export { FINDING_TAG_KEY, MANAGED_BY_TAG, MAX_TAG_VALUE_LENGTH, findingTagValue };

/** Options of {@link applyPlan}. */
export interface ApplyOptions {
  /** The EC2 client of a region (built once by the caller): the reads. */
  ec2(region: string): EC2Client;
  /**
   * The EC2 client of a region for the endpoint calls, making ONE attempt per send: the region's
   * lane is the only retry layer of those calls (default: {@link ApplyOptions.ec2}; the SDK's own
   * retries would multiply the lane's attempts).
   */
  changes?(region: string): EC2Client;
  /** Overrides of the real-time pacing (tests pass an instant `sleep`). */
  pacing?: Partial<Pacing>;
  /**
   * Check permissions first with `DryRun: true` (default true): one dry run per kind of call and
   * region; a denied one fails the region's actions before anything is changed there.
   */
  permissionCheck?: boolean;
  logger?: RemediationLogger;
  /**
   * Epoch ms after which no change is started (a Lambda keeps the time to verify and store what it
   * did): the actions not started by then are `skipped`, and a later run finishes them.
   */
  deadline?: number;
  /**
   * Asks the run to stop (the CLI aborts it on SIGINT/SIGTERM): no action is started after it is
   * aborted, the one in flight finishes (a throttled one is not retried), and the not started ones
   * are `skipped` with {@link INTERRUPTED_REASON}.
   */
  stop?: AbortSignal;
}

/** Why an action was not started: the run was asked to stop. */
export function interruptedReason(stop: AbortSignal): string {
  const what = typeof stop.reason === 'string' ? stop.reason : 'a stop request';
  return `not started: the run was interrupted (${what}); run remediation again to finish (every change is idempotent)`;
}

/** Why an action was not started: the deadline came first. */
export const DEADLINE_REASON =
  "not started: the run's deadline came first; run remediation again to finish (every change is idempotent)";

/** The `CreateVpcEndpoint` request of a create action. */
export function createRequestOf(
  action: Extract<RemediationAction, { kind: 'create-endpoint' }>,
): CreateVpcEndpointCommandInput {
  return {
    VpcEndpointType: 'Gateway',
    VpcId: action.vpcId,
    ServiceName: action.serviceName,
    RouteTableIds: action.routeTableIds,
    ClientToken: action.clientToken,
    TagSpecifications: [
      {
        ResourceType: 'vpc-endpoint',
        Tags: [
          { ...MANAGED_BY_TAG },
          { Key: FINDING_TAG_KEY, Value: findingTagValue(action.findingIds) },
        ],
      },
    ],
    ...(action.policyDocument !== undefined ? { PolicyDocument: action.policyDocument } : {}),
  };
}

function resultOf(action: RemediationAction, patch: Partial<ActionResult>): ActionResult {
  return {
    actionId: action.id,
    kind: action.kind,
    region: action.region,
    vpcId: action.vpcId,
    service: action.service,
    routeTableIds: action.routeTableIds,
    findingIds: action.findingIds,
    ...(action.kind === 'attach' ? { endpointId: action.endpointId } : {}),
    status: 'skipped',
    ...patch,
  };
}

const HINTS: Record<string, string> = {
  RouteAlreadyExists:
    'a route table already routes the service prefix list (another endpoint was attached since the plan was made); run again to plan from fresh data',
  IdempotentParameterMismatch:
    'this ClientToken was used before with other parameters (the VPC changed between runs); run again to plan from fresh data',
  UnauthorizedOperation: 'the credentials may not create or modify VPC endpoints',
};

function failed(action: RemediationAction, error: unknown, prefix = ''): ActionResult {
  const { code, message } = reportedError(error);
  const hint = HINTS[code];
  return resultOf(action, {
    status: 'failed',
    error: { code, message },
    reason: `${prefix}${code}: ${message}${hint ? ` (${hint})` : ''}`,
  });
}

/**
 * The region's endpoints of one VPC, read fresh. The region is listed without a filter and the VPC
 * picked here, so the check works with any implementation of the EC2 API, filters or not.
 */
async function describeVpcEndpoints(ec2: EC2Client, vpcId: string): Promise<Ec2VpcEndpoint[]> {
  const endpoints: Ec2VpcEndpoint[] = [];
  let nextToken: string | undefined;
  do {
    const response = await ec2.send(
      new DescribeVpcEndpointsCommand({
        MaxResults: 1000,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    endpoints.push(...(response?.VpcEndpoints ?? []).filter((e) => e.VpcId === vpcId));
    nextToken = response?.NextToken;
  } while (nextToken);
  return endpoints;
}

function isLiveGateway(endpoint: Ec2VpcEndpoint, vpcId: string): boolean {
  return (
    endpoint.VpcId === vpcId &&
    (endpoint.VpcEndpointType ?? '').toLowerCase() === 'gateway' &&
    isLiveEndpoint({
      VpcEndpointId: endpoint.VpcEndpointId ?? '',
      VpcEndpointType: endpoint.VpcEndpointType ?? '',
      VpcId: vpcId,
      ServiceName: endpoint.ServiceName ?? '',
      ...(endpoint.State !== undefined ? { State: endpoint.State } : {}),
    })
  );
}

/** What the fresh read of the VPC's endpoints says about an action. */
type Freshness =
  { proceed: true; action: RemediationAction } | { proceed: false; result: ActionResult };

/**
 * Re-reads the VPC's endpoints and trims or skips the action when some of it is already done, or
 * when the endpoint's policy has become restrictive since the plan (unless that is allowed).
 */
async function refresh(
  ec2: EC2Client,
  action: RemediationAction,
  allowRestrictivePolicy: boolean,
): Promise<Freshness> {
  const endpoints = (await describeVpcEndpoints(ec2, action.vpcId)).filter((e) =>
    isLiveGateway(e, action.vpcId),
  );
  if (action.kind === 'attach') {
    const endpoint = endpoints.find((e) => e.VpcEndpointId === action.endpointId);
    if (!endpoint) {
      return {
        proceed: false,
        result: resultOf(action, {
          status: 'failed',
          reason: `endpoint ${action.endpointId} is no longer an available gateway endpoint of ${action.vpcId}; run again to plan from fresh data`,
        }),
      };
    }
    const policy = viewPolicy(endpoint.PolicyDocument, action.service);
    if (!policy.fullAccess && !allowRestrictivePolicy) {
      return {
        proceed: false,
        result: resultOf(action, {
          status: 'skipped',
          reason: `not attached: the policy of ${action.endpointId} is not full access (it ${policy.allows}); review it, or run again with --allow-restrictive-policy`,
        }),
      };
    }
    const attached = new Set(endpoint.RouteTableIds ?? []);
    const remaining = action.routeTableIds.filter((id) => !attached.has(id));
    if (remaining.length === 0) {
      return {
        proceed: false,
        result: resultOf(action, {
          status: 'skipped',
          reason: `already done: every route table is on ${action.endpointId}`,
        }),
      };
    }
    return { proceed: true, action: { ...action, routeTableIds: remaining } };
  }
  const existing = endpoints
    .filter((e) => serviceOfEndpointServiceName(e.ServiceName) === action.service)
    .sort((a, b) => (a.VpcEndpointId ?? '').localeCompare(b.VpcEndpointId ?? ''))[0];
  if (existing) {
    const attached = new Set(existing.RouteTableIds ?? []);
    const done = action.routeTableIds.every((id) => attached.has(id));
    return {
      proceed: false,
      result: resultOf(action, {
        status: 'skipped',
        ...(existing.VpcEndpointId ? { endpointId: existing.VpcEndpointId } : {}),
        reason: done
          ? `already done: ${existing.VpcEndpointId ?? 'a gateway endpoint'} carries every route table`
          : `a gateway endpoint ${existing.VpcEndpointId ?? ''} for ${action.service} appeared since the plan was made; run again to attach to it`,
      }),
    };
  }
  return { proceed: true, action };
}

/** Sends the action's endpoint call (or its dry run) and returns the endpoint id. */
async function send(
  ec2: EC2Client,
  action: RemediationAction,
  dryRun: boolean,
): Promise<{ endpointId?: string; returned: boolean }> {
  if (action.kind === 'create-endpoint') {
    const { ClientToken, ...request } = createRequestOf(action);
    // The dry run goes without the token: an idempotency record of a dry run must never answer
    // for the real call.
    const response = await ec2.send(
      new CreateVpcEndpointCommand(
        dryRun ? { ...request, DryRun: true } : { ...request, ClientToken },
      ),
    );
    const endpointId = response?.VpcEndpoint?.VpcEndpointId;
    return { ...(endpointId ? { endpointId } : {}), returned: true };
  }
  const request: ModifyVpcEndpointCommandInput = {
    VpcEndpointId: action.endpointId,
    AddRouteTableIds: action.routeTableIds,
    ...(dryRun ? { DryRun: true } : {}),
  };
  const response = await ec2.send(new ModifyVpcEndpointCommand(request));
  return { endpointId: action.endpointId, returned: response?.Return !== false };
}

/**
 * An attach answered `RouteAlreadyExists` may have succeeded on an earlier attempt (the SDK retries a
 * call whose answer was lost): when a fresh read shows every table on the endpoint, it is applied.
 */
async function afterRouteAlreadyExists(
  ec2: EC2Client,
  action: RemediationAction,
  error: unknown,
): Promise<ActionResult> {
  if (action.kind !== 'attach' || awsErrorCode(error) !== 'RouteAlreadyExists') {
    return failed(action, error);
  }
  try {
    const endpoint = (await describeVpcEndpoints(ec2, action.vpcId)).find(
      (e) => e.VpcEndpointId === action.endpointId,
    );
    const attached = new Set(endpoint?.RouteTableIds ?? []);
    if (action.routeTableIds.every((id) => attached.has(id))) {
      return resultOf(action, {
        status: 'applied',
        reason: `RouteAlreadyExists, but every route table is now on ${action.endpointId}`,
      });
    }
  } catch {
    // The original error says more than the failed re-read.
  }
  return failed(action, error);
}

/** Runs one region's actions in order, one call at a time. */
async function applyRegion(
  region: string,
  actions: readonly RemediationAction[],
  options: ApplyOptions,
  allowRestrictivePolicy: boolean,
): Promise<ActionResult[]> {
  const logger = options.logger ?? silentLogger;
  const notStarted = (): string | undefined =>
    options.stop?.aborted === true
      ? interruptedReason(options.stop)
      : options.deadline !== undefined && Date.now() >= options.deadline
        ? DEADLINE_REASON
        : undefined;
  const before = notStarted();
  if (before !== undefined) {
    return actions.map((action) => resultOf(action, { status: 'skipped', reason: before }));
  }
  const ec2 = options.ec2(region);
  const changes = options.changes ? options.changes(region) : ec2;
  const lane = new RegionLane(
    defaultPacing(options.pacing),
    (attempt, waitMs) =>
      logger.warn(`${region}: RequestLimitExceeded, retrying in ${waitMs} ms`, { region, attempt }),
    options.stop,
  );
  const done = new Map<string, ActionResult>();

  if (options.permissionCheck !== false) {
    const probes = [...new Map(actions.map((a) => [a.kind, a] as const)).values()];
    for (const probe of probes) {
      if (options.stop?.aborted === true) break;
      try {
        // Never expected to succeed: EC2 answers DryRunOperation when the call is permitted.
        const outcome = await lane.run(() => send(changes, probe, true));
        logger.warn(
          `${region}: the endpoint API ignored DryRun; ${probe.id} was applied by the check`,
          {
            region,
            action: probe.id,
          },
        );
        done.set(
          probe.id,
          resultOf(probe, {
            status: 'applied',
            ...(outcome.endpointId ? { endpointId: outcome.endpointId } : {}),
          }),
        );
      } catch (error) {
        const code = awsErrorCode(error);
        if (code === 'DryRunOperation' || error instanceof StopRequestedError) continue;
        if (isAccessDeniedError(error)) {
          logger.warn(
            `${region}: permission pre-check denied ${probe.kind}; nothing attempted in ${region}`,
            {
              region,
              code,
            },
          );
          return actions.map((action) =>
            failed(
              action,
              error,
              `permission pre-check (DryRun) denied ${probe.kind === 'attach' ? 'ModifyVpcEndpoint' : 'CreateVpcEndpoint'}, nothing attempted in ${region}: `,
            ),
          );
        }
        // Other answers (a missing resource…) are left to the real call to report precisely.
        logger.warn(`${region}: permission pre-check answered ${code}: ${awsErrorMessage(error)}`, {
          region,
          code,
        });
      }
    }
  }

  const results: ActionResult[] = [];
  for (const planned of actions) {
    const already = done.get(planned.id);
    if (already) {
      results.push(already);
      continue;
    }
    const stopped = notStarted();
    if (stopped !== undefined) {
      results.push(resultOf(planned, { status: 'skipped', reason: stopped }));
      continue;
    }
    let result: ActionResult;
    try {
      const fresh = await refresh(ec2, planned, allowRestrictivePolicy);
      if (!fresh.proceed) {
        result = fresh.result;
      } else {
        const action = fresh.action;
        logger.info(
          action.kind === 'create-endpoint'
            ? `${region}: creating ${action.service === 's3' ? 'an S3' : 'a DynamoDB'} gateway endpoint in ${action.vpcId} for ${action.routeTableIds.join(', ')}`
            : `${region}: attaching ${action.routeTableIds.join(', ')} to ${action.endpointId}`,
          { region, action: action.id },
        );
        try {
          const outcome = await lane.run(() => send(changes, action, false));
          result = outcome.returned
            ? resultOf(action, {
                status: 'applied',
                ...(outcome.endpointId ? { endpointId: outcome.endpointId } : {}),
              })
            : resultOf(action, {
                status: 'failed',
                error: { code: 'ReturnFalse', message: 'ModifyVpcEndpoint returned false' },
                reason: 'ModifyVpcEndpoint returned false: the route tables were not attached',
              });
        } catch (error) {
          result =
            error instanceof StopRequestedError && options.stop
              ? resultOf(action, { status: 'skipped', reason: interruptedReason(options.stop) })
              : await afterRouteAlreadyExists(ec2, action, error);
        }
      }
    } catch (error) {
      result = failed(planned, error, 'DescribeVpcEndpoints failed, nothing attempted: ');
    }
    logger[result.status === 'failed' ? 'warn' : 'info'](
      `${region}: ${result.actionId} ${result.status}${result.reason ? `: ${result.reason}` : ''}`,
      { region, action: result.actionId, status: result.status },
    );
    results.push(result);
  }
  return results;
}

/**
 * Applies a plan. Over the cap, returns every action `skipped` without calling anything; an
 * iac-managed action is `skipped` (with where to make it) unless the plan allows drift.
 *
 * @returns one result per action, in plan order; verification has not run
 */
export async function applyPlan(
  plan: RemediationPlan,
  options: ApplyOptions,
): Promise<RemediationResult> {
  if (plan.overCap) {
    const reason = plan.overCapReason ?? 'over the cap on changes: nothing changed';
    const results = plan.actions.map((action) => resultOf(action, { status: 'skipped', reason }));
    return {
      accountId: plan.accountId,
      overCap: true,
      overCapReason: reason,
      verification: 'not-run',
      results,
      errors: [...plan.errors],
      counts: countResults(results),
    };
  }
  // A change to an IaC-owned resource is drift: left to its owner unless the plan allows it.
  const leftToIac = new Map<string, ActionResult>();
  if (plan.scope.allowDrift !== true) {
    for (const action of plan.actions) {
      if (action.iacManaged) {
        leftToIac.set(
          action.id,
          resultOf(action, { status: 'skipped', reason: action.iacManaged.reason }),
        );
      }
    }
  }
  const byRegion = new Map<string, RemediationAction[]>();
  for (const action of plan.actions.filter((a) => !leftToIac.has(a.id))) {
    const list = byRegion.get(action.region);
    if (list) list.push(action);
    else byRegion.set(action.region, [action]);
  }
  const perRegion = await Promise.all(
    [...byRegion].map(([region, actions]) =>
      applyRegion(region, actions, options, plan.scope.allowRestrictivePolicy === true).catch(
        (error: unknown) =>
          actions.map((action) => failed(action, error, `${region} could not be remediated: `)),
      ),
    ),
  );
  const byId = new Map([...leftToIac, ...perRegion.flat().map((r) => [r.actionId, r] as const)]);
  const results = plan.actions.map(
    (action) => byId.get(action.id) ?? resultOf(action, { status: 'skipped', reason: 'not run' }),
  );
  return {
    accountId: plan.accountId,
    overCap: false,
    verification: 'not-run',
    results,
    // The regions whose audit failed were never planned: the result says so, as the plan did.
    errors: [...plan.errors],
    counts: countResults(results),
  };
}
