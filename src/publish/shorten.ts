/** Text cut to a length for a message with limits (SNS, chat, email). */

/**
 * The text, or its first `max - 3` characters and `...` when it is longer than `max`: messages
 * have size limits, and one long error or note must not crowd out the rest.
 */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
