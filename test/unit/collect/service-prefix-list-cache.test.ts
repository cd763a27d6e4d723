import { ServicePrefixListCache } from '../../../src/collect/service-prefix-list-cache';

const S3 = { region: 'eu-west-1', prefixListId: 'pl-6da54004', version: 7 };

/** A read that counts its calls and answers `cidrs` (or fails with `error`). */
function countingRead(cidrs: string[], error?: Error) {
  return jest.fn(() => (error ? Promise.reject(error) : Promise.resolve(cidrs)));
}

describe('ServicePrefixListCache', () => {
  it('reads a list once and shares it with every later caller, even while the first read is in flight', async () => {
    // Prepare
    const cache = new ServicePrefixListCache();
    const first = countingRead(['3.5.64.0/21']);
    const second = countingRead(['9.9.9.0/24']);

    // Act
    const [a, b] = await Promise.all([cache.cidrs(S3, first), cache.cidrs(S3, second)]);

    // Assess
    expect(a).toEqual(['3.5.64.0/21']);
    expect(b).toEqual(['3.5.64.0/21']);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
  });

  it('reads again when the version, the list or the region differs', async () => {
    // Prepare
    const cache = new ServicePrefixListCache();
    await cache.cidrs(S3, countingRead(['3.5.64.0/21']));
    const newerVersion = countingRead(['1.0.0.0/8']);
    const otherList = countingRead(['2.0.0.0/8']);
    const otherRegion = countingRead(['3.0.0.0/8']);

    // Act
    const answers = await Promise.all([
      cache.cidrs({ ...S3, version: 8 }, newerVersion),
      cache.cidrs({ ...S3, prefixListId: 'pl-6fa54006' }, otherList),
      cache.cidrs({ ...S3, region: 'us-east-1' }, otherRegion),
    ]);

    // Assess
    expect(answers).toEqual([['1.0.0.0/8'], ['2.0.0.0/8'], ['3.0.0.0/8']]);
    for (const read of [newerVersion, otherList, otherRegion]) {
      expect(read).toHaveBeenCalledTimes(1);
    }
  });

  it('never shares a failed read: a later caller reads with its own credentials, and the list is cached again', async () => {
    // Prepare
    const cache = new ServicePrefixListCache();
    const refused = countingRead([], new Error('UnauthorizedOperation'));
    const own = countingRead(['3.5.64.0/21']);
    const later = countingRead(['9.9.9.0/24']);

    // Act
    const failing = cache.cidrs(S3, refused);
    const waiting = cache.cidrs(S3, own);
    await expect(failing).rejects.toThrow('UnauthorizedOperation');
    const recovered = await waiting;
    const afterwards = await cache.cidrs(S3, later);

    // Assess
    expect(recovered).toEqual(['3.5.64.0/21']);
    expect(own).toHaveBeenCalledTimes(1);
    expect(afterwards).toEqual(['3.5.64.0/21']);
    expect(later).not.toHaveBeenCalled();
  });

  it("shares a region's described service lists, and a failed description is not shared", async () => {
    // Prepare
    const cache = new ServicePrefixListCache();
    const lists = [{ PrefixListId: 'pl-6da54004', PrefixListName: 'com.amazonaws.eu-west-1.s3' }];
    const refused = jest.fn(() => Promise.reject(new Error('UnauthorizedOperation')));
    const own = jest.fn(() => Promise.resolve(lists));
    const later = jest.fn(() => Promise.resolve([]));

    // Act
    const failing = cache.lists('eu-west-1', refused);
    const waiting = cache.lists('eu-west-1', own);
    await expect(failing).rejects.toThrow('UnauthorizedOperation');
    const recovered = await waiting;
    const afterwards = await cache.lists('eu-west-1', later);
    const elsewhere = await cache.lists('us-east-1', later);

    // Assess
    expect(recovered).toBe(lists);
    expect(afterwards).toBe(lists);
    expect(elsewhere).toEqual([]);
    expect(own).toHaveBeenCalledTimes(1);
    expect(later).toHaveBeenCalledTimes(1);
  });
});
