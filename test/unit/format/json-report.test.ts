/**
 * The JSON report made piece by piece: whole lines per piece, the same text whatever the piece size,
 * and the report itself when read back.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { formatJson, jsonReportChunks, jsonReportLines } from '../../../src/format/json';
import { parseSnapshotText } from '../../../src/snapshot/load';
import type { Report } from '../../../src/types';

const SAMPLE = join(__dirname, '..', '..', '..', 'examples', 'sample-estate.json');

function sampleReport(): Report {
  return analyzeSnapshot(parseSnapshotText(readFileSync(SAMPLE, 'utf8'), SAMPLE), {
    generatedAt: '2026-11-27T03:00:00Z',
  });
}

describe('jsonReportChunks', () => {
  const report = sampleReport();
  const whole = formatJson(report);

  it('reads back as the report, one top-level field and one array element per line', () => {
    // Act
    const lines = whole.split('\n');

    // Assess
    expect(JSON.parse(whole)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(lines[0]).toBe('{');
    expect(lines.at(-2)).toBe('}');
    expect(lines.at(-1)).toBe('');
    const subnetLines = lines.filter((line) => line.startsWith('    {"region"'));
    expect(subnetLines).toHaveLength(report.subnets.length);
  });

  it('gives the same text in pieces of whole lines, whatever the piece size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), (chunkChars) => {
        // Act
        const pieces = [...jsonReportChunks(report, chunkChars)];

        // Assess
        expect(pieces.join('')).toBe(whole);
        for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
        // A piece is cut at the first line end past the size: never much longer than one line.
        const longestLine = Math.max(...whole.split('\n').map((line) => line.length + 1));
        for (const piece of pieces.slice(0, -1)) {
          expect(piece.length).toBeLessThan(chunkChars + longestLine + 16);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('gives the same text line by line, each piece one whole line', () => {
    // Act
    const lines = [...jsonReportLines(report)];

    // Assess
    expect(lines.join('')).toBe(whole);
    for (const line of lines) expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(lines).toHaveLength(whole.split('\n').length - 1);
  });

  it('makes a piece only when asked for it', () => {
    // Prepare
    const pieces = jsonReportChunks(report, 64);

    // Act
    const first = pieces.next();

    // Assess: the first piece holds the opening lines, not the whole report.
    expect(first.done).toBe(false);
    expect(first.value?.length).toBeLessThan(whole.length / 4);
    expect(whole.startsWith(first.value ?? '-')).toBe(true);
  });
});
