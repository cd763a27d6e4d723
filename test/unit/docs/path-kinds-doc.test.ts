import { readFileSync } from 'node:fs';
import { ROUTING_DOC, renderPathKinds, routingDoc } from '../../../scripts/path-kinds-doc';
import { PATH_KINDS, PATH_ORDER } from '../../../src/path-kinds';

describe('the path kinds of docs/routing.md', () => {
  it('are what the registry prints: run `npm run docs:paths` after changing it', () => {
    // Act
    const generated = routingDoc();

    // Assess
    expect(readFileSync(ROUTING_DOC, 'utf8')).toBe(generated);
  });

  it('name every path kind once, worst first, with its severity when it leaks', () => {
    // Act
    const lines = renderPathKinds().split('\n');

    // Assess
    expect(lines.map((line) => /`([a-z-]+)`/.exec(line)?.[1])).toEqual([...PATH_ORDER]);
    for (const [index, path] of PATH_ORDER.entries()) {
      const kind = PATH_KINDS[path];
      expect(lines[index]).toContain(
        kind.leaking ? `a **leak**, severity ${kind.severity}` : 'not a leak',
      );
    }
  });

  it('refuses a page without the markers it prints between', () => {
    // Act
    const print = () => routingDoc('# The routing rules\n');

    // Assess
    expect(print).toThrow('has no <!-- path-kinds:begin');
  });
});
