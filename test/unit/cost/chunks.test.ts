import fc from 'fast-check';
import { chunks } from '../../../src/cost/chunks';

describe('chunks', () => {
  it('cuts a list into consecutive batches of at most the size, losing and reordering nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 10 }), (items, size) => {
        // Act
        const batches = chunks(items, size);

        // Assess
        expect(batches.flat()).toEqual(items);
        expect(batches.every((batch) => batch.length >= 1 && batch.length <= size)).toBe(true);
        expect(batches.slice(0, -1).every((batch) => batch.length === size)).toBe(true);
      }),
    );
  });
});
