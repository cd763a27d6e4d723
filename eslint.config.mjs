// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/*
 * The layers of the code and what each may not import (docs/architecture.md draws them). Imports
 * are matched by module path, so an import through any relative path is caught. Each entry is
 * complete for its files: eslint does not merge two settings of one rule, so no two entries may
 * match the same file.
 */
const moduleNamed = (name, why) => ({ regex: `(^|/)${name}(/|$)`, message: why });
const AWS_SDK = (layer) => ({
  group: ['@aws-sdk/*', '@smithy/*'],
  message: `${layer} is pure: no AWS SDK here (see docs/architecture.md).`,
});
const SHELL = ['cli', 'lambda', 'handlers', 'audit-live'];
const below = (layer, names) =>
  names.map((name) =>
    moduleNamed(name, `${layer} may not import ${name} (see docs/architecture.md for the layers).`),
  );

/** Files → the modules they may not import. */
const LAYERS = [
  {
    // The foundation: names, CIDR math, error classes and shared types import nothing above them.
    files: [
      'src/net/**/*.ts',
      'src/types.ts',
      'src/path-kinds.ts',
      'src/errors.ts',
      'src/aws-errors.ts',
      'src/validation.ts',
      'src/json-file.ts',
      'src/json-limits.ts',
    ],
    patterns: [
      AWS_SDK('The foundation'),
      ...below('The foundation', [
        ...SHELL,
        'snapshot',
        'analysis',
        'collect',
        'remediation',
        'cost',
        'publish',
        'format',
        'config',
        'options',
      ]),
    ],
  },
  {
    files: ['src/snapshot/**/*.ts'],
    patterns: [
      AWS_SDK('src/snapshot'),
      ...below('src/snapshot', [
        ...SHELL,
        'analysis',
        'collect',
        'remediation',
        'cost',
        'publish',
        'format',
        'config',
        'options',
      ]),
    ],
  },
  {
    files: ['src/analysis/**/*.ts'],
    patterns: [
      AWS_SDK('src/analysis'),
      ...below('src/analysis', [
        ...SHELL,
        'collect',
        'remediation',
        'cost',
        'publish',
        'format',
        'config',
        'options',
      ]),
    ],
  },
  {
    // Remediation planning is pure like the analysis; apply, verify and the live run are the shell.
    files: ['src/remediation/plan*.ts'],
    patterns: [
      AWS_SDK('Remediation planning'),
      ...below('Remediation planning', [
        ...SHELL,
        'collect',
        'cost',
        'publish',
        'format',
        'config',
        'options',
      ]),
      {
        regex: '^\\./(apply|verify|remediate-live|pacing|logger)$',
        message: 'Remediation planning is pure: it may not import the code that calls AWS.',
      },
    ],
  },
  {
    files: ['src/remediation/**/*.ts'],
    ignores: ['src/remediation/plan*.ts'],
    patterns: below('src/remediation', [
      ...SHELL.filter((name) => name !== 'audit-live'),
      'publish',
      'format',
      'config',
      'options',
    ]),
  },
  {
    files: ['src/collect/**/*.ts'],
    patterns: below('src/collect', [
      ...SHELL,
      'analysis',
      'remediation',
      'cost',
      'publish',
      'format',
      'config',
      'options',
    ]),
  },
  {
    files: ['src/cost/**/*.ts'],
    patterns: below('src/cost', [
      ...SHELL,
      'analysis',
      'collect',
      'remediation',
      'publish',
      'format',
      'config',
      'options',
    ]),
  },
  {
    // Parsers of user text, shared by the command line and the Lambda configuration: they read the
    // vocabularies (services, regions, paths, the cost bounds) and nothing that runs.
    files: ['src/options/**/*.ts'],
    patterns: [
      AWS_SDK('src/options'),
      ...below('src/options', [
        ...SHELL,
        'analysis',
        'collect',
        'publish',
        'format',
        'config',
        'snapshot',
      ]),
      {
        regex: '(^|/)(cost|remediation)$',
        message: 'src/options imports single pure files, not a barrel.',
      },
      {
        regex: '(^|/)remediation/(?!plan-types$)',
        message: 'src/options reads only the vocabulary of remediation (plan-types).',
      },
      {
        regex: '(^|/)cost/(?!metric-window$|nat-prices$)',
        message: 'src/options reads only the cost bounds (metric-window, nat-prices).',
      },
    ],
  },
  {
    // Finding history: pure, a report (and the previous one) in, a report out.
    files: ['src/history/**/*.ts'],
    patterns: [
      AWS_SDK('src/history'),
      ...below('src/history', [...SHELL, 'collect', 'remediation', 'publish', 'config', 'options']),
    ],
  },
  {
    // Security Hub: the ASFF mapping and the import/archival through injected clients.
    files: ['src/securityhub/**/*.ts'],
    patterns: below('src/securityhub', [...SHELL, 'remediation', 'publish', 'config']),
  },
  {
    // The accounts of a multi-account run: selection, member credentials, the per-account audit
    // and the merge. Below the command line and the Lambdas; reports are formatted above it.
    files: ['src/accounts/**/*.ts'],
    patterns: below('src/accounts', [
      ...SHELL.filter((name) => name !== 'audit-live'),
      'publish',
      'format',
      'config',
      'options',
    ]),
  },
  {
    files: ['src/config.ts'],
    patterns: below('src/config.ts', [...SHELL, 'analysis', 'collect', 'publish', 'format']),
  },
  {
    files: ['src/format/**/*.ts'],
    patterns: [
      AWS_SDK('src/format'),
      ...below('src/format', [...SHELL, 'collect', 'publish', 'config', 'options', 'cost']),
    ],
  },
  {
    files: ['src/publish/**/*.ts'],
    patterns: below('src/publish', [...SHELL, 'collect', 'analysis']),
  },
  {
    // Finding history (new, persisting, resolved) is pure: two reports in, one report out.
    files: ['src/history/**/*.ts'],
    patterns: [
      AWS_SDK('src/history'),
      ...below('src/history', [
        ...SHELL,
        'collect',
        'remediation',
        'publish',
        'format',
        'config',
        'options',
      ]),
    ],
  },
  {
    files: ['src/securityhub/**/*.ts', 'src/store/**/*.ts'],
    patterns: below('Security Hub and the report store', [
      ...SHELL,
      'analysis',
      'remediation',
      'cost',
      'format',
      'config',
      'options',
    ]),
  },
  {
    // Accounts of an organization: the live audit run per account (a part of the shell's engine).
    files: ['src/accounts/**/*.ts', 'src/audit-live.ts'],
    patterns: below('The live audit', ['cli', 'lambda', 'handlers', 'publish', 'format']),
  },
  {
    files: ['src/cli/**/*.ts'],
    patterns: below('src/cli', ['lambda', 'handlers']),
  },
  {
    files: ['src/lambda/**/*.ts', 'handlers/**/*.ts'],
    patterns: below('The Lambda side', ['cli']),
  },
];

