/**
 * Tells {@link CallHooks} of every call a client sends, whatever code sends it: the clients whose
 * calls are made inside the SDK or by code that takes no hooks (STS's AssumeRole behind a member
 * role's credentials, the caller's GetCallerIdentity, Organizations) show in `--verbose` like the
 * inventory's calls.
 */
import { awsErrorCode } from '../aws-errors';
import type { CallHooks } from '../call-hooks';

/** The part of an SDK client the observer needs (every v3 client has it). */
interface WithMiddlewareStack {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

const OBSERVED = new WeakSet<object>();

/**
 * Reports each call of `client` (its retries included: the `initialize` step runs once per call)
 * to `hooks`, the operation named as the API names it (`AssumeRole`). Idempotent per client.
 */
export function observeCalls<C extends object>(client: C, hooks: CallHooks): C {
  if (OBSERVED.has(client) || (!hooks.onCall && !hooks.onCallStart)) return client;
  OBSERVED.add(client);
  (client as unknown as WithMiddlewareStack).middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      hooks.onCallStart?.(operation);
      const started = performance.now();
      try {
        const output = await next(args);
        hooks.onCall?.({ operation, ms: performance.now() - started });
        return output;
      } catch (error) {
        hooks.onCall?.({ operation, ms: performance.now() - started, error: awsErrorCode(error) });
        throw error;
      }
    },
    { step: 'initialize', name: 'vpceAuditorObserveCalls' },
  );
  return client;
}
