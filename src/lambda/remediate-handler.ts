/**
 * The remediate function: validate the payload, run a live audit of the requested scope and return
 * the plan of fixes. It never changes anything: `dryRun: false` is refused until remediation
 * (issue 5) replaces {@link previewRemediation}.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Config } from '../config';
import { UserInputError } from '../errors';
import { addLambdaContext, errorSummary, type LambdaHandler } from './cold-start';
import { parseRemediatePayload, type RemediateRequest } from './events';
import type { LiveAuditFunction } from './live-audit';
import { previewRemediation, type RemediationPreview } from './remediation-preview';

/** `dryRun: false` asked for changes this version cannot make. */
export class RemediationUnavailableError extends UserInputError {}

/** What the remediate handler needs, built once by the caller. */
export interface RemediateHandlerDeps<C> {
  config: Config;
  clients: C;
  auditLive: LiveAuditFunction<C>;
  logger: Logger;
}

/** Builds the remediate handler. */
export function createRemediateHandler<C>(
  deps: RemediateHandlerDeps<C>,
): LambdaHandler<RemediationPreview> {
  const { config, logger } = deps;
  return async (event, context) => {
    addLambdaContext(logger, context);
    let request: RemediateRequest;
    try {
      request = parseRemediatePayload(event);
      if (!request.dryRun) {
        throw new RemediationUnavailableError(
          'dryRun: false is not supported yet: this version only returns the plan; invoke with {} or {"dryRun": true}. Nothing was changed.',
        );
      }
    } catch (error) {
      logger.error('payload refused', errorSummary(error));
      throw error;
    }
    const regions = request.regions ?? config.regions;
    const services = request.services ?? config.services;
    logger.info('remediation plan started', { request, regions, services });
    const { report } = await deps.auditLive({
      regions,
      services,
      clients: deps.clients,
      ...(request.vpcIds ? { vpcIds: request.vpcIds } : {}),
    });
    const plan = previewRemediation(report, request.vpcIds ? { vpcIds: request.vpcIds } : {});
    logger.info('remediation plan ready', {
      actions: plan.actions.length,
      skipped: plan.skipped.length,
      regionErrors: plan.errors,
    });
    return plan;
  };
}
