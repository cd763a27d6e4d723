#!/usr/bin/env bash
# Runs each argument (a shell command) at the same time, prints each one's output whole, in the
# order given, as it is collected, and exits 1 if any of them failed (naming each that did).
set -uo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pids=()
index=0
for command in "$@"; do
  bash -c "$command" >"$work/$index.out" 2>&1 &
  pids+=("$!")
  index=$((index + 1))
done
failed=()
index=0
for command in "$@"; do
  if wait "${pids[$index]}"; then status=ok; else status="FAILED"; failed+=("$command"); fi
  echo "::: ${command} (${status})"
  cat "$work/$index.out"
  index=$((index + 1))
done
if ((${#failed[@]})); then
  printf 'failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
