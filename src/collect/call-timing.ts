/** Timing and naming every AWS call, and reading every page of a paginated one. */
import { timeCall, type CallHooks, type CallRecord } from '../call-hooks';
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
  try {
    return await timeCall(operation, hooks, call);
  } catch (error) {
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
