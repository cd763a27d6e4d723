/**
 * CIDR arithmetic for IPv4 and IPv6, on bigint so that one code path serves both families.
 *
 * Written here rather than taken from a library: the few maintained IP libraries on npm either parse
 * only (no range splitting) or allocate an object per address; the engine needs exactly three
 * operations (parse, range, minimal cover of a range) and they fit in this file.
 */

/** IP address family. */
export type IpFamily = 4 | 6;

/** A parsed CIDR block; `start` is the network address (host bits cleared). */
export interface Cidr {
  family: IpFamily;
  start: bigint;
  prefixLength: number;
}

/** An inclusive range of addresses of one family. */
export interface AddressRange {
  family: IpFamily;
  start: bigint;
  end: bigint;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

/**
 * Dotted-quad IPv4 (`a.b.c.d`, 1–3 decimal digits per octet, each at most 255) of `text` up to `end`
 * (exclusive), as a number. Character by character rather than split + regex: it runs for every CIDR
 * of the snapshot, twice (validation, then analysis), and this form allocates nothing.
 */
function parseIpv4Number(text: string, end: number): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 46 /* . */) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots += 1;
    } else if (code >= 48 && code <= 57 && digits < 3) {
      octet = octet * 10 + (code - 48);
      digits += 1;
      if (octet > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

function parseIpv4(text: string): bigint | undefined {
  const value = parseIpv4Number(text, text.length);
  return value === undefined ? undefined : BigInt(value);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** Parses `a.b.c.d/n` or an IPv6 `x:y::/n`; host bits are cleared. Returns undefined if invalid. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return undefined;
  const prefixLength = Number(lengthText);
  const family: IpFamily = address.includes(':') ? 6 : 4;
  if (prefixLength > BITS[family]) return undefined;
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === undefined) return undefined;
  const hostBits = BigInt(BITS[family] - prefixLength);
  return { family, start: (value >> hostBits) << hostBits, prefixLength };
}

/** True when `text` is a valid CIDR of the given family (any family when omitted). */
export function isCidr(text: string, family?: IpFamily): boolean {
  if (family === 4) return ipv4PrefixLength(text) !== undefined;
  const cidr = parseCidr(text);
  return cidr !== undefined && (family === undefined || cidr.family === family);
}

/**
 * An IPv4 CIDR block as plain numbers: every IPv4 address fits a double exactly, and the routing
 * engine, which reads IPv4 routes only, computes on them far faster than on bigint.
 */
export interface Ipv4Block {
  /** The network address (host bits cleared). */
  start: number;
  /** The last address of the block (inclusive). */
  end: number;
  prefixLength: number;
}

/**
 * The prefix length of an IPv4 CIDR (`a.b.c.d/n`, n of 1–3 digits, at most 32), or undefined when
 * the text is not one. Allocates nothing: the schema checks every CIDR of a snapshot with it.
 */
function ipv4PrefixLength(text: string): number | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const digits = text.length - slash - 1;
  if (digits < 1 || digits > 3) return undefined;
  let prefixLength = 0;
  for (let i = slash + 1; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
    prefixLength = prefixLength * 10 + (code - 48);
  }
  if (prefixLength > 32) return undefined;
  return parseIpv4Number(text, slash) === undefined ? undefined : prefixLength;
}

/**
 * Parses `a.b.c.d/n` into numbers, host bits cleared (as {@link parseCidr} does); undefined when the
 * text is not an IPv4 CIDR.
 */
export function parseIpv4Block(text: string): Ipv4Block | undefined {
  const prefixLength = ipv4PrefixLength(text);
  if (prefixLength === undefined) return undefined;
  const value = parseIpv4Number(text, text.indexOf('/')) as number;
  const size = 2 ** (32 - prefixLength);
  const start = value - (value % size);
  return { start, end: start + size - 1, prefixLength };
}

/** The IPv4 block of a parsed CIDR (undefined for IPv6). */
export function ipv4BlockOf(cidr: Cidr): Ipv4Block | undefined {
  if (cidr.family !== 4) return undefined;
  const start = Number(cidr.start);
  return { start, end: start + 2 ** (32 - cidr.prefixLength) - 1, prefixLength: cidr.prefixLength };
}

/** The inclusive address range of a CIDR. */
export function cidrRange(cidr: Cidr): AddressRange {
  const size = 1n << BigInt(BITS[cidr.family] - cidr.prefixLength);
  return { family: cidr.family, start: cidr.start, end: cidr.start + size - 1n };
}

function formatAddress(family: IpFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n)
    groups.push(((value >> shift) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j += 1;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/** Formats a CIDR in canonical text. */
export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.family, cidr.start)}/${cidr.prefixLength}`;
}

/** The fewest CIDRs that cover exactly the inclusive range `start`..`end`. */
export function rangeToCidrs(range: AddressRange): Cidr[] {
  const bits = BITS[range.family];
  const result: Cidr[] = [];
  let start = range.start;
  while (start <= range.end) {
    // The largest block aligned at `start` that does not pass `end`.
    let size = 1n;
    let prefixLength = bits;
    while (prefixLength > 0) {
      const bigger = size << 1n;
      if (start % bigger !== 0n || start + bigger - 1n > range.end) break;
      size = bigger;
      prefixLength -= 1;
    }
    result.push({ family: range.family, start, prefixLength });
    start += size;
  }
  return result;
}

/**
 * Merges adjacent or overlapping ranges of the same family; the input need not be sorted nor of one
 * family. The result holds the IPv4 ranges, then the IPv6 ones, each in address order.
 */
export function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  // By family first: an IPv6 range sorted between two IPv4 ranges would keep them apart.
  const sorted = [...ranges].sort(
    (a, b) => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0),
  );
  const merged: AddressRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.family === range.family && range.start <= last.end + 1n) {
      if (range.end > last.end) last.end = range.end;
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}
