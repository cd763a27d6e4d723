/** The code of a failed file-system call, for messages. */

/** The error's `code` (`ENOENT`, `EACCES`…), or the error itself as text when it has none. */
export function errnoCodeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
