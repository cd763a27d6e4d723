/**
 * Bundles a benchmark's own program the way scripts/build-cli.mjs bundles the CLI (esbuild, ES
 * module, minified, the SDK schema plugin: build/node-esm-bundle.cjs), so that the program and the
 * CLI it is measured against load and run alike.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

/**
 * Writes `entry` bundled to `outfile` (its folder is made if missing).
 *
 * @param extra - more esbuild options (a source map for the profiles of one bench)
 */
export async function bundleLikeTheCli(
  entry: string,
  outfile: string,
  extra: Pick<BuildOptions, 'sourcemap'> = {},
): Promise<void> {
  mkdirSync(dirname(outfile), { recursive: true });
  const options = createRequire(__filename)(
    join(__dirname, '..', 'build', 'node-esm-bundle.cjs'),
  ) as BuildOptions;
  await build({
    ...options,
    entryPoints: [entry],
    outfile,
    minify: true,
    logLevel: 'warning',
    ...extra,
  });
}
