import { lazy } from '../../src/lazy';
import { snapshotSchemas } from '../../src/snapshot/schema';

describe('lazy', () => {
  it('builds nothing until the value is first asked for', () => {
    // Prepare
    const build = jest.fn(() => ({ built: true }));

    // Act
    const value = lazy(build);

    // Assess
    expect(build).not.toHaveBeenCalled();
    expect(value()).toEqual({ built: true });
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('builds once and keeps the same value, even when the value is undefined', () => {
    // Prepare
    const object = lazy(() => ({}));
    const nothing = jest.fn((): undefined => undefined);
    const none = lazy(nothing);

    // Act
    const first = object();
    const second = object();
    none();
    none();

    // Assess
    expect(second).toBe(first);
    expect(nothing).toHaveBeenCalledTimes(1);
  });

  it('builds again on the next call when the build threw', () => {
    // Prepare
    let calls = 0;
    const flaky = lazy(() => {
      calls += 1;
      if (calls === 1) throw new Error('not yet');
      return calls;
    });

    // Act
    const failure = (() => {
      try {
        return flaky();
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(failure).toEqual(new Error('not yet'));
    expect(flaky()).toBe(2);
    expect(flaky()).toBe(2);
  });
});

describe('snapshotSchemas', () => {
  it('gives the same schemas on every call (they are built once)', () => {
    // Act
    const first = snapshotSchemas();

    // Assess
    expect(snapshotSchemas()).toBe(first);
    expect(snapshotSchemas().SnapshotSchema).toBe(first.SnapshotSchema);
  });
});
