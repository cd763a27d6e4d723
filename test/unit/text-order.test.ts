import fc from 'fast-check';
import { compareText, sortBy, sortTexts } from '../../src/text-order';

describe('compareText', () => {
  it('orders by UTF-16 code unit, as `<` does, not by locale', () => {
    // Prepare: upper case sorts before lower case by code unit, after it in most locales
    const texts = ['b', 'B', 'a', 'A', 'vpce-10', 'vpce-1'];

    // Act
    const sorted = [...texts].sort(compareText);

    // Assess
    expect(sorted).toEqual(['A', 'B', 'a', 'b', 'vpce-1', 'vpce-10']);
    expect(compareText('x', 'x')).toBe(0);
  });
});

describe('sortTexts', () => {
  it('sorts in place and returns the same array', () => {
    // Prepare
    const texts = ['subnet-0c', 'subnet-0a', 'subnet-0b'];

    // Act
    const result = sortTexts(texts);

    // Assess
    expect(result).toBe(texts);
    expect(texts).toEqual(['subnet-0a', 'subnet-0b', 'subnet-0c']);
  });

  it('gives the order of Array.prototype.sort for short lists (insertion) and long ones alike', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 40 }), (texts) => {
        // Prepare
        const expected = [...texts].sort();

        // Act
        const sorted = sortTexts([...texts]);

        // Assess
        expect(sorted).toEqual(expected);
      }),
    );
  });
});

describe('sortBy', () => {
  it('sorts items by their key like a stable Array.prototype.sort, short lists and long ones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ key: fc.string({ maxLength: 3 }), at: fc.nat() }), { maxLength: 40 }),
        (items) => {
          // Prepare: short keys repeat, so the stability is exercised
          const expected = [...items].sort((a, b) => compareText(a.key, b.key));

          // Act
          const copy = [...items];
          const sorted = sortBy(copy, (item) => item.key);

          // Assess
          expect(sorted).toBe(copy);
          expect(sorted).toEqual(expected);
        },
      ),
    );
  });
});
