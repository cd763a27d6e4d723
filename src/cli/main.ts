/** The `vpce-auditor` executable. */
import type { Writable } from 'node:stream';
import { processIo } from './io';
import { runCli } from './program';

// The SDK warns on every Node below 22 that its 2027 releases will need Node 22. This tool supports
// Node 20.19+ (package.json engines): on a supported Node the notice is noise, so it is silenced
// unless the user set the SDK's own switch.
if (Number(process.versions.node.split('.')[0]) >= 20) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/** Resolves once what was written to the stream is out (or the stream failed: nothing more goes). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.writableLength === 0) resolve();
    else stream.write('', () => resolve());
  });
}

void runCli(process.argv.slice(2), processIo()).then(async (code) => {
  // The run is over once its output is out: exit then, rather than let node tear down a heap of
  // hundreds of MiB first (0.1 to 0.25 s after a 100 000-subnet audit) or wait for idle sockets.
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
});
