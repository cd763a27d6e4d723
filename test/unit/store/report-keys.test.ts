import fc from 'fast-check';
import {
  InvalidKeyPartError,
  LATEST_RUN_REPORT_KEY,
  latestReportKey,
  parseS3Uri,
  remediationKey,
  reportKey,
  runIdOf,
  runKey,
  s3Uri,
} from '../../../src/store/report-keys';

describe('the report keys', () => {
  it('dates a report by its generatedAt in UTC under its scope', () => {
    // Act
    const account = reportKey('111122223333', '2026-11-27T23:30:00-02:00', '20261128T013000Z-ab12');
    const organization = reportKey('o-a1b2c3d4e5', '2026-01-05T03:00:00Z', 'run-1');

    // Assess
    expect(account).toBe('reports/111122223333/2026/11/28/20261128T013000Z-ab12.json');
    expect(organization).toBe('reports/o-a1b2c3d4e5/2026/01/05/run-1.json');
  });

  it('names the latest report, remediation results, run files and the organization latest', () => {
    // Assess
    expect(latestReportKey('111122223333')).toBe('reports/111122223333/latest.json');
    expect(remediationKey('111122223333', '2026-11-27T03:00:00Z', 'r1')).toBe(
      'remediations/111122223333/2026/11/27/r1.json',
    );
    expect(runKey('r1', 'accounts.json')).toBe('runs/r1/accounts.json');
    expect(runKey('r1', 'accounts', '111122223333.json')).toBe(
      'runs/r1/accounts/111122223333.json',
    );
    expect(LATEST_RUN_REPORT_KEY).toBe('latest/report.json');
    expect(s3Uri('my-reports', 'latest/report.json')).toBe('s3://my-reports/latest/report.json');
  });

  it.each(['', '..', 'a/b', '../etc', 'has space', '.hidden'])(
    'refuses %j as a key part',
    (bad) => {
      // Assess
      expect(() => latestReportKey(bad)).toThrow(InvalidKeyPartError);
      expect(() => runKey('r1', bad)).toThrow(InvalidKeyPartError);
    },
  );

  it('refuses a time that is not one', () => {
    // Assess
    expect(() => reportKey('111122223333', 'yesterday', 'r1')).toThrow(/"yesterday"/);
  });

  it('builds run ids that sort like their times and stay valid key parts', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.string(),
        (a, b, unique) => {
          // Act
          const first = runIdOf(a.toISOString(), unique);
          const second = runIdOf(b.toISOString(), unique);

          // Assess
          expect(() => latestReportKey(first)).not.toThrow();
          const byTime = Math.sign(Math.floor(a.getTime() / 1000) - Math.floor(b.getTime() / 1000));
          expect(Math.sign(first.localeCompare(second))).toBe(byTime);
        },
      ),
    );
    expect(runIdOf('2026-11-27T03:00:00.123Z', 'c0ffee00-1234-5678')).toBe(
      '20261127T030000Z-c0ffee00',
    );
  });

  it('parses the s3:// URIs it builds', () => {
    // Assess
    expect(parseS3Uri(s3Uri('b-1', 'reports/1/latest.json'))).toEqual({
      bucket: 'b-1',
      key: 'reports/1/latest.json',
    });
    expect(() => parseS3Uri('https://b-1/k')).toThrow(/s3:\/\/bucket\/key/);
  });
});
