/** The window of the flow-log queries: the last hours before now, on whole minutes (pure). */

/** The default flow-log window, in hours (`--flow-log-hours`, `FLOW_LOG_HOURS`). */
export const DEFAULT_FLOW_LOG_HOURS = 24;

/** The window a measurement covers. */
export interface MeasureWindow {
  startTime: Date;
  endTime: Date;
}

/** The last `hours` hours before `now`, on whole minutes. */
export function flowLogWindow(now: Date, hours: number): MeasureWindow {
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  return { startTime: new Date(end - hours * 3_600_000), endTime: new Date(end) };
}
