/**
 * serverless.yml takes every function's environment and the defaults of the parameters the
 * settings come from out of the settings (deploy/stack-settings.js runs src/config.ts): nothing of
 * a setting is written in serverless.yml by hand.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  environmentsOf,
  parameterDefaultsOf,
  type SettingsModule,
} from '../../../deploy/stack-settings';
import * as config from '../../../src/config';
import {
  LAMBDA_FUNCTIONS,
  SETTING_LIST,
  checkEnvironment,
  settingsReadBy,
  stackParameterDefaults,
} from '../../../src/config';

interface FunctionDefinition {
  environment?: unknown;
}

interface ServerlessYml {
  params: { default: unknown };
  provider: { environment?: unknown };
  functions: (Record<string, FunctionDefinition> | string)[];
  custom: {
    stackParameters: Record<string, unknown>;
    organizationFunctions: Record<string, FunctionDefinition>;
    measureFunctions: Record<string, FunctionDefinition>;
  };
}

const ROOT = join(__dirname, '..', '..', '..');
const DEPLOY = join(ROOT, 'deploy');
const YML_TEXT = readFileSync(join(ROOT, 'serverless.yml'), 'utf8');
// serverless.yml's ${...} references are plain strings to the YAML parser.
const yml = parse(YML_TEXT, { strict: true }) as ServerlessYml;
const settings: SettingsModule = config;

/** Each function's definition, wherever serverless.yml declares it. */
function definitionOf(name: string): FunctionDefinition | undefined {
  for (const group of yml.functions) {
    if (typeof group !== 'string' && name in group) return group[name];
  }
  return yml.custom.organizationFunctions[name] ?? yml.custom.measureFunctions[name];
}

describe('the environments of serverless.yml', () => {
  it.each(LAMBDA_FUNCTIONS)('takes the environment of %s from its settings', (name) => {
    // Act
    const environment = definitionOf(name)?.environment;

    // Assess
    expect(environment).toBe(`\${file(./deploy/stack-settings.js):environments.${name}}`);
  });

  it('sets nothing in the provider, where every function would read it', () => {
    // Act
    const shared = yml.provider.environment;

    // Assess
    expect(shared).toBeUndefined();
  });

  it.each(LAMBDA_FUNCTIONS)(
    'gives %s exactly the variables its settings say it reads and the stack sets, from their stack parameters',
    (name) => {
      // Prepare: the settings the stack sets (the AWS clients' timeouts are for tests)
      const expected = settingsReadBy(name)
        .filter((setting) => setting.stack !== undefined)
        .map((setting) => setting.variable)
        .sort();

      // Act
      const environment = environmentsOf(settings)[name] ?? {};

      // Assess
      expect(Object.keys(environment).sort()).toEqual(expected);
      expect(environment.REPORT_BUCKET).toBe('${self:custom.reportBucketName}');
    },
  );

  it('reads a setting with its own stack value through it, and the others through their parameter', () => {
    // Act
    const audit = environmentsOf(settings).audit ?? {};
    const measure = environmentsOf(settings).measure ?? {};

    // Assess
    expect(audit.SNS_TOPIC_ARN).toBe('${self:custom.topicArn}');
    expect(audit.COST_DAYS).toBe('${param:costDays}');
    expect(measure.DELIVERY_ROLE_ARN).toBe('${self:custom.measureDeliveryRoleArn}');
    expect(measure.MEASURE_MINUTES).toBe('${param:measureMinutes}');
  });
});

describe('the stack parameters of serverless.yml', () => {
  it('takes every default from the settings and custom.stackParameters', () => {
    // Act
    const defaults = yml.params.default;

    // Assess
    expect(defaults).toBe('${file(./deploy/stack-settings.js):parameterDefaults}');
  });

  it('has a default for every parameter it refers to, and none for a parameter it never uses', () => {
    // Prepare: serverless.yml's references (comments aside) and those of its deploy/*.js sources
    const scripts = readdirSync(DEPLOY)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(DEPLOY, file), 'utf8'))
      .join('\n');
    const referred = new Set([
      ...[...YML_TEXT.replace(/^\s*#.*$/gm, '').matchAll(/\$\{param:(\w+)\}/g)].map((m) => m[1]),
      ...[...scripts.matchAll(/resolveVariable\('param:(\w+)'\)/g)].map((m) => m[1]),
    ]);
    for (const { setting } of SETTING_LIST) {
      if (setting.stack) referred.add(setting.stack.parameter);
    }

    // Act
    const declared = Object.keys(parameterDefaultsOf(settings, yml.custom.stackParameters));

    // Assess
    expect(declared.sort()).toEqual([...referred].sort());
  });

  it("defaults a setting's parameter to the setting's own default unless the stack names its own", () => {
    // Act
    const defaults = stackParameterDefaults();

    // Assess: the text the schema parses when unset; notify is the stack's own choice
    expect(defaults).toMatchObject({
      regions: 'all',
      costDays: '14',
      costEstimate: 'true',
      metricsNamespace: 'VpceAuditor',
      memberRoleName: 'vpce-auditor-member',
      natPricePerGb: '',
      notify: 'on-change',
    });
  });

  it('has defaults every function accepts', () => {
    // Prepare: the environment the defaults make, by variable, with what the stack creates
    const defaults = stackParameterDefaults();
    const env = {
      ...Object.fromEntries(
        SETTING_LIST.flatMap(({ setting }) =>
          setting.stack && setting.stack.value === undefined
            ? [[setting.variable, defaults[setting.stack.parameter]]]
            : [],
        ),
      ),
      SNS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:vpce-auditor-alerts',
      REPORT_BUCKET: 'vpce-auditor-reports',
      DELIVERY_ROLE_ARN: 'arn:aws:iam::111122223333:role/vpce-auditor-delivery',
    };

    // Act
    const checked = LAMBDA_FUNCTIONS.map((name) => checkEnvironment(env, name).problems);

    // Assess
    expect(checked.flat()).toEqual([]);
  });

  it('refuses a parameter declared both by a setting and by custom.stackParameters', () => {
    // Act
    const clash = () => parameterDefaultsOf(settings, { schedule: 'rate(1 day)', costDays: '7' });

    // Assess
    expect(clash).toThrow('custom.stackParameters: costDays comes from a setting (src/config.ts)');
  });
});
