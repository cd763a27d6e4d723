// Bundles the CLI into one file so that `npm ci` (through `prepare`) leaves a working `vpce-auditor`.
// `node scripts/build-cli.mjs OUTFILE` bundles elsewhere (tests that must run the current sources).
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// Shared with the Lambda bundles: lets esbuild drop the SDK schema shapes the CLI never sends.
const plugins = createRequire(import.meta.url)('../build/esbuild-plugins.cjs');

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: process.argv[2] ?? 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Prefer the packages' ES modules: esbuild then drops the ~700 EC2 commands the CLI never sends,
  // which makes the bundle smaller and the CLI start faster.
  mainFields: ['module', 'main'],
  banner: { js: '#!/usr/bin/env node' },
  minify: true,
  keepNames: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins,
});
