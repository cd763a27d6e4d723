/**
 * The import graph keeps the shape docs/architecture.md draws. eslint's no-restricted-imports checks
 * which layer may import which; this checks what a per-file rule cannot see: cycles.
 */
import { importCycles, importGraph } from '../helpers/import-graph';

describe('the import graph', () => {
  it('has no cycle among the sources and handlers', () => {
    // Prepare
    const graph = importGraph(['src', 'handlers']);

    // Act
    const cycles = importCycles(graph);

    // Assess
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    // Prepare
    const graph = new Map([
      ['a.ts', { local: ['b.ts'], packages: [] }],
      ['b.ts', { local: ['c.ts'], packages: [] }],
      ['c.ts', { local: ['a.ts'], packages: [] }],
      ['d.ts', { local: ['a.ts'], packages: [] }],
    ]);

    // Act
    const cycles = importCycles(graph);

    // Assess
    expect(cycles).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('keeps test stand-ins out of the benchmarks’ way: test code imports no bench file', () => {
    // Prepare
    const graph = importGraph(['test']);

    // Act
    const intoBench = [...graph].flatMap(([file, { local }]) =>
      local.filter((target) => target.startsWith('bench/')).map((target) => `${file} → ${target}`),
    );

    // Assess
    expect(intoBench).toEqual([]);
  });
});
