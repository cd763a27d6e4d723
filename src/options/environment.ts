/**
 * The building blocks of the environment's settings: how a variable's text becomes its value. Blank
 * means unset, a text parser of {@link ./parsers} does the conversion, and booleans and enumerations
 * are taken in any case. The Lambda configuration is built from these, so a variable and its
 * command-line flag parse alike.
 *
 * Plain functions rather than a validation library's schemas: every program reads its settings at
 * start, and loading zod and building its schemas for forty variables took about 20 ms of the 60 ms
 * of CPU the CLI's own start-up cost (`--version`); the checks themselves are a few lines each.
 */
import { UserInputError } from '../errors';
import { describeValue } from '../validation';

/** Empty and blank variables count as unset (CloudFormation writes `""` for an absent value). */
export function unsetIfBlank(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/**
 * How one variable's text becomes its value (the default included).
 *
 * @typeParam T the converted value; `undefined` when the variable may be unset
 */
export interface VariableSchema<T> {
  /**
   * The value of the variable's text (unset or blank: the default, or `undefined`).
   *
   * @param text - the variable's text as the environment holds it
   * @param variable - the variable's name, for the message
   * @throws UserInputError naming the variable and its value when the text is not valid
   */
  parse(text: string | undefined, variable: string): T;
  /** The text the variable means when it is unset (its default as written in an environment). */
  readonly defaultText?: string;
}

/** A variable parsed by `parse` (blank = `defaultValue` when given, else unset). */
export function parsedVariable<T>(parse: (value: string) => T): VariableSchema<T | undefined>;
export function parsedVariable<T>(
  parse: (value: string) => T,
  defaultValue: string,
): VariableSchema<T>;
export function parsedVariable<T>(
  parse: (value: string) => T,
  defaultValue?: string,
): VariableSchema<T | undefined> {
  return {
    parse(text) {
      const value = unsetIfBlank(text) === undefined ? defaultValue : text;
      return value === undefined ? undefined : parse(value.trim());
    },
    ...(defaultValue === undefined ? {} : { defaultText: defaultValue }),
  };
}

/**
 * A variable whose value is one of `values` in any case (blank = the default).
 *
 * @throws UserInputError `NAME: "text" is not one of "a", "b"` (each choice as JSON)
 */
export function enumVariable<const T extends readonly [string, ...string[]]>(
  values: T,
  defaultValue: T[number],
): VariableSchema<T[number]> {
  return {
    parse(text, variable) {
      if (unsetIfBlank(text) === undefined) return defaultValue;
      const value = (text as string).trim().toLowerCase();
      const found = values.find((choice) => choice === value);
      if (found === undefined) {
        throw new UserInputError(
          `${variable}: ${describeValue(text)} is not one of ${values.map((choice) => describeValue(choice)).join(', ')}`,
        );
      }
      return found;
    },
    defaultText: defaultValue,
  };
}

/** `true`/`false` in any case, as a boolean; blank = the default. */
export function booleanVariable(defaultValue: 'true' | 'false'): VariableSchema<boolean> {
  const choice = enumVariable(['true', 'false'], defaultValue);
  return {
    parse: (text, variable) => choice.parse(text, variable) === 'true',
    defaultText: defaultValue,
  };
}

/** What a text variable asks of its value: a test and what the message says when it fails. */
export interface TextRule {
  /** True when the (trimmed) value is acceptable. */
  test(value: string): boolean;
  /** The end of the message: `NAME: "value" <message>`. */
  message: string;
}

/** A text variable, trimmed, checked by `rules` in order (blank = `defaultValue` when given, else unset). */
export function textVariable(rules: readonly TextRule[]): VariableSchema<string | undefined>;
export function textVariable(
  rules: readonly TextRule[],
  defaultValue: string,
): VariableSchema<string>;
export function textVariable(
  rules: readonly TextRule[],
  defaultValue?: string,
): VariableSchema<string | undefined> {
  return {
    parse(text, variable) {
      if (unsetIfBlank(text) === undefined) return defaultValue;
      const value = (text as string).trim();
      const broken = rules.find((rule) => !rule.test(value));
      if (broken) throw new UserInputError(`${variable}: ${describeValue(text)} ${broken.message}`);
      return value;
    },
    ...(defaultValue === undefined ? {} : { defaultText: defaultValue }),
  };
}

/** A rule that the value matches `pattern`. */
export function matches(pattern: RegExp, message: string): TextRule {
  return { test: (value) => pattern.test(value), message };
}

/**
 * `schema` with `value` for an unset variable, where the environment has no text for it (an empty
 * list: the stack's default stays empty).
 */
export function unsetAs<T, U>(
  schema: VariableSchema<T | undefined>,
  value: U,
): VariableSchema<T | U> {
  return {
    parse: (text, variable) => schema.parse(text, variable) ?? value,
    ...(schema.defaultText === undefined ? {} : { defaultText: schema.defaultText }),
  };
}

/** Where the stack (serverless.yml) takes a setting's value from. */
export interface StackSource {
  /** The stack parameter (`--param="<parameter>=…"`) the value comes from. */
  parameter: string;
  /** The value serverless.yml gives the variable when it is not `${param:<parameter>}`. */
  value?: string;
  /**
   * The parameter's default when it is not the setting's own (the text its schema defaults to, or
   * empty when it has none).
   */
  default?: string;
}

/**
 * One setting: an environment variable, how it is validated and converted (its default included),
 * what it means, where the stack takes it from and which programs read it.
 *
 * @typeParam T the converted value (the configuration's field)
 * @typeParam R the names of the programs that read settings
 */
export interface Setting<T, R extends string = string> {
  readonly kind: 'setting';
  /** The environment variable. */
  readonly variable: string;
  /** Validation, default and conversion of the variable's text (unset = `undefined`). */
  readonly schema: VariableSchema<T>;
  /** What the setting does, in Markdown (the configuration reference prints it). */
  readonly doc: string;
  /** The stack parameter that sets it; absent = the stack does not set it. */
  readonly stack?: StackSource;
  /** The programs that read it: each gets this variable and no other program does. */
  readonly readBy: readonly R[];
}

/** A tree of settings: the shape of the configuration they make. */
export interface SettingsTree {
  readonly [key: string]: Setting<unknown> | SettingsTree;
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type ValueOf<S> = S extends Setting<infer T> ? T : S extends SettingsTree ? ConfigOf<S> : never;
type OptionalKeys<T> = {
  [K in keyof T]: undefined extends ValueOf<T[K]> ? K : never;
}[keyof T];

/**
 * The configuration a tree of settings makes: each setting is a field of its converted type, each
 * subtree an object; a setting whose value may be unset is an optional field.
 */
export type ConfigOf<T> = Simplify<
  { [K in Exclude<keyof T, OptionalKeys<T>>]: ValueOf<T[K]> } & {
    [K in OptionalKeys<T>]?: Exclude<ValueOf<T[K]>, undefined>;
  }
>;

/** Declares a setting (see {@link Setting}). */
export function setting<T, R extends string>(entry: Omit<Setting<T, R>, 'kind'>): Setting<T, R> {
  return { kind: 'setting', ...entry };
}

function isSetting(node: Setting<unknown> | SettingsTree): node is Setting<unknown> {
  return (node as Setting<unknown>).kind === 'setting';
}

/** A setting of a tree with the path of its field in the configuration. */
export interface PlacedSetting {
  path: readonly string[];
  setting: Setting<unknown>;
}

/** Every setting of a tree, in the tree's order, with its path. */
export function settingsOf(tree: SettingsTree, prefix: readonly string[] = []): PlacedSetting[] {
  return Object.entries(tree).flatMap(([key, node]) =>
    isSetting(node)
      ? [{ path: [...prefix, key], setting: node }]
      : settingsOf(node, [...prefix, key]),
  );
}

/**
 * Builds the configuration of a tree from the converted values by variable: unset values leave
 * their field out.
 */
export function configOf<T extends SettingsTree>(
  tree: T,
  values: Readonly<Record<string, unknown>>,
): ConfigOf<T> {
  const build = (node: SettingsTree): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      const value = isSetting(child) ? values[child.variable] : build(child);
      if (value !== undefined) result[key] = value;
    }
    return result;
  };
  return build(tree) as ConfigOf<T>;
}
