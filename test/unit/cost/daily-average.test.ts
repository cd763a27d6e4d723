import { dailyAverage } from '../../../src/cost/daily-average';
import { metricWindow } from '../../../src/cost/metric-window';
import type { NatGatewayTraffic } from '../../../src/cost/nat-traffic';
import { GIB } from '../../helpers/cost-fixtures';

const window = metricWindow(new Date('2026-11-27T08:00:00Z'), 14);

function traffic(days: Record<string, number>): NatGatewayTraffic {
  return {
    natGatewayId: 'nat-1',
    dailyBytes: Object.entries(days)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, bytes]) => ({ day, bytes })),
    bytesInFromSource: 0,
    bytesInFromDestination: 0,
  };
}

describe('the daily average of a NAT gateway', () => {
  it('divides by the whole window when data starts on its first day', () => {
    // Prepare
    const days: Record<string, number> = {};
    for (let d = 13; d <= 26; d++) days[`2026-11-${d}`] = 40 * GIB;

    // Act
    const average = dailyAverage(traffic(days), window);

    // Assess
    expect(average).toEqual({
      bytesPerDay: 40 * GIB,
      daysAveraged: 14,
      daysWithData: 14,
      firstDay: '2026-11-13',
    });
  });

  it('does not dilute a gateway created 3 days ago with the 11 days before it existed', () => {
    // Prepare
    const young = traffic({ '2026-11-24': 9 * GIB, '2026-11-25': 12 * GIB, '2026-11-26': 9 * GIB });

    // Act
    const average = dailyAverage(young, window);

    // Assess
    expect(average.daysAveraged).toBe(3);
    expect(average.bytesPerDay).toBe(10 * GIB);
  });

  it('counts missing days after the first data point of an old gateway as days without traffic', () => {
    // Prepare: data on the first and the last day only
    const gappy = traffic({ '2026-11-13': 70 * GIB, '2026-11-26': 70 * GIB });

    // Act
    const average = dailyAverage(gappy, window);

    // Assess
    expect(average.daysWithData).toBe(2);
    expect(average.daysAveraged).toBe(14);
    expect(average.bytesPerDay).toBe(10 * GIB);
  });

  it('gives 0 bytes a day to a gateway without data points', () => {
    // Act
    const average = dailyAverage(traffic({}), window);

    // Assess
    expect(average).toEqual({ bytesPerDay: 0, daysAveraged: 0, daysWithData: 0 });
  });

  it('never divides by fewer days than carry data, nor by more than the window', () => {
    // Prepare: data points outside the window (a source that ignores StartTime/EndTime)
    const odd = traffic({ '2024-01-01': 10 * GIB, '2024-01-02': 10 * GIB, '2030-01-01': 10 * GIB });

    // Act
    const average = dailyAverage(odd, window);

    // Assess
    expect(average.daysAveraged).toBe(14);
    const future = dailyAverage(traffic({ '2030-01-01': 5 * GIB, '2030-01-02': 5 * GIB }), window);
    expect(future.daysAveraged).toBe(2);
    expect(future.bytesPerDay).toBe(5 * GIB);
  });
});
