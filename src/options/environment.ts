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

/** A variable parsed by `parse` (blank = `defaultValue` when given, else unset). */
export function parsedVariable<T>(parse: (value: string) => T): z.ZodType<T | undefined>;
export function parsedVariable<T>(parse: (value: string) => T, defaultValue: string): z.ZodType<T>;
export function parsedVariable<T>(parse: (value: string) => T, defaultValue?: string) {
  const text = z.string();
  return z.preprocess(
    unsetIfBlank,
    defaultValue === undefined
      ? text.transform(parsedWith(parse)).optional()
      : text.default(defaultValue).transform(parsedWith(parse)),
  );
}

/** `true`/`false` in any case; blank = the default. */
export function booleanVariable(defaultValue: 'true' | 'false') {
  return z.preprocess(
    (value) => {
      const blank = unsetIfBlank(value);
      return typeof blank === 'string' ? blank.trim().toLowerCase() : blank;
    },
    z.enum(['true', 'false']).default(defaultValue),
  );
}

/** One of `values` in any case; blank = the default. */
export function enumVariable<const T extends readonly [string, ...string[]]>(
  values: T,
  defaultValue: T[number],
) {
  return z.preprocess(
    (value) => {
      const blank = unsetIfBlank(value);
      return typeof blank === 'string' ? blank.trim().toLowerCase() : blank;
    },
    z.enum(values).default(defaultValue as never),
  );
}
