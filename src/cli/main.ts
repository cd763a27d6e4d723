/** The `vpce-auditor` executable. */
import { processIo } from './io';
import { runCli } from './program';

// The SDK warns on every Node below 22 that its 2027 releases will need Node 22. This tool supports
// Node 20.19+ (package.json engines): on a supported Node the notice is noise, so it is silenced
// unless the user set the SDK's own switch.
if (Number(process.versions.node.split('.')[0]) >= 20) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
