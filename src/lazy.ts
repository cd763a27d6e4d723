/**
 * A value built on first use, then kept: for what start-up should not pay for unless it is needed
 * (the zod schemas of files a command may never read). Written here rather than taken from a
 * library: it is one line of `??=`, and the packages that offer it (`lodash.once`…) would add a
 * dependency for nothing more.
 *
 * @param build makes the value; called once, on the first call of the returned getter
 * @returns the getter
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
