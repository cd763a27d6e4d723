/** Timing and naming every AWS call, and reading every page of a paginated one. */
import { awsErrorCode } from '../aws-errors';
import type { CallHooks, CallRecord } from '../call-hooks';
import { CollectCallError } from './collect-errors';

export type { CallHooks, CallRecord };

/**
 * Runs one AWS call, telling the hooks when it starts and ends.
 *
 * @throws CollectCallError naming the operation, with the SDK error as `cause`
 */
export async function timedCall<T>(
  operation: string,
  hooks: CallHooks,
  call: () => Promise<T>,
): Promise<T> {
  hooks.onCallStart?.(operation);
  const started = performance.now();
  try {
    const result = await call();
    hooks.onCall?.({ operation, ms: performance.now() - started });
    return result;
  } catch (error) {
    hooks.onCall?.({ operation, ms: performance.now() - started, error: awsErrorCode(error) });
    throw error instanceof CollectCallError
      ? error
      : new CollectCallError(operation, { cause: error });
  }
}

/**
 * Reads every page of an SDK paginator, one timed call per page, and concatenates the items.
 * Stops on the first page without `NextToken` (so no call is counted that the paginator does not make).
 */
export async function collectPages<Page extends { NextToken?: string | undefined }, Item>(
  operation: string,
  pages: AsyncIterable<Page>,
  itemsOf: (page: Page) => readonly Item[] | undefined,
  hooks: CallHooks,
): Promise<Item[]> {
  const iterator = pages[Symbol.asyncIterator]();
  const items: Item[] = [];
  for (;;) {
    const next = await timedCall(operation, hooks, () => iterator.next());
    if (next.done === true) break;
    items.push(...(itemsOf(next.value) ?? []));
    if (!next.value.NextToken) {
      await iterator.return?.();
      break;
    }
  }
  return items;
}
