/** The cost part of a report's summary, as the format and history tests give it. */
import type { CostSummary } from '../../src/types';

/**
 * The summary of an upper-bound estimate of NAT data processing over the 14 days before the
 * reports' time (2026-11-27), us-east-1 known and nothing partial, with no gateway line and no
 * note; `patch` replaces any of it.
 */
export function costSummary(patch: Partial<CostSummary> = {}): CostSummary {
  return {
    basis: 'nat-data-processing',
    upperBound: true,
    days: 14,
    startTime: '2026-11-13T00:00:00.000Z',
    endTime: '2026-11-27T00:00:00.000Z',
    partial: false,
    knownRegions: ['us-east-1'],
    unknownRegions: [],
    gateways: [],
    notes: [],
    ...patch,
  };
}
