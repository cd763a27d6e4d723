import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Path, ServiceName, SubnetReport } from '../../src/types';

/**
 * What a conformance case expects of one subnet: each service's path (`s3`, `dynamodb`) and,
 * optionally, each address family's (`s3.ipv4`, `s3.ipv6`, `s3.nat64`, `dynamodb.ipv4`,
 * `dynamodb.nat64`).
 */
export type SubnetExpectation = Record<string, Path>;

/** A routing conformance case of test/fixtures/scenarios or scenarios-ipv6 (docs/routing.md). */
export interface Scenario {
  /** `scenarios` (IPv4) or `scenarios-ipv6` (IPv6 and NAT64). */
  suite: string;
  file: string;
  path: string;
  name: string;
  description: string;
  snapshot: unknown;
  expect: Record<string, SubnetExpectation>;
}

/** The folders of the conformance suites, copied verbatim from the shared ones. */
export const SCENARIO_SUITES = ['scenarios', 'scenarios-ipv6'] as const;

/** The folder of the IPv4 conformance scenarios. */
export const SCENARIO_DIR = join(__dirname, '..', 'fixtures', 'scenarios');

/** Every conformance scenario of one suite (default: both), in file order. */
export function loadScenarios(
  suites: readonly (typeof SCENARIO_SUITES)[number][] = SCENARIO_SUITES,
): Scenario[] {
  return suites.flatMap((suite) => {
    const dir = join(__dirname, '..', 'fixtures', suite);
    return readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => {
        const path = join(dir, file);
        const parsed = JSON.parse(readFileSync(path, 'utf8')) as Omit<
          Scenario,
          'file' | 'path' | 'suite'
        >;
        return { ...parsed, suite, file, path };
      });
  });
}

/**
 * What the report says of a subnet, in the keys of its expectation: each service's path and, when
 * the expectation gives any family, every family the report lists (so that a family too many or
 * too few shows as a difference).
 */
export function observedPaths(
  subnet: SubnetReport | undefined,
  expected: SubnetExpectation,
): Record<string, Path | undefined> {
  const observed: Record<string, Path | undefined> = {};
  const withFamilies = Object.keys(expected).some((key) => key.includes('.'));
  for (const key of Object.keys(expected)) {
    if (!key.includes('.')) observed[key] = subnet?.services[key as ServiceName]?.path;
  }
  if (withFamilies) {
    for (const [service, verdict] of Object.entries(subnet?.services ?? {})) {
      for (const [family, familyVerdict] of Object.entries(verdict.families ?? {})) {
        observed[`${service}.${family}`] = familyVerdict.path;
      }
    }
  }
  return observed;
}
