/**
 * The import graph keeps the shape docs/architecture.md draws. The layers are data
 * (scripts/layers.cjs); eslint's `layers/fence` rule checks which layer may import which, and this
 * checks the data itself, that lint uses it, and what a per-file rule cannot see: cycles.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as layers from '../../scripts/layers.cjs';
import { REPOSITORY_ROOT, importCycles, importGraph } from '../helpers/import-graph';

/** Source text as if it were files of two layers, each importing across a fence. */
const FENCE_FIXTURES = [
  [
    'src/securityhub/fence-fixture.ts',
    "import { publishReport } from '../publish/sns-publisher';\nimport { servicesOf } from '../history/scope';\nexport const both = [publishReport, servicesOf];\n",
  ],
  [
    'src/format/fence-fixture.ts',
    "import { S3Client } from '@aws-sdk/client-s3';\nexport const client = S3Client;\n",
  ],
];

const FOUR_PARAMS =
  'export function f(a: number, b: number, c: number, d: number): number {\n  return a + b + c + d;\n}\n';
const THREE_PARAMS =
  'export function f(a: number, b: number, c: number): number {\n  return a + b + c;\n}\n';
/** Four parameters in the publishing and Lambda layers, three there, four elsewhere. */
const PARAM_FIXTURES = [
  ['src/publish/params-fixture.ts', FOUR_PARAMS],
  ['src/lambda/org/params-fixture.ts', FOUR_PARAMS],
  ['src/lambda/params-fixture.ts', THREE_PARAMS],
  ['src/format/params-fixture.ts', FOUR_PARAMS],
];

let lintedOnce: Promise<string[][]> | undefined;
/** Every fixture linted with the project's config, in one eslint start (it takes seconds). */
function linted(): Promise<string[][]> {
  lintedOnce ??= Promise.resolve(lintFixtures([...FENCE_FIXTURES, ...PARAM_FIXTURES]));
  return lintedOnce;
}

