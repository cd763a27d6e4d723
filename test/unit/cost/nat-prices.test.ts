import { ConfigurationError, UserInputError } from '../../../src/errors';
import {
  DEFAULT_NAT_PRICE_PER_GB,
  NAT_DATA_PROCESSING_PRICE_PER_GB,
  natPriceFor,
} from '../../../src/cost/nat-prices';
import { parseNatPricePerGb } from '../../../src/options/parsers';

describe('NAT data processing prices', () => {
  it('prices us-east-1 at $0.045 per GB from the table', () => {
    // Act
    const price = natPriceFor('us-east-1');

    // Assess
    expect(price).toEqual({ pricePerGb: 0.045, priceSource: 'table' });
  });

  it('prices a region of the table at its own figure', () => {
    // Act
    const tokyo = natPriceFor('ap-northeast-1');

    // Assess
    expect(tokyo).toEqual({ pricePerGb: 0.062, priceSource: 'table' });
  });

  it('falls back to the us-east-1 price, flagged default, for a region missing from the table', () => {
    // Prepare
    expect(NAT_DATA_PROCESSING_PRICE_PER_GB['xx-nowhere-9']).toBeUndefined();

    // Act
    const price = natPriceFor('xx-nowhere-9');

    // Assess
    expect(price).toEqual({ pricePerGb: DEFAULT_NAT_PRICE_PER_GB, priceSource: 'default' });
  });

  it('uses the override for every region, flagged override', () => {
    // Act
    const prices = [natPriceFor('us-east-1', 0.05), natPriceFor('xx-nowhere-9', 0.05)];

    // Assess
    expect(prices).toEqual([
      { pricePerGb: 0.05, priceSource: 'override' },
      { pricePerGb: 0.05, priceSource: 'override' },
    ]);
  });

  it('holds only positive finite prices', () => {
    // Act
    const prices = Object.values(NAT_DATA_PROCESSING_PRICE_PER_GB);

    // Assess
    expect(prices.length).toBeGreaterThan(1);
    for (const price of prices) expect(Number.isFinite(price) && price > 0 && price < 1).toBe(true);
  });

  it.each([
    ['0.05', 0.05],
    [' 0.045 ', 0.045],
    ['.1', 0.1],
    ['5e-2', 0.05],
    ['2', 2],
  ])('parses %p as %p', (text, expected) => {
    // Act
    const price = parseNatPricePerGb(text);

    // Assess
    expect(price).toBe(expected);
  });

  it.each(['0', '-0.045', '', 'abc', 'Infinity', '1e999', 'NaN', '0x10', '0.05$', '1,5'])(
    'rejects %p naming the variable and the value',
    (text) => {
      // Act
      const parse = () => parseNatPricePerGb(text);

      // Assess
      expect(parse).toThrow(ConfigurationError);
      expect(parse).toThrow(`NAT_PRICE_PER_GB: "${text}" is not a positive number of USD per GB`);
    },
  );

  it('names the CLI flag and throws a UserInputError for a bad --nat-price-per-gb', () => {
    // Act
    const parse = () => parseNatPricePerGb('free', '--nat-price-per-gb');

    // Assess
    expect(parse).toThrow(UserInputError);
    expect(parse).not.toThrow(ConfigurationError);
    expect(parse).toThrow('--nat-price-per-gb: "free" is not a positive number of USD per GB');
  });
});
