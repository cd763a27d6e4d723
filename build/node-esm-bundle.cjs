// The esbuild settings of a node program bundled as an ES module: the CLI (scripts/build-cli.mjs)
// and the bare AWS SDK program it is measured against (bench/bare-sdk-org.ts), so that both load
// alike (each adds `minify: true`).
'use strict';
const plugins = require('./esbuild-plugins.cjs');

/** @type {import('esbuild').BuildOptions} */
module.exports = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Prefer the packages' ES modules: esbuild then drops the ~700 EC2 commands the CLI never sends,
  // which makes the bundle smaller and the CLI start faster.
  mainFields: ['module', 'main'],
  // The CommonJS packages in the bundle (commander, …) call `require` for Node's own modules.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // Lets esbuild drop the SDK schema shapes no sent command reaches (shared with the Lambda bundles).
  plugins,
};
