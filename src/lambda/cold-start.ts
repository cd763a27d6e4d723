/**
 * Cold-start plumbing shared by the handlers: build the dependencies (configuration, clients, the
 * endpoint policy file) once when the module loads; if that fails (a bad environment variable), log it once and make every
 * invocation fail with the same one-line error instead of crashing the runtime's init.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { errorLogFields } from './logger';

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
 * Runs `build` now (at cold start). Once it has given the handler, every invocation goes to it; if it
 * failed (synchronously or, for a build that reads files, asynchronously), the error is logged once
 * and every invocation rethrows it. `onStartupFailure` runs once, at the first invocation after a
 * failed build (so that someone hears of it: the audit publishes it to its topic).
 */
export function initialiseHandler<R>(
  logger: Logger,
  build: () => LambdaHandler<R> | Promise<LambdaHandler<R>>,
  onStartupFailure?: (error: unknown) => Promise<void>,
): LambdaHandler<R> {
  type Built = { ok: true; handler: LambdaHandler<R> } | { ok: false; error: unknown };
  let built: Promise<Built>;
  try {
    built = Promise.resolve(build()).then(
      (handler): Built => ({ ok: true, handler }),
      (error: unknown): Built => ({ ok: false, error }),
    );
  } catch (error) {
    built = Promise.resolve({ ok: false, error });
  }
  const ready = built.then((outcome) => {
    if (!outcome.ok) logger.error('cold start failed', errorLogFields(outcome.error));
    return outcome;
  });
  let reported = false;
  return async (event, context) => {
    const outcome = await ready;
    if (outcome.ok) return outcome.handler(event, context);
    addLambdaContext(logger, context);
    logger.error(
      'invocation refused: the function failed to initialise',
      errorLogFields(outcome.error),
    );
    if (onStartupFailure && !reported) {
      reported = true;
      await onStartupFailure(outcome.error);
    }
    throw outcome.error;
  };
}
