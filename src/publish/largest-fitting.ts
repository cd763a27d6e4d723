/**
 * The largest `k` in `[0, max]` with `fits(k)`, or -1 when even 0 does not fit. `fits` must be
 * monotone (true up to some `k`, false after): a binary search, used to trim SNS messages to size.
 */
export function largestFitting(max: number, fits: (k: number) => boolean): number {
  if (!fits(0)) return -1;
  let low = 0;
  let high = max;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}
