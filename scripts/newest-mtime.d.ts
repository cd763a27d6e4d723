/** Types of newest-mtime.js (how new a build's inputs are). */

/** The newest modification time under a file or folder (folders included), 0 when it does not exist. */
export function newestMtime(path: string): number;
