/**
 * The timeouts and attempts of the AWS clients as numbers and variables: their defaults, bounds and
 * parser. Plain data with no AWS SDK code, so that the configuration (and with it the offline
 * commands) can name and check them; ./aws-client-settings builds the clients' settings from them
 * and says how the defaults were sized.
 */
import { MAX_TIMEOUT_ATTEMPTS } from './aws-errors';
import { ConfigurationError } from './errors';

/**
 * Attempts per call of the collection's and Organizations' clients: enough to ride out
 * `RequestLimitExceeded` (the standard strategy's backoff for throttling grows from 1 s, capped at
 * 20 s, so 10 attempts wait up to a few minutes at worst).
 */
export const DEFAULT_MAX_ATTEMPTS = 10;

/** Connection timeout of every AWS client (ms): sized in ./aws-client-settings. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** Request timeout of every AWS client (ms): sized in ./aws-client-settings. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;

/**
 * The longest a call that never answers holds its region with the default settings: every allowed
 * attempt times out, plus the standard strategy's backoff between them (at most 0.1 s x 2^n each
 * before the 20 s cap, under a second in all).
 */
export const HUNG_CALL_BUDGET_MS =
  MAX_TIMEOUT_ATTEMPTS * (DEFAULT_CONNECT_TIMEOUT_MS + DEFAULT_REQUEST_TIMEOUT_MS) + 1_000;

/**
 * The longest timeout accepted (ms): 2^31 - 1, the longest delay a Node timer takes. A longer one
 * would not wait longer: Node sets it to 1 ms, so every call would time out at once.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The most attempts per call accepted: far more would hold a hung region for hours. */
export const MAX_ATTEMPTS_SETTING = 100;

/** A whole number from 1 to `max`, or an error naming the variable and its value. */
function parseBoundedWhole(text: string, name: string, what: string, max: number): number {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigurationError(`${name}: "${text}" is not a positive whole number of ${what}`);
  }
  if (value > max) {
    throw new ConfigurationError(`${name}: "${text}" is over the ${max} ${what} allowed`);
  }
  return value;
}

/** One limit of the AWS clients that an environment variable may set. */
export interface ClientLimit {
  /** The environment variable. */
  variable: string;
  /** What it counts (the error messages say it). */
  what: string;
  /** The most it accepts. */
  max: number;
}

/**
 * The limits of the AWS clients an environment variable sets: the connection and request timeouts
 * (overriding {@link DEFAULT_CONNECT_TIMEOUT_MS} and {@link DEFAULT_REQUEST_TIMEOUT_MS}) and the
 * attempts per call.
 */
export const CLIENT_LIMITS = {
  connect: {
    variable: 'VPCE_AUDITOR_CONNECT_TIMEOUT_MS',
    what: 'milliseconds',
    max: MAX_TIMEOUT_MS,
  },
  request: {
    variable: 'VPCE_AUDITOR_REQUEST_TIMEOUT_MS',
    what: 'milliseconds',
    max: MAX_TIMEOUT_MS,
  },
  attempts: { variable: 'VPCE_AUDITOR_MAX_ATTEMPTS', what: 'attempts', max: MAX_ATTEMPTS_SETTING },
} as const satisfies Record<string, ClientLimit>;

/** A key of {@link CLIENT_LIMITS}. */
export type ClientLimitKey = keyof typeof CLIENT_LIMITS;

/**
 * The value of a limit's variable, bounded as {@link CLIENT_LIMITS} says. The configuration's
 * settings (`SETTINGS` of ./config) and `clientTimeouts` of ./aws-client-settings both parse with
 * it, so the bound and the message are one.
 *
 * @throws ConfigurationError naming the variable and its value
 */
export function parseClientLimit(key: ClientLimitKey, text: string): number {
  const { variable, what, max } = CLIENT_LIMITS[key];
  return parseBoundedWhole(text, variable, what, max);
}
