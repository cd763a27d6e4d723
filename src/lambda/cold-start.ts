/**
 * Cold-start plumbing shared by the handlers: build the dependencies (configuration, clients) once
 * when the module loads; if that fails (a bad environment variable), log it once and make every
 * invocation fail with the same one-line error instead of crashing the runtime's init.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/** A Lambda handler as the handlers export it. */
export type LambdaHandler<R> = (event: unknown, context?: Partial<Context>) => Promise<R>;

/** Adds the request id and function fields to the logger when the runtime gave a context. */
export function addLambdaContext(logger: Logger, context: Partial<Context> | undefined): void {
  if (context && typeof context.awsRequestId === 'string') {
    logger.addContext(context as Context);
  }
}

/** A short description of an error for a log line or a returned message. */
export function errorSummary(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/**
 * Runs `build` now (at cold start). On success returns its handler; on failure logs the error and
 * returns a handler that rethrows it on every invocation.
 */
export function initialiseHandler<R>(
  logger: Logger,
  build: () => LambdaHandler<R>,
): LambdaHandler<R> {
  try {
    return build();
  } catch (error) {
    logger.error('cold start failed', errorSummary(error));
    return async (_event, context) => {
      addLambdaContext(logger, context);
      logger.error('invocation refused: the function failed to initialise', errorSummary(error));
      throw error;
    };
  }
}
