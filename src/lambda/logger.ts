/** The Powertools logger of both functions: JSON lines, service `vpce-auditor`. */
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * A logger for a function. The level comes from `POWERTOOLS_LOG_LEVEL` (default INFO); nothing
 * logs the environment or credentials, only the configuration values the handlers parsed.
 */
export function createLogger(functionRole: 'audit' | 'remediate'): Logger {
  return new Logger({ serviceName: 'vpce-auditor', persistentKeys: { function: functionRole } });
}
