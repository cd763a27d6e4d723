/** The Powertools logger of both functions: JSON lines, service `vpce-auditor`. */
import { Logger } from '@aws-lambda-powertools/logger';
import type { RemediationLogger } from '../remediation/logger';

/**
 * A logger for a function. The level comes from `POWERTOOLS_LOG_LEVEL` (default INFO); nothing
 * logs the environment or credentials, only the configuration values the handlers parsed.
 */
export function createLogger(
  functionRole:
    'audit' | 'remediate' | 'org-list-accounts' | 'org-audit-account' | 'org-aggregate' | 'measure',
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

/**
 * The parsed event of an invocation; when it is refused, one error line says why (`what refused`)
 * before the error fails the invocation.
 */
export function parsedOrLogged<T>(logger: Logger, what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    logger.error(`${what} refused`, errorLogFields(error));
    throw error;
  }
}

/** An error as a log line carries it: name, message, AWS code and status, and its causes. */
export interface LoggedError {
  name: string;
  message: string;
  /** The AWS error code, when the SDK gave one that differs from the name. */
  code?: string;
  /** The HTTP status of an AWS answer. */
  httpStatusCode?: number;
  /** The cause, or the causes of an error that gathers several (a failed publication). */
  cause?: LoggedError | LoggedError[];
}

/** Causes followed at most this deep (a cycle or a runaway chain stays bounded). */
const MAX_CAUSE_DEPTH = 5;

/**
 * The fields of an error for a log line, under the `error` key: its name, message and cause chain.
 * Powertools reserves the `message` key of a line for the line's own message (passing
 * `{ name, message }` lost the error's), and formats an `Error` with every enumerable attribute
 * (an SDK error's whole `$response`); this keeps what explains the failure and nothing that could
 * carry a credential (no request, no headers, no environment).
 */
export function errorLogFields(error: unknown): { error: LoggedError } {
  return { error: loggedError(error, 0) };
}

function loggedError(error: unknown, depth: number): LoggedError {
  if (!(error instanceof Error)) {
    return { name: typeof error, message: typeof error === 'string' ? error : String(error) };
  }
  const aws = error as Error & {
    Code?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const code =
    typeof aws.Code === 'string' ? aws.Code : typeof aws.code === 'string' ? aws.code : undefined;
  const status = aws.$metadata?.httpStatusCode;
  const logged: LoggedError = {
    name: error.name,
    message: error.message,
    ...(code !== undefined && code !== error.name ? { code } : {}),
    ...(typeof status === 'number' ? { httpStatusCode: status } : {}),
  };
  const { cause } = error as { cause?: unknown };
  if (cause === undefined || depth >= MAX_CAUSE_DEPTH) return logged;
  return {
    ...logged,
    cause: Array.isArray(cause)
      ? cause.map((item: unknown) => loggedError(item, depth + 1))
      : loggedError(cause, depth + 1),
  };
}
