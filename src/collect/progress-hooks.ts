/**
 * What a collection tells as it goes (a progress display, a log), and the call hooks of one region
 * that tell it about each AWS call: the collection's own calls and the cost estimate's CloudWatch
 * reads (`--verbose` lists both). No AWS SDK code: the offline CLI may import it.
 */
import type { RegionError } from '../types';
import type { CallRecord } from './call-timing';

/** Told about the collection as it goes (a progress display, a log). Every member is optional. */
export interface CollectProgress {
  /** The regions about to be collected (after validation). */
  regionsSelected?(regions: readonly string[]): void;
  /** An AWS call starts (`region` is the home region for STS and `DescribeRegions`). */
  callStarted?(region: string, operation: string): void;
  /** An AWS call ends. */
  callFinished?(region: string, call: CallRecord): void;
  /** A region is collected (or failed: `error`). */
  regionFinished?(region: string, error?: RegionError): void;
}

/** The hooks of `region`'s calls, told to `progress` (when there is one). */
export function hooksFor(
  region: string,
  progress: CollectProgress | undefined,
): { onCallStart: (operation: string) => void; onCall: (call: CallRecord) => void } {
  return {
    onCallStart: (operation) => progress?.callStarted?.(region, operation),
    onCall: (call) => progress?.callFinished?.(region, call),
  };
}
