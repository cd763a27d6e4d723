/** What SNS accepts: the size of a message and the form of a subject. */

/** The SNS `Publish` size limit: 256 KB of UTF-8. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;
/** The SNS subject limit: under 100 characters. */
export const SNS_MAX_SUBJECT_LENGTH = 99;

/** A subject SNS accepts: printable ASCII, one line, under 100 characters. */
export function sanitizeSubject(text: string): string {
  const oneLine = text
    .replace(/[^\x20-\x7E]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length > SNS_MAX_SUBJECT_LENGTH
    ? `${oneLine.slice(0, SNS_MAX_SUBJECT_LENGTH - 3)}...`
    : oneLine;
}
