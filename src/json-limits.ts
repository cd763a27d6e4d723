/**
 * The limits a JSON input (a snapshot, a report, a policy…) must respect before its content is even looked at: a size Node can
 * hold as one string, valid UTF-8, a nesting depth no real EC2 response comes near, and numbers that
 * fit a double. Beyond them the file cannot be a real input, and reading on would crash (a deep
 * array overflows the stack of any recursive code that touches it) or silently change the data
 * (invalid bytes become U+FFFD, `1e999` becomes Infinity).
 */
import { constants as bufferConstants, isUtf8 } from 'node:buffer';
import { formatPath } from './validation';

/**
 * The largest input read (a snapshot, a report…), in bytes: the longest string Node can build (V8's
 * limit, about 512 MiB on 64-bit). A UTF-8 file of that many bytes always fits; the 100 000-subnet
 * benchmark estate is about 194 MiB.
 */
export const MAX_INPUT_BYTES = bufferConstants.MAX_STRING_LENGTH;

/**
 * The deepest nesting accepted (objects and arrays). A snapshot's own fields go 7 levels deep
 * (`regions.r.RouteTables[i].Associations[j].AssociationState.State`); EC2 objects carry a few more
 * levels of their own. Far deeper input is not an EC2 response.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Keys refused in any JSON input: `JSON.parse` keeps them as plain properties, but the code that
 * copies an object (zod, a spread, `target[key] = value`) turns `__proto__` into the prototype
 * and the others shadow what every object has, so the key would silently vanish or change meaning.
 * No AWS response and no file this tool writes has them.
 */
export const REFUSED_JSON_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

function isRefusedKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

/**
 * Where a parsed JSON document breaks a limit (a non-finite number, nesting deeper than
 * `maxDepth`, a key of {@link REFUSED_JSON_KEYS}), as `path: what`, or undefined. Iterative on purpose: the input is untrusted and
 * recursion is exactly what it could overflow. The first pass keeps only containers and depths (it
 * runs on every snapshot, hundreds of MiB for a big estate; numbers are checked where they are met);
 * paths are tracked only to name a problem.
 */
export function jsonStructureIssue(data: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  return breaksALimit(data, maxDepth) ? namedStructureIssue(data, maxDepth) : undefined;
}

/** True when a value is a number JSON cannot have written (`1e999` parses as Infinity). */
function isBadNumber(value: unknown): boolean {
  return typeof value === 'number' && !Number.isFinite(value);
}

function breaksALimit(data: unknown, maxDepth: number): boolean {
  if (data === null || typeof data !== 'object') return isBadNumber(data);
  const containers: object[] = [data];
  const depths: number[] = [0];
  while (containers.length > 0) {
    const container = containers.pop() as object;
    const depth = depths.pop() as number;
    if (depth >= maxDepth) return true;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i += 1) {
        const item: unknown = container[i];
        if (item !== null && typeof item === 'object') {
          containers.push(item);
          depths.push(depth + 1);
        } else if (isBadNumber(item)) return true;
      }
    } else {
      for (const key in container) {
        if (isRefusedKey(key)) return true;
        const item = (container as Record<string, unknown>)[key];
        if (item !== null && typeof item === 'object') {
          containers.push(item);
          depths.push(depth + 1);
        } else if (isBadNumber(item)) return true;
      }
    }
  }
  return false;
}

/** True when a value breaks a limit at this depth (a non-finite number, or too deep a container). */
function breaks(value: unknown, depth: number, maxDepth: number): boolean {
  return isBadNumber(value) || (value !== null && typeof value === 'object' && depth >= maxDepth);
}

function namedStructureIssue(data: unknown, maxDepth: number): string | undefined {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: PropertyKey[] };
    const where = formatPath(path) || '(root)';
    if (breaks(value, path.length, maxDepth)) {
      return typeof value === 'number'
        ? `${where}: number out of range (it reads as ${String(value)})`
        : `${where}: nested more than ${maxDepth} levels deep`;
    }
    if (value === null || typeof value !== 'object') continue;
    const entries: [PropertyKey, unknown][] = Array.isArray(value)
      ? value.map((item, i) => [i, item] as [PropertyKey, unknown])
      : Object.entries(value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, item] = entries[i] as [PropertyKey, unknown];
      stack.push({ value: item, path: [...path, key] });
    }
    const refused = entries.find(([key]) => typeof key === 'string' && isRefusedKey(key));
    if (refused !== undefined) {
      return `${formatPath([...path, refused[0]])}: the key "${String(refused[0])}" is refused (${REFUSED_JSON_KEYS.join(', ')} would not be read faithfully)`;
    }
  }
  return undefined;
}

/**
 * The byte offset of the first invalid UTF-8 sequence of `bytes`, or undefined when they are valid.
 * `decoded` is their UTF-8 decoding (invalid sequences became U+FFFD): a U+FFFD that the bytes spell
 * out (EF BF BD) is genuine, any other marks the first invalid sequence.
 */
export function firstInvalidUtf8Offset(bytes: Buffer, decoded: string): number | undefined {
  if (isUtf8(bytes)) return undefined;
  let from = 0;
  for (;;) {
    const index = decoded.indexOf('\uFFFD', from);
    if (index < 0) return 0;
    const offset = Buffer.byteLength(decoded.slice(0, index), 'utf8');
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) {
      return offset;
    }
    from = index + 1;
  }
}

/** The JSON path of the first string (key or value) holding U+FFFD, or undefined. */
export function pathOfReplacementCharacter(data: unknown): string | undefined {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: PropertyKey[] };
    if (typeof value === 'string') {
      if (value.includes('\uFFFD')) return formatPath(path) || '(root)';
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1)
        stack.push({ value: value[i], path: [...path, i] });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, item] = entries[i] as [string, unknown];
        if (key.includes('\uFFFD')) return `${formatPath([...path, key])} (the key)`;
        stack.push({ value: item, path: [...path, key] });
      }
    }
  }
  return undefined;
}
