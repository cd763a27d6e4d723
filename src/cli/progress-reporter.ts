/**
 * The collection's progress on stderr: a one-line status (regions done / total, calls in flight)
 * redrawn in place when stderr is a terminal; with `--verbose` one line per AWS call with its
 * duration; nothing with `--quiet`.
 */
import type { CallHooks, CallRecord } from '../call-hooks';
import type { CollectProgress } from '../collect/progress-hooks';
import type { CliIo } from './io';
import type { RetryInfo } from './retry-feed';
import { oneLine } from '../format/safe-text';

/** How much progress to show. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

/**
 * The `--verbose` line of one AWS call: what it was made for (a region, an account and region, a
 * service), the operation, its time and the error code of a failed call (`eu-west-1 DescribeVpcs
 * 85 ms`, `sts AssumeRole 120 ms AccessDenied`).
 */
export function callLine(subject: string, call: CallRecord): string {
  return `${subject} ${call.operation} ${Math.round(call.ms)} ms${call.error ? ` ${call.error}` : ''}`;
}

/** The `--verbose` line of each call of a service's client: `sts AssumeRole 85 ms [ErrorCode]`. */
export function callLines(service: string, say: (line: string) => void): CallHooks {
  return {
    onCall: (call) => say(callLine(service, call)),
  };
}

/** A {@link CollectProgress} that also clears its status line when the collection ends. */
export interface ProgressReporter extends CollectProgress {
  /** Clears the status line (call once, before the report is printed). */
  finish(): void;
  /** A call is retried (throttled, failed, or timed out): counted on the status line. */
  callRetried?(retry: RetryInfo): void;
}

/** Redraws at most this often (milliseconds), so thousands of calls do not flood the terminal. */
const REDRAW_INTERVAL_MS = 100;
const CLEAR_LINE = '\r\x1b[2K';

/** The reporter for the CLI's stderr. */
export function progressReporter(io: CliIo, verbosity: Verbosity): ProgressReporter {
  if (verbosity === 'quiet') return { finish: () => undefined };
  const live = io.errIsTty;
  let total: number | undefined;
  let done = 0;
  let failed = 0;
  let inFlight = 0;
  let retries = 0;
  let timedOut = 0;
  let lastDraw = 0;
  let shown = false;

  const status = (): string => {
    const calls = `${inFlight} call${inFlight === 1 ? '' : 's'} in flight${retriesText()}`;
    if (total === undefined) return `listing the account's regions, ${calls}`;
    return `collecting: ${done}/${total} regions${failed > 0 ? ` (${failed} failed)` : ''}, ${calls}`;
  };
  const retriesText = (): string =>
    retries === 0
      ? ''
      : `, ${retries} retr${retries === 1 ? 'y' : 'ies'}${timedOut > 0 ? ` (${timedOut} after a timeout)` : ''}`;
  const draw = (force = false): void => {
    if (!live) return;
    const now = Date.now();
    if (!force && now - lastDraw < REDRAW_INTERVAL_MS) return;
    lastDraw = now;
    io.err(`${CLEAR_LINE}${status()}`);
    shown = true;
  };
  const say = (line: string): void => {
    io.err(`${shown ? CLEAR_LINE : ''}${oneLine(line)}\n`);
    shown = false;
    draw(true);
  };

  return {
    regionsSelected(regions) {
      total = regions.length;
      draw(true);
    },
    callStarted() {
      inFlight += 1;
      draw();
    },
    callFinished(region, call) {
      inFlight = Math.max(0, inFlight - 1);
      if (verbosity === 'verbose') {
        say(callLine(region, call));
      } else draw();
    },
    callRetried(retry) {
      retries += 1;
      if (retry.timedOut) timedOut += 1;
      if (verbosity === 'verbose') {
        say(
          `retrying a call (attempt ${retry.attempt}) after ${retry.timedOut ? 'a timeout' : 'an error'}`,
        );
      } else draw(true);
    },
    regionFinished(_region, error) {
      done += 1;
      if (error) failed += 1;
      draw(true);
    },
    finish() {
      if (shown) io.err(CLEAR_LINE);
      shown = false;
    },
  };
}
