import { join } from 'node:path';
import * as config from '../../../src/config';
import {
  checkStackSettings,
  environmentProblems,
  integerProblems,
  loadSettings,
} from '../../../deploy/stack-settings';

const ROOT = join(__dirname, '..', '..', '..');

describe('the package-time check of the stack parameters', () => {
  it('refuses a number or a choice the functions would refuse, naming the parameter, variable and value', () => {
    // Act
    const problems = environmentProblems(
      config,
      {
        audit: {
          environment: {
            COST_DAYS: 'two weeks',
            NOTIFY: 'sometimes',
            SNS_TOPIC_ARN: { 'Fn::If': ['CreateTopic', 'a', 'b'] },
          },
        },
        orgAggregate: { environment: { NOTIFY: 'sometimes', MAX_CHANGES: 'many' } },
      },
      { REPORT_BUCKET: 'reports' },
    );

    // Assess
    expect(problems).toEqual([
      'notify (NOTIFY: "sometimes" is not one of "always", "on-leak", "on-change")',
      'costDays (COST_DAYS: "two weeks" is not a whole number of days from 1 to 455)',
    ]);
  });

  it('accepts the defaults of serverless.yml and YAML numbers', () => {
    // Act
    const problems = environmentProblems(config, {
      audit: { environment: { COST_DAYS: 14, MAX_CHANGES: '25', NOTIFY: 'on-change' } },
      remediate: { environment: { REGIONS: 'all' } },
    });

    // Assess
    expect(problems).toEqual([]);
  });

  it('bounds the whole-number parameters no function reads', () => {
    // Act
    const problems = integerProblems({
      orgMaxConcurrency: { value: '0', min: 1, max: 10000 },
      reportRetentionDays: { value: 90, min: 1, max: 36500 },
      other: { value: '1.5', min: 1, max: 3 },
    });

    // Assess
    expect(problems).toEqual([
      'orgMaxConcurrency: "0" is not a whole number from 1 to 10000',
      'other: "1.5" is not a whole number from 1 to 3',
    ]);
  });

  it('checks with the functions’ own configuration code, bundled from the sources', () => {
    // Act
    const bundled = loadSettings(ROOT);
    const check = () =>
      checkStackSettings(
        { functions: { remediate: { environment: { MAX_CHANGES: '-1' } } } },
        ROOT,
        { orgMaxConcurrency: { value: 'x', min: 1, max: 10 } },
      );

    // Assess
    expect(bundled.SETTING_LIST.map((s) => s.setting.variable)).toEqual(
      config.SETTING_LIST.map((s) => s.setting.variable),
    );
    expect(check).toThrow(
      'invalid stack parameters: orgMaxConcurrency: "x" is not a whole number from 1 to 10; maxChanges (MAX_CHANGES: "-1"',
    );
  });
});
