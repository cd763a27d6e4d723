/**
 * Builds the test suites share (a packaged variant of the stack, the bundled CLI). Each is made once
 * into a folder of the system's temporary directory named by what it is made from: the repository,
 * the newest modification time of its inputs and its parameters. It is made under a lock (parallel
 * workers wait for it instead of building it too) and kept for every suite, in this run and later
 * ones, that asks while the inputs are unchanged. A change to any input names another folder, so a
 * suite never reads a stale build.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newestMtime } from '../../scripts/newest-mtime';

/** The repository root. */
const ROOT = join(__dirname, '..', '..');

/** How long a build may hold its lock before the next one gives up (a killed run leaves one). */
const LOCK_WAIT_MS = 300_000;

/**
 * The folder of the build `kind` (a name, `variant` or `cli`) made from `inputs` (paths relative to
 * the repository) with `parameters`.
 */
export function keptBuildFolder(
  kind: string,
  inputs: readonly string[],
  parameters: unknown = {},
): string {
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([ROOT, parameters, inputs.map((input) => newestMtime(join(ROOT, input)))]),
    )
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), `vpce-auditor-${kind}-${fingerprint}`);
}

/** Takes the lock of `folder` (true), or tells that another holds it (false). */
function tryLock(folder: string, since: number): boolean {
  try {
    mkdirSync(`${folder}.lock`);
    return true;
  } catch {
    if (Date.now() - since > LOCK_WAIT_MS) {
      throw new Error(`${folder}.lock held for ${LOCK_WAIT_MS / 60_000} minutes: remove it`);
    }
    return false;
  }
}

function unlock(folder: string): void {
  rmSync(`${folder}.lock`, { recursive: true, force: true });
}

/** Runs `work` holding the lock of `folder`, waiting (blocked) while another process holds it. */
export function withBuildLock<T>(folder: string, work: () => T): T {
  const since = Date.now();
  while (!tryLock(folder, since)) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  try {
    return work();
  } finally {
    unlock(folder);
  }
}

/** Runs `work` holding the lock of `folder`, waiting (without blocking) while another holds it. */
export async function withBuildLockAsync<T>(folder: string, work: () => Promise<T>): Promise<T> {
  const since = Date.now();
  while (!tryLock(folder, since)) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  try {
    return await work();
  } finally {
    unlock(folder);
  }
}
