/**
 * The one order of ids and names in every output: by UTF-16 code unit, the order of `<` on
 * strings (not `localeCompare`, whose order depends on the locale and which is several times
 * slower). AWS ids are lowercase ASCII, so it is also their natural order.
 */

/** Compares two texts by code unit: negative, zero or positive, for `Array.prototype.sort`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lists up to this long are sorted by insertion, in place (see {@link sortTexts}). */
const INSERTION_SORT_MAX = 16;

/**
 * Sorts texts in place by {@link compareText} and returns the same array. A short list (the usual
 * one: a route table's subnets, a verdict's targets) is sorted by insertion, which allocates
 * nothing: `Array.prototype.sort` sets up work arrays on every call, and the analysis of a large
 * estate sorts hundreds of thousands of such lists.
 */
export function sortTexts<T extends string>(texts: T[]): T[] {
  const count = texts.length;
  if (count > INSERTION_SORT_MAX) return texts.sort(compareText);
  for (let i = 1; i < count; i += 1) {
    const text = texts[i] as T;
    let j = i - 1;
    while (j >= 0 && (texts[j] as T) > text) {
      texts[j + 1] = texts[j] as T;
      j -= 1;
    }
    texts[j + 1] = text;
  }
  return texts;
}

/**
 * Sorts items in place by a text key ({@link compareText}) and returns the same array; stable. Like
 * {@link sortTexts}, a short list is sorted by insertion, allocating nothing.
 */
export function sortBy<T>(items: T[], keyOf: (item: T) => string): T[] {
  const count = items.length;
  if (count > INSERTION_SORT_MAX) return items.sort((a, b) => compareText(keyOf(a), keyOf(b)));
  for (let i = 1; i < count; i += 1) {
    const item = items[i] as T;
    const key = keyOf(item);
    let j = i - 1;
    while (j >= 0 && keyOf(items[j] as T) > key) {
      items[j + 1] = items[j] as T;
      j -= 1;
    }
    items[j + 1] = item;
  }
  return items;
}
