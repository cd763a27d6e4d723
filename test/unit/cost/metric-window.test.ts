import { ConfigurationError, UserInputError } from '../../../src/errors';
import { MAX_COST_DAYS, metricWindow } from '../../../src/cost/metric-window';
import { parseCostDays } from '../../../src/options/parsers';

describe('the metric window', () => {
  it('covers the last 14 whole UTC days, ending at today 00:00 UTC', () => {
    // Prepare
    const now = new Date('2026-11-27T03:17:45.123Z');

    // Act
    const window = metricWindow(now);

    // Assess
    expect(window).toEqual({
      startTime: new Date('2026-11-13T00:00:00.000Z'),
      endTime: new Date('2026-11-27T00:00:00.000Z'),
      days: 14,
    });
  });

  it('takes any whole number of days from 1 to 455', () => {
    // Prepare
    const now = new Date('2026-11-27T23:59:59.999Z');

    // Act
    const one = metricWindow(now, 1);
    const most = metricWindow(now, MAX_COST_DAYS);

    // Assess
    expect(one.startTime.toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(most.days).toBe(455);
    expect(most.startTime.toISOString()).toBe('2025-08-29T00:00:00.000Z');
  });

  it.each([0, 456, 1.5, -3, Number.NaN])('rejects %p days', (days) => {
    // Act
    const build = () => metricWindow(new Date('2026-11-27T00:00:00Z'), days);

    // Assess
    expect(build).toThrow(ConfigurationError);
  });

  it('parses COST_DAYS and names the field when it is wrong', () => {
    // Act
    const days = parseCostDays('30');
    const badEnv = () => parseCostDays('14d');
    const badFlag = () => parseCostDays('500', '--cost-days');

    // Assess
    expect(days).toBe(30);
    expect(badEnv).toThrow(ConfigurationError);
    expect(badEnv).toThrow('COST_DAYS: "14d" is not a whole number of days from 1 to 455');
    expect(badFlag).toThrow(UserInputError);
    expect(badFlag).toThrow('--cost-days: "500"');
  });
});
