/**
 * Tells {@link CallHooks} of every call a client sends, whatever code sends it: the clients whose
 * calls are made inside the SDK or by code that takes no hooks (STS's AssumeRole behind a member
 * role's credentials, the caller's GetCallerIdentity) show in `--verbose` like the
 * inventory's calls.
 */
import { timeCall, type CallHooks } from '../call-hooks';
import type { WithMiddlewareStack } from './call-limit';

const OBSERVED = new WeakSet<object>();

/**
 * Reports each call of `client` (its retries included: the `initialize` step runs once per call)
 * to `hooks`, the operation named as the API names it (`AssumeRole`). Idempotent per client.
 */
export function observeCalls<C extends object>(client: C, hooks: CallHooks): C {
  if (OBSERVED.has(client) || (!hooks.onCall && !hooks.onCallStart)) return client;
  OBSERVED.add(client);
  (client as unknown as WithMiddlewareStack).middlewareStack.add(
    (next, context) => (args) =>
      timeCall((context.commandName ?? 'unknown').replace(/Command$/, ''), hooks, () => next(args)),
    { step: 'initialize', name: 'vpceAuditorObserveCalls' },
  );
  return client;
}
