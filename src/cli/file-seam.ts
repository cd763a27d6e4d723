/**
 * The door from the CLI to the readers of checked files (snapshots, saved reports, measurement
 * files). Importing it costs nothing: the readers, and the schema library (zod) that checks what
 * they read, are loaded on the first call, so a command that reads no such file (`audit --org`,
 * `--help`) starts without them (the CLI build keeps them in their own file).
 */
import type * as FileReadersModule from './file-readers';

/** The readers of checked files. */
export type FileReaders = typeof FileReadersModule;

/** Loads the readers of checked files (once; later calls reuse the loaded module). */
export function loadFileReaders(): Promise<FileReaders> {
  return import('./file-readers.js');
}
