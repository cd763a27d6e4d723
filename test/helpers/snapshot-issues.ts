/** What snapshot validation names about a snapshot it refuses, for the loading and integrity tests. */
import { SnapshotValidationError } from '../../src/errors';
import { parseSnapshot } from '../../src/snapshot/load';

/** The issues `parseSnapshot` names for `data`; throws (failing the test) when it accepts it. */
export function issuesOf(data: unknown): string[] {
  try {
    parseSnapshot(data, 'snap.json');
  } catch (error) {
    if (error instanceof SnapshotValidationError) return error.issues;
    throw error;
  }
  throw new Error('the snapshot was accepted');
}

/** A valid snapshot broken one way, and what validation says about it. */
export interface BrokenSnapshotCase<I> {
  /** The behaviour the case shows. */
  rule: string;
  /** Breaks the valid input in place. */
  breakInput: (input: I) => void;
  /** The issues validation names, in order (strings or asymmetric matchers). */
  issues: unknown[];
}

/**
 * Specifies each case as one test: a fresh `valid()` input, broken by the case, is refused with
 * exactly the case's issues.
 */
export function specifyIssues<I>(valid: () => I, cases: BrokenSnapshotCase<I>[]): void {
  it.each(cases)('$rule', ({ breakInput, issues }) => {
    // Prepare
    const input = valid();
    breakInput(input);

    // Act
    const named = issuesOf(input);

    // Assess
    expect(named).toEqual(issues);
  });
}
