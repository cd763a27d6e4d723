/**
 * The dependency rules of docs/dependencies.md hold in package.json and the lock: the AWS SDK on
 * one release line (one copy of each `@smithy/*` and `@aws-sdk/*` package), its clients pinned
 * exactly, and every dependency install script decided in `allowScripts` and listed in the doc.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface LockEntry {
  readonly version?: string;
  readonly hasInstallScript?: boolean;
}

interface Manifest {
  readonly dependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly allowScripts?: Record<string, boolean>;
}

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(ROOT, name), 'utf8')) as T;
}

/** Package name of a lock key such as `node_modules/a/node_modules/@scope/b`. */
function packageName(lockKey: string): string {
  return lockKey.slice(lockKey.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

const lock = readJson<{ packages: Record<string, LockEntry> }>('package-lock.json').packages;
const manifest = readJson<Manifest>('package.json');

describe('dependencies', () => {
  it('holds one version of each @smithy/* and @aws-sdk/* package in the lock', () => {
    // Prepare
    const versions = new Map<string, Set<string>>();
    for (const [key, entry] of Object.entries(lock)) {
      const name = packageName(key);
      if (!/^@(smithy|aws-sdk)\//.test(name) || entry.version === undefined) continue;
      versions.set(name, (versions.get(name) ?? new Set()).add(entry.version));
    }

    // Act
    const repeated = [...versions].filter(([, found]) => found.size > 1).map(([name]) => name);

    // Assess
    expect(versions.size).toBeGreaterThan(10);
    expect(repeated).toEqual([]);
  });

  it('pins every AWS SDK client to an exact version', () => {
    // Prepare
    const all = { ...manifest.dependencies, ...manifest.devDependencies };

    // Act
    const ranged = Object.entries(all).filter(
      ([name, range]) => name.startsWith('@aws-sdk/') && !/^\d+\.\d+\.\d+$/.test(range),
    );

    // Assess
    expect(ranged).toEqual([]);
  });

  it('decides every dependency install script in allowScripts and explains it in docs', () => {
    // Prepare
    const withScripts = new Set(
      Object.entries(lock)
        .filter(([key, entry]) => key !== '' && entry.hasInstallScript === true)
        .map(([key]) => packageName(key)),
    );
    const doc = readFileSync(join(ROOT, 'docs', 'dependencies.md'), 'utf8');

    // Act
    const undecided = [...withScripts].filter((name) => !(name in (manifest.allowScripts ?? {})));
    const rows = new Set([...doc.matchAll(/^\| `([^`]+)` +\|/gm)].map((row) => row[1]));
    const unexplained = [...withScripts].filter((name) => !rows.has(name));

    // Assess
    expect(withScripts.size).toBeGreaterThan(0);
    expect(undecided).toEqual([]);
    expect(unexplained).toEqual([]);
  });
});
