/**
 * What SIGINT (Ctrl-C), SIGTERM and SIGHUP do to a command (docs/hardening.md).
 *
 * - A command that only reads (an audit, a snapshot, a plan) ends at once with the signal's code
 *   (128 + its number: 130, 143, 129), and leaves none of its temporary files behind.
 * - A command that changes AWS calls {@link Interrupts.deferExit} just before its first change. From
 *   then on a first signal does not end the process: it aborts the returned `AbortSignal`, so the
 *   command starts no new change, lets the one in flight finish (bounded by the clients' timeouts),
 *   writes its results (to `--out`, else stdout) and exits with the signal's code
 *   ({@link Interrupts.exitCode}). A second signal ends the process at once.
 *
 * Using it in a command that changes AWS:
 *
 * ```ts
 * const stop = io.interrupts?.deferExit();          // just before the first change
 * for (const change of changes) {
 *   if (stop?.aborted) break;                        // start nothing new
 *   await make(change);                              // the one in flight finishes
 * }
 * await emitResult(results, options.out, io, 'results');
 * return io.interrupts?.exitCode() ?? code;          // 130 / 143 after a signal
 * ```
 */
import { constants } from 'node:os';
import type { SignalExitCode } from './exit-codes';
import { removeTemporaryFilesSync } from './temporary-files';

/** The signals a command answers. */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** One of {@link INTERRUPT_SIGNALS}. */
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** The shell's exit code for a process ended by `signal`: 128 + its number. */
export function signalExitCode(signal: InterruptSignal): SignalExitCode {
  return (128 + constants.signals[signal]) as SignalExitCode;
}

/** How a command answers signals. */
export interface Interrupts {
  /**
   * Enters the changing phase (idempotent): from now on a first signal aborts the returned signal
   * instead of ending the process; a second one ends it at once.
   *
   * @returns the signal that asks the command to start no new change
   */
  deferExit(): AbortSignal;
  /** The exit code of the signal that stopped the command (130, 143, 129), or undefined. */
  exitCode(): SignalExitCode | undefined;
}

/** What {@link watchInterrupts} needs of the process (injected by tests). */
export interface InterruptHost {
  on(signal: InterruptSignal, listener: () => void): void;
  /** Ends the process at once. */
  exit(code: number): void;
  /** Writes a line for the user (stderr). */
  warn(text: string): void;
}

/** The real process. */
export function processHost(): InterruptHost {
  return {
    on: (signal, listener) => {
      process.on(signal, listener);
    },
    exit: (code) => process.exit(code),
    warn: (text) => {
      process.stderr.write(text);
    },
  };
}

/**
 * Answers SIGINT, SIGTERM and SIGHUP for the rest of the process's life, as described above.
 *
 * @param host - the process (default: the real one)
 */
export function watchInterrupts(host: InterruptHost = processHost()): Interrupts {
  const controller = new AbortController();
  let deferring = false;
  let received: InterruptSignal | undefined;
  const endNow = (signal: InterruptSignal) => {
    removeTemporaryFilesSync();
    host.exit(signalExitCode(signal));
  };
  for (const signal of INTERRUPT_SIGNALS) {
    host.on(signal, () => {
      if (!deferring || received !== undefined) {
        endNow(signal);
        return;
      }
      received = signal;
      host.warn(
        `\nvpce-auditor: ${signal} received: no new change is started; the one in progress finishes and the results are written. Send it again to exit at once.\n`,
      );
      controller.abort(signal);
    });
  }
  return {
    deferExit() {
      deferring = true;
      return controller.signal;
    },
    exitCode() {
      return received === undefined ? undefined : signalExitCode(received);
    },
  };
}
