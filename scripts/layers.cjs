// @ts-check
/*
 * The layers of the code, as data: the one place that says which file is in which layer and what
 * each layer may import. eslint.config.mjs turns it into the `layers/fence` lint rule, and the table
 * of docs/architecture.md is printed from it (`npm run docs:layers`; a unit test fails while the
 * table differs). test/unit/architecture.test.ts checks that every source file is in exactly one
 * layer and that lint refuses an import across a fence.
 *
 * A layer's `files` are repository-relative: `dir/` is everything under the folder, a path is that
 * file, `*` stands for any characters of one name. `except` takes files back out (no two layers may
 * hold one file). `mayImport` names the layers (or single files of another layer) it may import;
 * everything else is refused, so a new layer is fenced off until a line here lets it in. `sdk` says
 * whether it may import the AWS SDK (`@aws-sdk/*`, `@smithy/*`).
 */
const { existsSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');

/** The repository root. */
const ROOT = resolve(__dirname, '..');

/** Every layer but the shell (cli and lambda, which adapt the core and which nothing imports). */
const CORE = [
  'foundation',
  'aws-clients',
  'snapshot',
  'analysis',
  'remediation-plan',
  'collect',
  'cost',
  'options',
  'history',
  'store',
  'securityhub',
  'live-audit',
  'remediation',
  'accounts',
  'config',
  'format',
  'publish',
];

/** @type {import('./layers.d.cts').Layer[]} */
const LAYERS = [
  {
    name: 'foundation',
    files: [
      'src/net/',
      'src/types.ts',
      'src/path-kinds.ts',
      'src/leaking-families.ts',
      'src/errors.ts',
      'src/aws-errors.ts',
      'src/aws-client-limits.ts',
      'src/validation.ts',
      'src/json-file.ts',
      'src/json-limits.ts',
      'src/json-syntax.ts',
      'src/call-hooks.ts',
      'src/text-order.ts',
      'src/errno-code.ts',
      'src/lazy.ts',
    ],
    what: 'CIDR arithmetic, how AWS names regions, prefix lists and endpoint services (China included), the report types, the path kinds, the address families a subnet leaks in, the error classes, the one AWS error classifier, the timeout and attempt limits of the AWS clients, the one bounded reader of input files and the limits of their JSON, the hooks told of every AWS call, the one order of ids and names, the code of a failed file call, a value built on first use',
    mayImport: [],
    sdk: false,
  },
  {
    name: 'aws-clients',
    files: ['src/aws-client-settings.ts', 'src/aws-retry.ts'],
    what: 'The timeouts and retries every AWS client is built with',
    mayImport: ['foundation'],
    sdk: true,
  },
  {
    name: 'snapshot',
    files: ['src/snapshot/'],
    what: 'The snapshot schema (zod), its validation and loading',
    mayImport: ['foundation'],
    sdk: false,
  },
  {
    name: 'analysis',
    files: ['src/analysis/'],
    what: 'The routing rules ([routing.md](routing.md)): snapshot in, report out',
    mayImport: ['foundation', 'snapshot'],
    sdk: false,
  },
  {
    name: 'remediation-plan',
    files: ['src/remediation/plan*.ts'],
    what: 'Remediation planning: report and snapshot in, plan out',
    mayImport: ['foundation', 'snapshot', 'analysis'],
    sdk: false,
  },
  {
    name: 'collect',
    files: ['src/collect/'],
    what: 'The live inventory through injected clients',
    mayImport: ['foundation', 'aws-clients', 'snapshot'],
    sdk: true,
  },
  {
    name: 'cost',
    files: ['src/cost/'],
    what: 'NAT gateway and transit gateway metrics, flow logs and prices',
    mayImport: ['foundation', 'aws-clients', 'snapshot'],
    sdk: true,
  },
  {
    name: 'options',
    files: ['src/options/'],
    what: 'One parser per kind of user text (`--regions` and `REGIONS` alike)',
    mayImport: [
      'foundation',
      'src/cost/metric-window.ts',
      'src/cost/nat-prices.ts',
      'src/remediation/plan-types.ts',
    ],
    sdk: false,
  },
  {
    name: 'history',
    files: ['src/history/'],
    what: 'Finding history: new, persisting and resolved against the previous report; saved reports read and validated',
    mayImport: ['foundation', 'snapshot', 'analysis', 'cost'],
    sdk: false,
  },
  {
    name: 'store',
    files: ['src/store/'],
    what: 'The report bucket: keys, saved and streamed reports',
    mayImport: ['foundation', 'aws-clients', 'history'],
    sdk: true,
  },
  {
    name: 'securityhub',
    files: ['src/securityhub/'],
    what: 'Findings as ASFF; import into and archival in Security Hub through injected clients, paced and retried',
    mayImport: ['foundation', 'aws-clients', 'collect', 'history'],
    sdk: true,
  },
  {
    name: 'live-audit',
    files: ['src/audit-live.ts'],
    what: 'The live audit of one account: collect, then analyse',
    mayImport: ['foundation', 'snapshot', 'analysis', 'collect'],
    sdk: false,
  },
  {
    name: 'remediation',
    files: ['src/remediation/'],
    except: ['src/remediation/plan*.ts'],
    what: 'Applying a plan through an injected EC2 client, paced; verifying it',
    mayImport: [
      'foundation',
      'aws-clients',
      'snapshot',
      'analysis',
      'remediation-plan',
      'collect',
      'live-audit',
    ],
    sdk: true,
  },
  {
    name: 'accounts',
    files: ['src/accounts/'],
    what: 'The accounts of a multi-account run: selection, member credentials, the audit of each and the merge',
    mayImport: [
      'foundation',
      'aws-clients',
      'snapshot',
      'analysis',
      'collect',
      'cost',
      'history',
      'live-audit',
    ],
    sdk: true,
  },
  {
    name: 'config',
    files: ['src/config.ts'],
    what: 'The settings: the Lambda environment, validated at cold start ([configuration.md](configuration.md))',
    mayImport: ['foundation', 'options', 'cost', 'remediation-plan', 'remediation', 'accounts'],
    sdk: false,
  },
  {
    name: 'format',
    files: ['src/format/'],
    what: 'Reports, plans and diffs as table, JSON, Markdown, HTML, ASFF',
    mayImport: [
      'foundation',
      'analysis',
      'remediation-plan',
      'remediation',
      'history',
      'securityhub',
    ],
    sdk: false,
  },
  {
    name: 'publish',
    files: ['src/publish/'],
    what: 'SNS and CloudWatch',
    mayImport: [
      'foundation',
      'aws-clients',
      'remediation-plan',
      'remediation',
      'history',
      'config',
      'format',
    ],
    sdk: true,
  },
  {
    name: 'cli',
    files: ['src/cli/'],
    what: 'The command line ([cli.md](cli.md))',
    mayImport: CORE,
    sdk: true,
  },
  {
    name: 'lambda',
    files: ['src/lambda/', 'handlers/'],
    what: 'The Lambda adapters: parse the event and configuration, build the clients once, call the core',
    mayImport: CORE,
    sdk: true,
  },
];

/** Whether `file` (repository-relative, `/`-separated) is what `pattern` names. */
function matches(pattern, file) {
  if (pattern.endsWith('/')) return file.startsWith(pattern);
  if (!pattern.includes('*')) return file === pattern;
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${regex}$`).test(file);
}

/** Whether `file` is in `layer`. */
function holds(layer, file) {
  return (
    layer.files.some((pattern) => matches(pattern, file)) &&
    !(layer.except ?? []).some((pattern) => matches(pattern, file))
  );
}

/** Every layer that holds `file` (exactly one for every source file; a test checks it). */
function layersOf(file) {
  return LAYERS.filter((layer) => holds(layer, file));
}

/**
 * Why `from` may not import `target` (both repository-relative files), or undefined when it may.
 * A file in no layer is refused every import (and fails the test that every file has a layer).
 */
function fenceBetween(from, target) {
  if (/^(test|bench)\//.test(target)) {
    return `${from} may not import ${target}: sources import no test or benchmark code.`;
  }
  const [layer] = layersOf(from);
  if (layer === undefined) return `${from} is in no layer of scripts/layers.cjs.`;
  const [into] = layersOf(target);
  if (into === undefined || into === layer) return undefined;
  if (layer.mayImport.includes(into.name) || layer.mayImport.includes(target)) return undefined;
  return `The ${layer.name} layer may not import ${target} (the ${into.name} layer): see docs/architecture.md, the layers.`;
}

/** Why `from` may not import the package `specifier`, or undefined when it may. */
function packageFence(from, specifier) {
  const [layer] = layersOf(from);
  if (layer === undefined || layer.sdk || !/^@(aws-sdk|smithy)\//.test(specifier)) return undefined;
  return `The ${layer.name} layer is pure: no AWS SDK here (${specifier}); see docs/architecture.md.`;
}

/** The file a relative import names, as the compiler finds it (`.js` names the `.ts` source). */
function resolveImport(fromAbsolute, specifier) {
  const base = resolve(dirname(fromAbsolute), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return `${base}.ts`;
}

const repositoryPath = (absolute) => relative(ROOT, absolute).split(sep).join('/');

/** The eslint rule: every import of a source file must cross only the fences its layer opens. */
const fenceRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports keep the layers of scripts/layers.cjs' },
    schema: [],
    messages: { fence: '{{why}}' },
  },
  create(context) {
    const from = repositoryPath(context.filename);
    const check = (source) => {
      if (!source || typeof source.value !== 'string') return;
      const specifier = source.value;
      const why = specifier.startsWith('.')
        ? fenceBetween(from, repositoryPath(resolveImport(context.filename, specifier)))
        : packageFence(from, specifier);
      if (why !== undefined) context.report({ node: source, messageId: 'fence', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

/** The eslint plugin that carries the rule (`layers/fence`). */
const plugin = { meta: { name: 'layers' }, rules: { fence: fenceRule } };

/** One Markdown table, aligned as prettier aligns it. */
function markdownTable(header, rows) {
  const widths = header.map((_, column) =>
    Math.max(3, ...[header, ...rows].map((row) => row[column].length)),
  );
  const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

const code = (names) => names.map((name) => `\`${name.replace(/\/$/, '')}\``).join(', ');

/** The table of docs/architecture.md. */
function renderLayerTable() {
  const rows = LAYERS.map((layer) => {
    const files = code(layer.files) + (layer.except ? ` (not ${code(layer.except)})` : '');
    const notCore = LAYERS.slice(0, LAYERS.indexOf(layer)).filter(
      ({ name }) => !CORE.includes(name),
    );
    const imports =
      layer.mayImport === CORE
        ? `every layer above${notCore.map(({ name }) => ` but ${name}`).join('')}`
        : layer.mayImport.length === 0
          ? 'nothing'
          : layer.mayImport.map((name) => (name.includes('/') ? `\`${name}\`` : name)).join(', ');
    return [
      `**${layer.name}**`,
      files,
      layer.what,
      `${imports}${layer.sdk ? '; the AWS SDK' : ''}`,
    ];
  });
  return markdownTable(['Layer', 'Files', 'What it is', 'May import'], rows).join('\n');
}

const DOC = join(ROOT, 'docs', 'architecture.md');
const BEGIN = '<!-- layers:begin (printed from scripts/layers.cjs by `npm run docs:layers`) -->';
const END = '<!-- layers:end -->';

/** docs/architecture.md with its layer table printed afresh from the data above. */
function architectureDoc(text = readFileSync(DOC, 'utf8')) {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC} has no ${BEGIN} … ${END} section`);
  return `${text.slice(0, start + BEGIN.length)}\n\n${renderLayerTable()}\n\n${text.slice(end)}`;
}

module.exports = {
  LAYERS,
  layersOf,
  fenceBetween,
  packageFence,
  plugin,
  renderLayerTable,
  architectureDoc,
  ARCHITECTURE_DOC: DOC,
};

if (require.main === module) {
  writeFileSync(DOC, architectureDoc());
  console.error(`wrote ${DOC}`);
}
