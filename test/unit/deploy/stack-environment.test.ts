import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LAMBDA_FUNCTIONS, SETTING_LIST, settingsReadBy } from '../../../src/config';

interface FunctionDefinition {
  environment?: Record<string, unknown>;
}

interface ServerlessYml {
  params: { default: Record<string, unknown> };
  provider: { environment?: Record<string, unknown> };
  functions: (Record<string, FunctionDefinition> | string)[];
  custom: {
    organizationFunctions: Record<string, FunctionDefinition>;
    measureFunctions: Record<string, FunctionDefinition>;
  };
}

const yml = parse(readFileSync(join(__dirname, '..', '..', '..', 'serverless.yml'), 'utf8'), {
  // serverless.yml's ${...} references are plain strings to the YAML parser.
  strict: true,
}) as ServerlessYml;

/** Each function's definition, wherever serverless.yml declares it. */
function definitionOf(name: string): FunctionDefinition | undefined {
  for (const group of yml.functions) {
    if (typeof group !== 'string' && name in group) return group[name];
  }
  return yml.custom.organizationFunctions[name] ?? yml.custom.measureFunctions[name];
}

/** What a function's environment holds: the provider's, then its own. */
function environmentOf(name: string): Record<string, unknown> {
  return { ...yml.provider.environment, ...definitionOf(name)?.environment };
}

/** The value serverless.yml must give a setting's variable. */
function stackValue(variable: string): string | undefined {
  const stack = SETTING_LIST.find(({ setting }) => setting.variable === variable)?.setting.stack;
  return stack === undefined ? undefined : (stack.value ?? `\${param:${stack.parameter}}`);
}

describe('the environments of serverless.yml', () => {
  it.each(LAMBDA_FUNCTIONS)(
    'gives %s exactly the variables its settings say it reads, from their stack parameters',
    (name) => {
      // Prepare
      const expected = Object.fromEntries(
        settingsReadBy(name).map((setting) => [setting.variable, stackValue(setting.variable)]),
      );

      // Act
      const environment = environmentOf(name);

      // Assess
      expect(definitionOf(name)).toBeDefined();
      expect(environment).toEqual(expected);
    },
  );

  it('sets in the provider only what every function reads', () => {
    // Act
    const shared = Object.keys(yml.provider.environment ?? {});

    // Assess
    for (const variable of shared) {
      for (const name of LAMBDA_FUNCTIONS) {
        expect([name, settingsReadBy(name).map((s) => s.variable)]).toEqual([
          name,
          expect.arrayContaining([variable]),
        ]);
      }
    }
  });

  it('declares a default for every stack parameter a setting comes from', () => {
    // Act
    const missing = SETTING_LIST.map(({ setting }) => setting.stack?.parameter)
      .filter((parameter): parameter is string => parameter !== undefined)
      .filter((parameter) => !(parameter in yml.params.default));

    // Assess
    expect(missing).toEqual([]);
  });
});
