import fc from 'fast-check';
import { textWidth, wrapItems } from '../../../src/format/text-width';

describe('wrapItems', () => {
  it('breaks only between items, every line within the width, the items in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Za-z$][A-Za-z0-9 $:/.,()-]{0,30}[A-Za-z0-9)]$/), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 36, max: 140 }),
        (items, width) => {
          // Act
          const lines = wrapItems(items, width);

          // Assess
          for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
          const rejoined = lines.map((line, i) => (i === 0 ? line : line.slice(2))).join(' · ');
          expect(rejoined).toBe(items.join(' · '));
        },
      ),
    );
  });

  it('keeps a label with its value where a word wrap would split them', () => {
    // Prepare
    const items = [
      'Subnets audited: 28 in 1 region of 4 accounts',
      'Leaking subnets: 3',
      'Estimated $/month: not estimated',
      'Regions failed: 0',
    ];

    // Act
    const lines = wrapItems(items, 120);

    // Assess
    expect(lines).toEqual([
      'Subnets audited: 28 in 1 region of 4 accounts · Leaking subnets: 3 · Estimated $/month: not estimated',
      '  Regions failed: 0',
    ]);
  });
});
