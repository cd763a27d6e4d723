'use strict';
/**
 * How new a build's inputs are: `npm run package` compares it with its package, and the test
 * helpers name the builds they keep by it (test/helpers/kept-build.ts).
 */
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

/**
 * The newest modification time under a file or folder, the folders' own included (a removed file
 * changes its folder's), or 0 when it does not exist.
 *
 * @param {string} path
 * @returns {number}
 */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestMtime(join(path, entry))),
    stats.mtimeMs,
  );
}

module.exports = { newestMtime };
