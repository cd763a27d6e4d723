/**
 * How every SNS message of the auditor is put together and kept under the SNS size limit: one
 * `Publish` with `MessageStructure: json` whose `default` carries the JSON document (once: SQS,
 * Lambda, HTTP and email-json subscribers all receive `default`), `email` the human text, `sms` the
 * subject, and `https` a chat-applications custom notification. The report message and the
 * remediation message are both built through {@link snsEnvelope}.
 */
import { utf8Bytes } from './json-budget';
import { SNS_MAX_MESSAGE_BYTES } from './sns-limits';
import type { BuiltSnsMessage } from './types';

/** The parts of a message that do not depend on how much of the JSON document fits. */
export interface SnsEnvelopeParts {
  /** The subject (already sanitized). */
  subject: string;
  /** The `email` text. */
  text: string;
  /** The `https` part (a serialized chat notification). */
  https: string;
}

/** A message under construction: compose a JSON document into it, test and search what fits. */
export interface SnsEnvelope<T> {
  /** The byte budget of the whole `Message`. */
  maxBytes: number;
  /** True when the message carrying `document` fits {@link maxBytes}. */
  fits(document: T): boolean;
  /**
   * The largest `k` in `[0, max]` whose document fits, or -1 when even `documentOf(0)` does not.
   * The documents must shrink as `k` does.
   */
  largestFitting(max: number, documentOf: (k: number) => T): number;
  /** The message carrying `document`. */
  build(document: T): BuiltSnsMessage;
}

/**
 * The largest `k` in `[0, max]` with `fits(k)`, or -1 when even 0 does not fit. `fits` must be
 * monotone (true up to some `k`, false after): a binary search, so a message of thousands of items
 * is serialized about a dozen times rather than once per item.
 */
export function largestFitting(max: number, fits: (k: number) => boolean): number {
  if (!fits(0)) return -1;
  let low = 0;
  let high = max;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** A message envelope with the given parts and budget (default: the SNS limit). */
export function snsEnvelope<T>(
  parts: SnsEnvelopeParts,
  maxBytes: number = SNS_MAX_MESSAGE_BYTES,
): SnsEnvelope<T> {
  const compose = (document: T): string => {
    // The document once, in `default`: a protocol without its own key receives `default`.
    return JSON.stringify({
      default: JSON.stringify(document),
      email: parts.text,
      sms: parts.subject,
      https: parts.https,
    });
  };
  const fits = (document: T): boolean => utf8Bytes(compose(document)) <= maxBytes;
  return {
    maxBytes,
    fits,
    largestFitting: (max, documentOf) => largestFitting(max, (k) => fits(documentOf(k))),
    build: (document) => {
      const message = compose(document);
      return {
        message: { Subject: parts.subject, Message: message, MessageStructure: 'json' },
        bytes: utf8Bytes(message),
      };
    },
  };
}
