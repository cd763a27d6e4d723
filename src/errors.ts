/**
 * The error classes of vpce-auditor. User errors (bad input, bad flags, bad configuration) are
 * {@link UserInputError}s: the CLI prints their message alone and exits 2; anything else is a runtime
 * failure (exit 1).
 */

/**
 * Base class: every error vpce-auditor throws on purpose. Each class names itself (`name`, which
 * logs, messages and the organization run's failed accounts show) rather than taking its class's
 * name at run time: the CLI's minified bundle renames classes and is built without esbuild's
 * `keepNames` (scripts/build-cli.mjs says why).
 */
export class VpceAuditorError extends Error {
  public override readonly name: string = 'VpceAuditorError';

  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad input from the user: a malformed snapshot, event, flag or environment variable. */
export class UserInputError extends VpceAuditorError {
  public override readonly name: string = 'UserInputError';
}

/**
 * The snapshot does not match the snapshot format (docs/snapshot.md); `issues` lists every problem,
 * one line each.
 */
export class SnapshotValidationError extends UserInputError {
  public override readonly name: string = 'SnapshotValidationError';
  public constructor(
    public readonly source: string,
    public readonly issues: string[],
    options?: { cause?: unknown },
  ) {
    super(`${source} is not a valid snapshot:\n  ${issues.join('\n  ')}`, options);
  }
}

/** The configuration (environment variables or Lambda payload) is invalid. */
export class ConfigurationError extends UserInputError {
  public override readonly name: string = 'ConfigurationError';
}
