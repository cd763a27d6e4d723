/**
 * Sizes of JSON inside an SNS message, measured piece by piece. The `default` part of a message is a
 * JSON document encoded as a JSON string inside the message's JSON structure, so every character of
 * the document may be escaped twice. These functions give the exact number of UTF-8 bytes a value
 * adds there, and stop counting as soon as a limit is passed: measuring a report of any size costs
 * no more than the budget, and nothing ever serialises a whole report to learn that it does not fit.
 */

/** UTF-8 bytes of a text, as SNS counts them. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Bytes a string adds to a message when it is the value of a key of the message's structure. */
export function encodedStringBytes(text: string): number {
  return utf8Bytes(JSON.stringify(text)) - 2;
}

/** Bytes of a JSON token (`"key"`, `12`, `true`) once its document is itself encoded as a string. */
function tokenBytes(token: string): number {
  return encodedStringBytes(token);
}

/**
 * The bytes `value`'s JSON adds to a message when the JSON sits in a string of the message (the
 * `default` part), or `undefined` as soon as the count passes `limit`. Additive: the bytes of a list
 * are the bytes of its items plus one per bracket and comma, so a caller can add items one by one.
 */
export function nestedJsonBytes(
  value: unknown,
  limit = Number.POSITIVE_INFINITY,
): number | undefined {
  let total = 0;
  const add = (bytes: number): boolean => {
    total += bytes;
    return total <= limit;
  };
  const visit = (item: unknown): boolean => {
    if (item === null) return add(4);
    switch (typeof item) {
      case 'string':
        return add(tokenBytes(JSON.stringify(item)));
      case 'number':
      case 'boolean':
        return add(JSON.stringify(item).length);
      case 'bigint':
        throw new TypeError('a report holds no bigint');
      case 'object':
        break;
      default:
        // undefined, functions and symbols are dropped by JSON.stringify (null inside arrays).
        return add(4);
    }
    const withJson = item as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return visit(withJson.toJSON());
    if (Array.isArray(item)) {
      if (!add(2 + Math.max(0, item.length - 1))) return false;
      for (const element of item) if (!visit(element)) return false;
      return true;
    }
    let members = 0;
    if (!add(2)) return false;
    for (const [key, member] of Object.entries(item as Record<string, unknown>)) {
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') {
        continue;
      }
      // "key": plus a comma before every member but the first.
      if (!add(tokenBytes(JSON.stringify(key)) + 1 + (members > 0 ? 1 : 0))) return false;
      members += 1;
      if (!visit(member)) return false;
    }
    return true;
  };
  return visit(value) ? total : undefined;
}

/**
 * The longest prefix of `text` whose encoded bytes (as a value of the message's structure) stay
 * within `maxBytes`, ending with `suffix` when it had to be cut.
 */
export function clampEncodedText(text: string, maxBytes: number, suffix = '\n[cut]\n'): string {
  if (encodedStringBytes(text) <= maxBytes) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (encodedStringBytes(`${text.slice(0, middle)}${suffix}`) <= maxBytes) low = middle;
    else high = middle - 1;
  }
  // Never split a surrogate pair.
  const end = low > 0 && /[\uD800-\uDBFF]/.test(text.charAt(low - 1)) ? low - 1 : low;
  return `${text.slice(0, end)}${suffix}`;
}
