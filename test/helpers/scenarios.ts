import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Path, ServiceName } from '../../src/types';

/** A routing conformance case of test/fixtures/scenarios (see docs/routing.md). */
export interface Scenario {
  file: string;
  path: string;
  name: string;
  description: string;
  snapshot: unknown;
  expect: Record<string, Partial<Record<ServiceName, Path>>>;
}

/** The folder of the conformance scenarios. */
export const SCENARIO_DIR = join(__dirname, '..', 'fixtures', 'scenarios');

/** Every conformance scenario, in file order. */
export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIO_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(SCENARIO_DIR, file);
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as Omit<Scenario, 'file' | 'path'>;
      return { ...parsed, file, path };
    });
}
