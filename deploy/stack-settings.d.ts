/** Types of deploy/stack-settings.js (the stack's side of the settings), for its tests. */
import type * as Config from '../src/config';

/** The exports of src/config.ts the stack reads. */
export type SettingsModule = typeof Config;

/** src/config.ts, bundled in memory from `root`. */
export function loadSettings(root: string): SettingsModule;
/** Every stack parameter's default: the settings' and `others` (custom.stackParameters). */
export function parameterDefaultsOf(
  settings: SettingsModule,
  others: Record<string, unknown> | undefined,
): Record<string, unknown>;
/** Every function's environment, by function. */
export function environmentsOf(
  settings: SettingsModule,
): Partial<Record<string, Record<string, string>>>;
/** The problems of the functions' resolved environments, naming parameter, variable and value. */
export function environmentProblems(
  settings: SettingsModule,
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
