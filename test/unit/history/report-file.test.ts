import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { parseReport, ReportValidationError } from '../../../src/history/report-file';
import { parseSnapshotText } from '../../../src/snapshot/load';
import { REMEDIATION_KINDS } from '../../../src/types';

const SAMPLE = join(__dirname, '../../../examples/sample-estate.json');

describe('parseReport', () => {
  it('reads back the JSON report of the sample estate, exempt findings (remediation none) included', () => {
    // Prepare
    const report = analyzeSnapshot(parseSnapshotText(readFileSync(SAMPLE, 'utf8'), SAMPLE));
    const written = JSON.parse(JSON.stringify(report)) as unknown;

    // Act
    const read = parseReport(written, 'report.json');

    // Assess
    expect(report.findings.some((finding) => finding.remediation === 'none')).toBe(true);
    expect(read.findings.map((finding) => finding.id)).toEqual(
      report.findings.map((finding) => finding.id),
    );
  });

  it.each(REMEDIATION_KINDS)('accepts the remediation kind %s', (kind) => {
    // Prepare
    const report = analyzeSnapshot(parseSnapshotText(readFileSync(SAMPLE, 'utf8'), SAMPLE));
    const written = JSON.parse(JSON.stringify(report)) as { findings: { remediation: string }[] };
    written.findings[0]!.remediation = kind;

    // Act
    const read = parseReport(written, 'report.json');

    // Assess
    expect(read.findings[0]?.remediation).toBe(kind);
  });

  it('refuses an unknown remediation kind, naming the field', () => {
    // Prepare
    const report = analyzeSnapshot(parseSnapshotText(readFileSync(SAMPLE, 'utf8'), SAMPLE));
    const written = JSON.parse(JSON.stringify(report)) as { findings: { remediation: string }[] };
    written.findings[0]!.remediation = 'delete-everything';

    // Act
    const read = (): unknown => parseReport(written, 'report.json');

    // Assess
    expect(read).toThrow(ReportValidationError);
    expect(read).toThrow(/findings\[0\]\.remediation/);
  });
});
