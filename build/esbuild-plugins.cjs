// esbuild plugins shared by the Lambda bundles (serverless.yml, custom.esbuild.plugins) and the CLI
// bundle (scripts/build-cli.mjs).
'use strict';
const { readFile } = require('node:fs/promises');

/**
 * Lets esbuild tree-shake the AWS SDK's schema modules. Each client's `schemas/schemas_0.js` names
 * its traits with computed keys over module constants (`{ [_xN]: _m }` with `const _xN =
 * "xmlName"`); esbuild must assume a computed key may run code (`toString`), so it keeps every one
 * of the thousands of shapes, and EC2's file alone put 540 KiB into each bundle. Writing the
 * constant's string in place of the computed key (`{ "xmlName": _m }`) is the same object, and
 * leaves esbuild free to drop the shapes no sent command reaches. Hand-written because no
 * maintained plugin does this rewrite; it only touches keys whose constant is a plain string
 * literal declared at the top of the same file.
 *
 * @type {import('esbuild').Plugin}
 */
const sdkSchemaKeys = {
  name: 'sdk-schema-keys',
  setup(build) {
    build.onLoad(
      { filter: /[\\/]@aws-sdk[\\/].*[\\/]schemas[\\/]schemas_\d+\.js$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        const strings = new Map();
        for (const match of source.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)) {
          strings.set(match[1], match[2]);
        }
        const contents = source.replace(/\[(_\w+)\]:/g, (whole, name) =>
          strings.has(name) ? `${strings.get(name)}:` : whole,
        );
        return { contents, loader: 'js' };
      },
    );
  },
};

module.exports = [sdkSchemaKeys];
