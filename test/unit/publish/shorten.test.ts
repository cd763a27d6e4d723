import { shorten } from '../../../src/publish/shorten';

describe('shorten', () => {
  it('keeps a text that fits and cuts a longer one to the limit, ending in "..."', () => {
    // Prepare
    const fits = 'a'.repeat(10);
    const long = 'b'.repeat(11);

    // Act
    const kept = shorten(fits, 10);
    const cut = shorten(long, 10);

    // Assess
    expect(kept).toBe(fits);
    expect(cut).toBe(`${'b'.repeat(7)}...`);
    expect(cut).toHaveLength(10);
  });
});
