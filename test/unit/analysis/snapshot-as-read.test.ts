/**
 * The offline audit checks a snapshot without copying it, so the analysis sees the file's own
 * objects, unknown fields and all. It reads only the schema's fields: every conformance scenario and
 * the sample estate, with EC2's other fields added to every object, give the same report either way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { formatJson } from '../../../src/format/json';
import { parseSnapshot } from '../../../src/snapshot/load';
import { loadScenarios } from '../../helpers/scenarios';

const SAMPLE = join(__dirname, '..', '..', '..', 'examples', 'sample-estate.json');
const GENERATED_AT = '2026-11-27T03:00:00Z';

/**
 * Adds fields the schema does not know to every object of a parsed snapshot (in place), the
 * `regions` record aside (its keys are region names).
 */
function withUnknownFields(value: unknown, isRecord = false): unknown {
  if (Array.isArray(value)) value.forEach((item) => withUnknownFields(item));
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const [key, item] of Object.entries(record)) withUnknownFields(item, key === 'regions');
    if (!isRecord) {
      record.PropagatingVgws = [{ GatewayId: 'vgw-0unknown' }];
      record.MapCustomerOwnedIpOnLaunch = false;
      record.ResourceType = 'unknown-field';
    }
  }
  return value;
}

const snapshots = [
  ...loadScenarios().map((scenario) => [scenario.name, scenario.snapshot] as const),
  ['sample estate', JSON.parse(readFileSync(SAMPLE, 'utf8')) as unknown] as const,
];

describe('a snapshot checked without a copy', () => {
  it.each(snapshots)('%s: gives the report of the copied snapshot', (_, snapshot) => {
    // Prepare
    const input = withUnknownFields(structuredClone(snapshot));

    // Act
    const asRead = analyzeSnapshot(parseSnapshot(structuredClone(input), 'f', { copy: false }), {
      generatedAt: GENERATED_AT,
    });
    const copied = analyzeSnapshot(parseSnapshot(structuredClone(input), 'f'), {
      generatedAt: GENERATED_AT,
    });

    // Assess
    expect(formatJson(asRead)).toBe(formatJson(copied));
  });

  it('is the file’s own objects, unknown fields kept', () => {
    // Prepare
    const input = withUnknownFields(JSON.parse(readFileSync(SAMPLE, 'utf8'))) as {
      regions: Record<string, { Subnets: unknown[] }>;
    };

    // Act
    const snapshot = parseSnapshot(input, 'f', { copy: false });

    // Assess
    const [name, region] = Object.entries(snapshot.regions)[0] ?? [];
    expect(region?.Subnets[0]).toBe(input.regions[name ?? '']?.Subnets[0]);
    expect(region?.Subnets[0]).toHaveProperty('ResourceType', 'unknown-field');
  });
});