function layerRules() {
  return LAYERS.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...patterns,
            moduleNamed('test', 'Sources may not import tests or their stand-ins.'),
            moduleNamed('bench', 'Sources may not import benchmarks.'),
          ],
        },
      ],
    },
  }));
}

/** Tests may use the benchmarks' generators, never the reverse: bench imports test/support. */
const TEST_SUPPORT_RULES = {
  files: ['test/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          moduleNamed(
            'bench',
            'Tests may not import benchmarks; shared code lives in test/support or test/helpers.',
          ),
        ],
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'coverage/', '.serverless/', '.esbuild/', 'bench/.out/'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...layerRules(),
  {
    files: ['src/**/*.ts', 'handlers/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message:
            "Write import * as z from 'zod': the named z is zod's whole namespace object, which bundles every locale.",
        },
        {
          // No call may hang a run: every client gets the timeouts of awsClientSettings().
          selector:
            "NewExpression[callee.name=/Client$/][callee.name!='Client']:not(:has(CallExpression[callee.name='awsClientSettings'])):not(:has(Identifier[name='settings']))",
          message:
            'Build AWS clients with ...awsClientSettings() (src/aws-client-settings.ts): without its timeouts a hung call hangs the run.',
        },
      ],
    },
  },
  TEST_SUPPORT_RULES,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
