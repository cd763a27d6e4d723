/** The CIDR arithmetic under the routing engine: IPv4 and IPv6 on one code path. */
import {
  cidrRange,
  formatCidr,
  isCidr,
  mergeRanges,
  parseCidr,
  rangeToCidrs,
  type AddressRange,
} from '../../../src/net/cidr';

function v4(text: string): bigint {
  return text.split('.').reduce((value, octet) => value * 256n + BigInt(octet), 0n);
}

describe('parseCidr and formatCidr', () => {
  it.each([
    ['0.0.0.0/0', 4, 0n, 0],
    ['52.216.0.0/15', 4, v4('52.216.0.0'), 15],
    ['255.255.255.255/32', 4, v4('255.255.255.255'), 32],
    ['::/0', 6, 0n, 0],
    ['2600:1f18::/32', 6, 0x2600_1f18n << 96n, 32],
    ['2001:db8::1/128', 6, (0x2001_0db8n << 96n) + 1n, 128],
  ] as const)('parses %s', (text, family, start, prefixLength) => {
    // Act
    const cidr = parseCidr(text);

    // Assess
    expect(cidr).toEqual({ family, start, prefixLength });
  });

  it('clears host bits', () => {
    // Act
    const cidr = parseCidr('10.1.2.3/16');

    // Assess
    expect(cidr && formatCidr(cidr)).toBe('10.1.0.0/16');
  });

  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001/128', '2001:db8::1/128'],
    ['2001:db8:0:0:1:0:0:1/128', '2001:db8::1:0:0:1/128'],
    ['2001:db8:0:1:1:1:1:1/128', '2001:db8:0:1:1:1:1:1/128'],
    ['0:0:0:0:0:0:0:0/0', '::/0'],
    ['fe80:0:0:0:0:0:0:0/10', 'fe80::/10'],
    ['1:0:0:0:0:0:0:0/16', '1::/16'],
  ])('formats %s canonically as %s (RFC 5952)', (text, canonical) => {
    // Act
    const cidr = parseCidr(text);

    // Assess
    expect(cidr && formatCidr(cidr)).toBe(canonical);
  });

  it.each([
    '10.0.0.0/33',
    '10.0.0.0',
    '10.0.0/8',
    '10.0.0.0.0/8',
    '256.0.0.0/8',
    '10.0.0.-1/8',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/1a',
    ' 10.0.0.0/8',
    '',
    '/8',
    'a.b.c.d/8',
    '::/129',
    '1::2::3/64',
    '1:2:3:4:5:6:7:8:9/64',
    '1:2:3:4:5:6:7:8::/64',
    '12345::/16',
    'g::/16',
    ':::/0',
  ])('rejects %j', (text) => {
    // Act
    const cidr = parseCidr(text);

    // Assess
    expect(cidr).toBeUndefined();
    expect(isCidr(text)).toBe(false);
  });

  it('checks the family when asked', () => {
    // Assess
    expect(isCidr('10.0.0.0/8', 4)).toBe(true);
    expect(isCidr('10.0.0.0/8', 6)).toBe(false);
    expect(isCidr('::/0', 6)).toBe(true);
    expect(isCidr('::/0', 4)).toBe(false);
  });
});

describe('cidrRange', () => {
  it('gives the first and last address of the block', () => {
    // Act
    const v4Range = cidrRange({ family: 4, start: v4('52.216.0.0'), prefixLength: 15 });
    const v6Range = cidrRange({ family: 6, start: 0n, prefixLength: 0 });

    // Assess
    expect(v4Range).toEqual({ family: 4, start: v4('52.216.0.0'), end: v4('52.217.255.255') });
    expect(v6Range).toEqual({ family: 6, start: 0n, end: (1n << 128n) - 1n });
  });
});

describe('rangeToCidrs', () => {
  const cover = (range: AddressRange) => rangeToCidrs(range).map(formatCidr);

  it.each([
    ['10.0.0.0', '10.0.0.255', ['10.0.0.0/24']],
    ['10.0.0.1', '10.0.0.6', ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']],
    ['10.0.0.0', '10.0.2.255', ['10.0.0.0/23', '10.0.2.0/24']],
    ['0.0.0.0', '255.255.255.255', ['0.0.0.0/0']],
    ['255.255.255.255', '255.255.255.255', ['255.255.255.255/32']],
    ['52.216.0.0', '52.217.127.255', ['52.216.0.0/16', '52.217.0.0/17']],
  ])('covers %s-%s with the fewest CIDRs', (start, end, cidrs) => {
    // Act
    const result = cover({ family: 4, start: v4(start), end: v4(end) });

    // Assess
    expect(result).toEqual(cidrs);
  });

  it('covers IPv6 ranges, up to the whole space', () => {
    // Assess
    expect(cover({ family: 6, start: 0n, end: (1n << 128n) - 1n })).toEqual(['::/0']);
    expect(cover({ family: 6, start: 1n, end: 2n })).toEqual(['::1/128', '::2/128']);
  });
});

describe('mergeRanges', () => {
  /** The addresses `start` to `end` of an address family. */
  function range(family: 4 | 6, start: bigint, end: bigint): AddressRange {
    return { family, start, end };
  }

  it.each([
    [
      'merges overlapping and adjacent ranges in any order, and keeps gaps',
      [
        range(4, 20n, 30n),
        range(4, 0n, 9n),
        range(4, 10n, 12n),
        range(4, 5n, 7n),
        range(4, 32n, 40n),
      ],
      [range(4, 0n, 12n), range(4, 20n, 30n), range(4, 32n, 40n)],
    ],
    [
      // An IPv6 range whose numbers fall between two adjacent IPv4 ranges.
      'never merges across families, and merges each family whatever the other holds',
      [range(4, 0n, 10n), range(6, 5n, 20n), range(4, 11n, 20n)],
      [range(4, 0n, 20n), range(6, 5n, 20n)],
    ],
  ])('%s', (_, ranges, expected) => {
    // Act
    const merged = mergeRanges(ranges);

    // Assess
    expect(merged).toEqual(expected);
  });

  it('does not modify its input', () => {
    // Prepare
    const input = [range(4, 0n, 9n), range(4, 5n, 20n)];

    // Act
    mergeRanges(input);

    // Assess
    expect(input[0]).toEqual({ family: 4, start: 0n, end: 9n });
  });
});
