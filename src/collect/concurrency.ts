/** Bounded concurrency without a dependency. */

/**
 * Maps `items` through `task` with at most `limit` tasks running at once; results keep the items'
 * order. `task` should not throw (a rejection rejects the whole map, the running tasks finish).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
