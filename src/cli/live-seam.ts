/**
 * The one door from the CLI to the code that talks to AWS. Importing it costs nothing: the live
 * module (and the AWS SDK behind it) is loaded on the first call, so the offline commands start
 * without reading or evaluating any SDK code (the CLI build keeps the live module in its own file).
 */
import type * as LiveModule from './live';

/** The live side of the CLI: collection, multi-account access, cost reads, remediation. */
export type Live = typeof LiveModule;

/** Loads the live side of the CLI (once; later calls reuse the loaded module). */
export function loadLive(): Promise<Live> {
  return import('./live.js');
}