/** The messages (`<line> <rule>`) eslint gives each `[path, text]`, linted with the project's config. */
function lintFixtures(fixtures: readonly (readonly string[])[]): string[][] {
  const lint = `const { ESLint } = require('eslint');
      (async () => {
        const eslint = new ESLint();
        const out = [];
        for (const [filePath, text] of JSON.parse(process.argv[1])) {
          const [result] = await eslint.lintText(text, { filePath });
          out.push(result.messages.map(({ line, ruleId }) => \`\${line} \${ruleId}\`));
        }
        console.log(JSON.stringify(out));
      })();`;
  const output = execFileSync(process.execPath, ['-e', lint, JSON.stringify(fixtures)], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[][];
}

describe('the import graph', () => {
  it('has no cycle among the sources and handlers', () => {
    // Prepare
    const graph = importGraph(['src', 'handlers']);

    // Act
    const cycles = importCycles(graph);

    // Assess
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    // Prepare
    const graph = new Map([
      ['a.ts', { local: ['b.ts'], packages: [] }],
      ['b.ts', { local: ['c.ts'], packages: [] }],
      ['c.ts', { local: ['a.ts'], packages: [] }],
      ['d.ts', { local: ['a.ts'], packages: [] }],
    ]);

    // Act
    const cycles = importCycles(graph);

    // Assess
    expect(cycles).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('keeps test stand-ins out of the benchmarks’ way: test code imports no bench file', () => {
    // Prepare
    const graph = importGraph(['test']);

    // Act
    const intoBench = [...graph].flatMap(([file, { local }]) =>
      local.filter((target) => target.startsWith('bench/')).map((target) => `${file} → ${target}`),
    );

    // Assess
    expect(intoBench).toEqual([]);
  });
});

describe('the layers (scripts/layers.cjs)', () => {
  it('put every source file in exactly one layer', () => {
    // Prepare
    const files = [...importGraph(['src', 'handlers']).keys()];

    // Act
    const misplaced = files
      .map((file) => ({ file, layers: layers.layersOf(file).map(({ name }) => name) }))
      .filter(({ layers }) => layers.length !== 1);

    // Assess
    expect(files.length).toBeGreaterThan(100);
    expect(misplaced).toEqual([]);
  });

  it('open fences only to layers and files that exist', () => {
    // Prepare
    const names = new Set(layers.LAYERS.map(({ name }) => name));

    // Act
    const unknown = layers.LAYERS.flatMap((layer) =>
      layer.mayImport
        .filter((entry) =>
          entry.includes('/') ? !existsSync(join(REPOSITORY_ROOT, entry)) : !names.has(entry),
        )
        .map((entry) => `${layer.name} → ${entry}`),
    );

    // Assess
    expect(names.size).toBe(layers.LAYERS.length);
    expect(unknown).toEqual([]);
  });

  it('are kept by every import of the sources, the AWS SDK included', () => {
    // Prepare
    const graph = importGraph(['src', 'handlers']);

    // Act
    const crossings = [...graph].flatMap(([file, { local, packages }]) => [
      ...local.map((target) => layers.fenceBetween(file, target)),
      ...packages.map((specifier) => layers.packageFence(file, specifier)),
    ]);

    // Assess
    expect(crossings.filter((why) => why !== undefined)).toEqual([]);
  });

  it('refuse the imports the table forbids, and allow what it names', () => {
    // Prepare
    const imports: [string, string][] = [
      ['src/securityhub/export.ts', 'src/publish/sns-publisher.ts'],
      ['src/accounts/audit-accounts.ts', 'src/config.ts'],
      ['src/accounts/audit-accounts.ts', 'src/options/parsers.ts'],
      ['src/options/parsers.ts', 'src/cost/read-cost-inputs.ts'],
      ['src/remediation/plan.ts', 'src/remediation/apply.ts'],
      ['src/analysis/analyze.ts', 'test/helpers/index.ts'],
      ['src/options/parsers.ts', 'src/cost/metric-window.ts'],
      ['src/remediation/apply.ts', 'src/remediation/plan.ts'],
      ['src/lambda/audit.ts', 'src/publish/sns-publisher.ts'],
    ];

    // Act
    const refused = imports.map(
      ([from, target]) => layers.fenceBetween(from, target) !== undefined,
    );

    // Assess
    expect(refused).toEqual([true, true, true, true, true, true, false, false, false]);
    expect(layers.fenceBetween('src/securityhub/export.ts', 'src/publish/sns-publisher.ts')).toBe(
      'The securityhub layer may not import src/publish/sns-publisher.ts (the publish layer): see docs/architecture.md, the layers.',
    );
    expect(layers.packageFence('src/analysis/analyze.ts', '@smithy/core')).toMatch(
      /analysis layer is pure/,
    );
    expect(
      layers.packageFence('src/collect/collect-account.ts', '@aws-sdk/client-ec2'),
    ).toBeUndefined();
    expect(layers.fenceBetween('src/nowhere.ts', 'src/types.ts')).toMatch(/in no layer/);
  });

  it('print the table of docs/architecture.md (npm run docs:layers)', () => {
    // Prepare
    const written = readFileSync(layers.ARCHITECTURE_DOC, 'utf8');

    // Act
    const printed = layers.architectureDoc(written);

    // Assess
    expect(printed).toBe(written);
    for (const { name } of layers.LAYERS) expect(written).toContain(`| **${name}** `);
  });

  it('are what lint enforces: eslint refuses an import across a fence', async () => {
    // Act
    const output = (await linted()).slice(0, FENCE_FIXTURES.length);

    // Assess
    expect(output).toEqual([['1 layers/fence'], ['1 layers/fence']]);
  });
});

describe('the publishing and Lambda layers', () => {
  it('take at most three parameters: more go in one options object (lint)', async () => {
    // Act
    const output = (await linted()).slice(FENCE_FIXTURES.length);

    // Assess
    expect(output).toEqual([['1 max-params'], ['1 max-params'], [], []]);
  });
});
