// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import layers from './scripts/layers.cjs';

/*
 * The layers of the code and what each may import live in scripts/layers.cjs (docs/architecture.md
 * prints its table from there): its `layers/fence` rule resolves every import of a source file and
 * refuses one that crosses a fence its layer does not open.
 */
const moduleNamed = (name, why) => ({ regex: `(^|/)${name}(/|$)`, message: why });

const LAYER_RULES = {
  files: ['src/**/*.ts', 'handlers/**/*.ts'],
  plugins: { layers: layers.plugin },
  rules: { 'layers/fence': 'error' },
};

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
  LAYER_RULES,
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
  {
    // The publishing and Lambda layers pass more than three things as one options object, so a
    // call names what it passes (docs/architecture.md).
    files: ['src/publish/**/*.ts', 'src/lambda/**/*.ts'],
    rules: { 'max-params': ['error', 3] },
  },
  TEST_SUPPORT_RULES,
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
