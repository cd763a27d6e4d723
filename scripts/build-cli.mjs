// Bundles the CLI so that `npm ci` (through `prepare`) leaves a working `vpce-auditor`.
// `node scripts/build-cli.mjs OUTFILE` bundles elsewhere (tests that must run the current sources):
// OUTFILE is the executable, the other files go next to it.
//
// The offline commands (`audit --snapshot`, `remediate --snapshot`, `diff`) must start without the
// AWS SDK, so the bundle is split: src/cli/live-seam.ts imports the live side dynamically, and
// esbuild's code splitting puts it (with the SDK) in chunks that only the live commands read. Code
// splitting needs ES modules, so the bundle is `cli.mjs` (plus `chunk-*.mjs`), and OUTFILE is a
// one-line CommonJS launcher, which keeps the `bin` path `dist/cli.js`.
import { rm, writeFile, readdir, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// ES module, minified, the SDK schema plugin: shared with the bare SDK program of bench/bare-sdk-org.ts.
const nodeEsmBundle = createRequire(import.meta.url)('../build/node-esm-bundle.cjs');

const outfile = process.argv[2] ?? 'dist/cli.js';
const outdir = dirname(outfile);
const entry = basename(outfile).replace(/\.c?js$/, '');

// Chunk names carry a content hash: remove the previous build's, so dist/ holds one build.
await mkdir(outdir, { recursive: true });
for (const name of await readdir(outdir)) {
  if (
    /^chunk-.*\.mjs(\.map)?$/.test(name) ||
    name === `${entry}.mjs` ||
    name === `${entry}.mjs.map` ||
    // The map of the single-file bundle that builds before the split wrote next to the launcher.
    name === `${basename(outfile)}.map`
  )
    await rm(join(outdir, name));
}

await build({
  entryPoints: { [entry]: 'src/cli/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  ...nodeEsmBundle,
  splitting: true,
  minify: true,
  // No keepNames: it wraps every named function the bundle creates at run time (the AWS SDK makes
  // hundreds per client) in a call that defines its name, CPU the organization audit paid on every
  // client. The error classes name themselves (src/errors.ts), which is what the names were kept for.
  sourcemap: 'linked',
  logLevel: 'warning',
});

await writeFile(
  outfile,
  `#!/usr/bin/env node\n// Launches ./${entry}.mjs (scripts/build-cli.mjs says why it is an ES module).\nimport('./${entry}.mjs');\n`,
  { mode: 0o755 },
);
