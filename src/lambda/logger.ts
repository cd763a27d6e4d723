/** The Powertools logger of both functions: JSON lines, service `vpce-auditor`. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { RemediationLogger } from '../remediation/logger';

/**
 * A logger for a function. The level comes from `POWERTOOLS_LOG_LEVEL` (default INFO); nothing
 * logs the environment or credentials, only the configuration values the handlers parsed.
 */
export function createLogger(
  functionRole: 'audit' | 'remediate' | 'org-list-accounts' | 'org-audit-account' | 'org-aggregate',
): Logger {
  return new Logger({ serviceName: 'vpce-auditor', persistentKeys: { function: functionRole } });
}

/** The remediation's step logger, as JSON lines of the function's logger. */
export function remediationLoggerOf(logger: Logger): RemediationLogger {
  return {
    info: (message, details) => logger.info(message, details ?? {}),
    warn: (message, details) => logger.warn(message, details ?? {}),
  };
}
