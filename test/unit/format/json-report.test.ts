/**
 * The JSON report made line by line: one whole line per piece, and the report itself when read
 * back.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { formatJson, jsonReportLines } from '../../../src/format/json';
import { jsonSafe } from '../../../src/format/safe-text';
import { parseSnapshotText } from '../../../src/snapshot/load';
import type { Report, SubnetReport } from '../../../src/types';

const SAMPLE = join(__dirname, '..', '..', '..', 'examples', 'sample-estate.json');

function sampleReport(): Report {
  return analyzeSnapshot(parseSnapshotText(readFileSync(SAMPLE, 'utf8'), SAMPLE), {
    generatedAt: '2026-11-27T03:00:00Z',
  });
}

/** The subnets' lines of the report as the writer makes them. */
function subnetLinesOf(report: Report): string[] {
  const lines = [...jsonReportLines(report)];
  return lines.slice(lines.indexOf('  "subnets": [\n') + 1).slice(0, report.subnets.length);
}

/** The subnets' lines as the plain serialisation of each subnet gives them. */
function plainSubnetLines(subnets: readonly SubnetReport[]): string[] {
  return subnets.map(
    (one, at) => `    ${jsonSafe(JSON.stringify(one))}${at < subnets.length - 1 ? ',' : ''}\n`,
  );
}

describe('the JSON report', () => {
  const report = sampleReport();
  const whole = formatJson(report);

  it('reads back as the report, one top-level field and one array element per line', () => {
    // Act
    const lines = whole.split('\n');

    // Assess
    expect(JSON.parse(whole)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(lines[0]).toBe('{');
    expect(lines.at(-2)).toBe('}');
    expect(lines.at(-1)).toBe('');
    const subnetLines = lines.filter((line) => line.startsWith('    {"region"'));
    expect(subnetLines).toHaveLength(report.subnets.length);
  });

  it('gives the same text line by line, each piece one whole line', () => {
    // Act
    const lines = [...jsonReportLines(report)];

    // Assess
    expect(lines.join('')).toBe(whole);
    for (const line of lines) expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(lines).toHaveLength(whole.split('\n').length - 1);
  });

  it('makes a line only when asked for it', () => {
    // Prepare
    const pieces = jsonReportLines(report);

    // Act
    const first = pieces.next();

    // Assess: the first piece holds the opening line, not the whole report.
    expect(first.done).toBe(false);
    expect(first.value?.length).toBeLessThan(whole.length / 4);
    expect(whole.startsWith(first.value ?? '-')).toBe(true);
  });

  it('writes each subnet as its own JSON, whichever services objects the subnets share', () => {
    // Prepare: text a user controls (tags), with what the writer puts in a subnet's services' place.
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('"services":0', '\\"services\\":0', '\u202e"services":0\u009b', '\\'),
    );
    const servicesPool = report.subnets.map((subnet) => subnet.services);
    const subnet = fc.record({
      from: fc.nat(report.subnets.length - 1),
      services: fc.nat(servicesPool.length - 1),
      name: fc.option(text, { nil: undefined }),
      vpcName: fc.option(text, { nil: undefined }),
      exempt: fc.boolean(),
    });

    fc.assert(
      fc.property(fc.array(subnet, { minLength: 1, maxLength: 30 }), (picks) => {
        const subnets: SubnetReport[] = picks.map((pick) => ({
          ...(report.subnets[pick.from] as SubnetReport),
          exempt: pick.exempt,
          name: pick.name,
          vpcName: pick.vpcName,
          // The same object for subnets that share it, as the analysis hands them out.
          services: servicesPool[pick.services] as SubnetReport['services'],
        }));

        // Act
        const lines = subnetLinesOf({ ...report, subnets });

        // Assess: line for line what the plain serialisation of each subnet gives.
        expect(lines).toEqual(plainSubnetLines(subnets));
      }),
    );
  });

  it('writes any services value as JSON does, whether or not a verdict repeats its family', () => {
    // Prepare: verdicts that repeat their one family (the shortcut) and near misses of every kind
    const text = fc.oneof(fc.string(), fc.constantFrom('}', '"families":{', '\u202e', '\\'));
    const family = fc.record({
      path: text,
      leaking: fc.boolean(),
      targets: fc.array(text, { maxLength: 3 }),
      leakingCidrs: fc.array(text, { maxLength: 3 }),
    });
    class Verdict {
      public constructor(private readonly value: object) {}
      public toJSON(): object {
        return { wrapped: this.value };
      }
    }
    /** A family verdict's fields on an object whose class writes something else. */
    class FamilyWithToJson {
      public constructor(
        public readonly path: string,
        public readonly leaking: boolean,
        public readonly targets: string[],
        public readonly leakingCidrs: string[],
      ) {}
      public toJSON(): string {
        return 'written by its class';
      }
    }
    const variant = fc.constantFrom(
      'repeats',
      'copied lists',
      'other path',
      'other leaking',
      'extra field',
      'undefined field',
      'reordered',
      'two families',
      'own toJSON',
      'class toJSON',
      'family class',
      'family extra field',
      'family with toJSON',
    );
    type Family = { path: string; leaking: boolean; targets: string[]; leakingCidrs: string[] };
    const verdictOf = (one: Family, how: string): unknown => {
      const repeated = { ...one, families: { ipv4: one } };
      switch (how) {
        case 'copied lists':
          return { ...repeated, targets: [...one.targets] };
        case 'other path':
          return { ...repeated, path: `${one.path}x` };
        case 'other leaking':
          return { ...repeated, leaking: !one.leaking };
        case 'extra field':
          return { ...one, ambiguous: true, families: { ipv4: one } };
        case 'undefined field':
          return { ...one, reason: undefined, families: { ipv4: one } };
        case 'reordered':
          return {
            leaking: one.leaking,
            path: one.path,
            targets: one.targets,
            leakingCidrs: one.leakingCidrs,
            families: { ipv4: one },
          };
        case 'two families':
          return { ...repeated, families: { ipv4: one, ipv6: one } };
        case 'own toJSON':
          return { ...repeated, toJSON: () => 'own' };
        case 'class toJSON':
          return new Verdict(repeated);
        case 'family class':
          return { ...repeated, families: { ipv4: new Verdict(one) } };
        case 'family extra field':
          return { ...one, families: { ipv4: { ...one, ambiguous: true } } };
        case 'family with toJSON': {
          const { path, leaking, targets, leakingCidrs } = one;
          const classy = new FamilyWithToJson(path, leaking, targets, leakingCidrs);
          return { ...one, families: { ipv4: classy } };
        }
        default:
          return repeated;
      }
    };
    const services = fc.dictionary(
      fc.oneof(fc.constantFrom('s3', 'dynamodb'), text),
      fc.tuple(family, variant).map(([one, how]) => verdictOf(one, how)),
      { maxKeys: 3 },
    );

    fc.assert(
      fc.property(fc.array(services, { minLength: 1, maxLength: 5 }), (pool) => {
        const subnets = pool.map((one) => ({
          ...(report.subnets[0] as SubnetReport),
          services: one as SubnetReport['services'],
        }));

        // Act
        const lines = subnetLinesOf({ ...report, subnets });

        // Assess
        expect(lines).toEqual(plainSubnetLines(subnets));
      }),
    );
  });
});
