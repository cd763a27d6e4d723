/** The logger remediation reports each step to (Powertools' `Logger` fits it). */

/** A structured logger. */
export interface RemediationLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export const silentLogger: RemediationLogger = {
  info: () => undefined,
  warn: () => undefined,
};
