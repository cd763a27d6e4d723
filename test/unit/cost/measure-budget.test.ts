/** The scheduled measurement's bounds: what fits in the function's time, and how long a measurement counts. */
import {
  CLEANUP_RESERVE_MS,
  MAX_SCHEDULED_MEASURE_MINUTES,
  MEASUREMENT_MAX_AGE_DAYS,
  auditDeadline,
  isFreshMeasurement,
  measureBudget,
} from '../../../src/cost/measure-budget';
import type { MeasurementFile } from '../../../src/snapshot/cost-inputs';

const NOW = Date.parse('2026-12-07T02:00:00Z');
const file = (takenAt?: string): MeasurementFile => ({
  schemaVersion: 1,
  kind: 'vpce-auditor-measurement',
  regions: {},
  ...(takenAt !== undefined ? { takenAt } : {}),
});

describe('measureBudget', () => {
  it('fits the longest recording after a minute of audit, and stops in time to clean up', () => {
    // Act
    const budget = measureBudget(840_000, MAX_SCHEDULED_MEASURE_MINUTES, NOW);

    // Assess
    expect(budget).toEqual({
      deliveryWaitMs: 840_000 - CLEANUP_RESERVE_MS - 180_000 - 300_000,
      abortAt: NOW + 840_000 - CLEANUP_RESERVE_MS,
    });
  });

  it('never waits more than 10 minutes for delivery', () => {
    // Act
    const budget = measureBudget(3_600_000, 1, NOW);

    // Assess
    expect(budget).toMatchObject({ deliveryWaitMs: 600_000 });
  });

  it('refuses a run whose recording leaves less than a minute for delivery', () => {
    // Act
    const budget = measureBudget(600_000, 5, NOW);

    // Assess
    expect(budget).toEqual({ refused: expect.stringMatching(/^600 s left: too little/) as string });
  });

  it('ends the audit early enough for the recording and the shortest delivery', () => {
    // Act
    const deadline = auditDeadline(900_000, 5, NOW);

    // Assess
    expect(measureBudget(900_000 - (deadline - NOW), 5, deadline)).not.toHaveProperty('refused');
    expect(deadline - NOW).toBe(270_000);
  });
});

describe('isFreshMeasurement', () => {
  it.each([
    ['a day old', new Date(NOW - 86_400_000).toISOString(), true],
    [
      'exactly the limit',
      new Date(NOW - MEASUREMENT_MAX_AGE_DAYS * 86_400_000).toISOString(),
      true,
    ],
    [
      'a minute past the limit',
      new Date(NOW - MEASUREMENT_MAX_AGE_DAYS * 86_400_000 - 60_000).toISOString(),
      false,
    ],
    ['taken in the future', new Date(NOW + 60_000).toISOString(), false],
    ['undated', undefined, false],
  ])('%s is fresh: %s', (_what, takenAt, fresh) => {
    // Act / Assess
    expect(isFreshMeasurement(file(takenAt), new Date(NOW))).toBe(fresh);
  });
});
