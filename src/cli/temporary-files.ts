/**
 * The temporary files the CLI has open (an atomic write's `FILE.<pid>.tmp`), so that a signal that
 * ends the process removes them instead of leaving half a report behind.
 */
import { rmSync } from 'node:fs';

const pending = new Set<string>();

/** Records a temporary file being written. */
export function trackTemporaryFile(file: string): void {
  pending.add(file);
}

/** Forgets a temporary file (renamed into place, or removed). */
export function untrackTemporaryFile(file: string): void {
  pending.delete(file);
}

/** The temporary files being written now. */
export function temporaryFiles(): string[] {
  return [...pending];
}

/** Removes every temporary file being written (synchronously: the process is about to end). */
export function removeTemporaryFilesSync(): void {
  for (const file of pending) {
    try {
      rmSync(file, { force: true });
    } catch {
      // The process is ending: a file that cannot be removed is left, nothing more can be done.
    }
  }
  pending.clear();
}
