/** Types of the package-time settings check (deploy/stack-settings.js), for its tests. */
import type * as Config from '../src/config';

/** src/config.ts, bundled in memory from `root`. */
export function loadSettings(root: string): typeof Config;
/** The problems of the functions' resolved environments, naming parameter, variable and value. */
export function environmentProblems(
  settings: typeof Config,
  functions: Record<string, { environment?: Record<string, unknown> } | undefined>,
  providerEnvironment?: Record<string, unknown>,
): string[];
/** The problems of the whole-number parameters. */
export function integerProblems(
  integerParams: Record<string, { value: unknown; min: number; max: number }> | undefined,
): string[];
/** Throws naming every parameter the functions or the stack would refuse. */
export function checkStackSettings(
  service: {
    functions?: Record<string, { environment?: Record<string, unknown> } | undefined>;
    provider?: { environment?: Record<string, unknown> };
  },
  root: string,
  integerParams?: Record<string, { value: unknown; min: number; max: number }>,
): void;
