/**
 * The remediate function (manual invoke only). Thin adapter: configuration and clients are built once
 * per cold start; src/lambda/remediate-handler.ts validates the payload and returns the plan. It
 * never changes anything in this version.
 */
import { auditLive } from '../src/audit-live';
import { defaultClientFactory } from '../src/collect/client-factory';
import { loadConfig } from '../src/config';
import { initialiseHandler } from '../src/lambda/cold-start';
import { createLogger } from '../src/lambda/logger';
import { createRemediateHandler } from '../src/lambda/remediate-handler';

const logger = createLogger('remediate');

/** The Lambda entry point: `handlers/remediate.handler`. */
export const handler = initialiseHandler(logger, () => {
  const config = loadConfig(process.env);
  logger.info('configuration loaded', { config });
  return createRemediateHandler({ config, clients: defaultClientFactory(), auditLive, logger });
});
