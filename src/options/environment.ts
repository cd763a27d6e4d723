/**
 * The building blocks of an environment-variable schema (zod): blank means unset, a text parser of
 * {@link ./parsers} becomes a transform, and booleans are `true`/`false` in any case. The Lambda
 * configuration is built from these, so a variable and its command-line flag parse alike.
 */
import * as z from 'zod';
import { UserInputError } from '../errors';

/** Empty and blank variables count as unset (CloudFormation writes `""` for an absent value). */
export function unsetIfBlank(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/**
 * Wraps a parser that throws {@link UserInputError} (those of `src/options/parsers`) as a zod
 * transform: the parser's message, which names the variable and value, becomes the issue's whole
 * message (`params.full`).
 */
export function parsedWith<T>(parse: (value: string) => T) {
  return (value: string, context: z.RefinementCtx): T => {
    try {
      return parse(value.trim());
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      context.addIssue({ code: 'custom', message: error.message, params: { full: true } });
      return z.NEVER;
    }
  };
}

/** The text each variable schema built here takes when its variable is unset. */
const DEFAULT_TEXTS = new WeakMap<z.ZodType, string>();

/**
 * Records `text` as what the variable of `schema` means when it is unset (the text its default is
 * parsed from), so that the stack can write the same default ({@link defaultTextOf}).
 */
export function withDefaultText<S extends z.ZodType>(schema: S, text: string | undefined): S {
  if (text !== undefined) DEFAULT_TEXTS.set(schema, text);
  return schema;
}

/** The text a variable's schema defaults to (as written in an environment), if it has one. */
export function defaultTextOf(schema: z.ZodType): string | undefined {
  return DEFAULT_TEXTS.get(schema);
}

/** A variable parsed by `parse` (blank = `defaultValue` when given, else unset). */
export function parsedVariable<T>(parse: (value: string) => T): z.ZodType<T | undefined>;
export function parsedVariable<T>(parse: (value: string) => T, defaultValue: string): z.ZodType<T>;
export function parsedVariable<T>(parse: (value: string) => T, defaultValue?: string) {
  const text = z.string();
  return withDefaultText(
    z.preprocess(
      unsetIfBlank,
      defaultValue === undefined
        ? text.transform(parsedWith(parse)).optional()
        : text.default(defaultValue).transform(parsedWith(parse)),
    ),
    defaultValue,
  );
}

/** `true`/`false` in any case, as a boolean; blank = the default. */
export function booleanVariable(defaultValue: 'true' | 'false') {
  return withDefaultText(
    z
      .preprocess(
        (value) => {
          const blank = unsetIfBlank(value);
          return typeof blank === 'string' ? blank.trim().toLowerCase() : blank;
        },
        z.enum(['true', 'false']).default(defaultValue),
      )
      .transform((value) => value === 'true'),
    defaultValue,
  );
}

/** One of `values` in any case; blank = the default. */
export function enumVariable<const T extends readonly [string, ...string[]]>(
  values: T,
  defaultValue: T[number],
) {
  return withDefaultText(
    z.preprocess(
      (value) => {
        const blank = unsetIfBlank(value);
        return typeof blank === 'string' ? blank.trim().toLowerCase() : blank;
      },
      z.enum(values).default(defaultValue as never),
    ),
    defaultValue,
  );
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
  readonly schema: z.ZodType<T>;
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
