/**
 * The shape every kind of output shares (reports, remediation plans, report diffs): a registry of
 * formats by the name `--format` takes, each rendering its subject to text. The CLI's choices are the
 * registry's keys, so adding a format is one entry.
 */

/**
 * What a format makes: the whole text, or a maker of its pieces, written as they are made (a large
 * report never exists as one string). The pieces may be small (a line each): the writers pack them.
 * Calling the maker again makes the pieces again.
 */
export type Rendered = string | (() => Iterable<string>);

/** One format of a subject `S` rendered with options `O`. */
export interface FormatEntry<S, O> {
  /** What the format is for, in a few words (the help and docs/cli.md). */
  readonly summary: string;
  /** Renders the subject; strings that came from AWS are made safe by the format itself. */
  readonly render: (subject: S, options: O) => Rendered;
}

/** The formats of one kind of output, by name, in the order the help lists them. */
export type FormatRegistry<S, O> = Readonly<Record<string, FormatEntry<S, O>>>;

/** The names of a registry's formats, in its order: the `--format` choices. */
export function formatNames<R extends FormatRegistry<never, never>>(
  registry: R,
): readonly (keyof R & string)[] {
  return Object.keys(registry) as (keyof R & string)[];
}

/** The text of a rendering as one string (for the callers that need it whole). */
export function renderedText(rendered: Rendered): string {
  return typeof rendered === 'string' ? rendered : [...rendered()].join('');
}

/** Renders `subject` with the format `name` of a registry. */
export function renderWith<S, O>(
  registry: FormatRegistry<S, O>,
  name: string,
  subject: S,
  options: O,
): Rendered {
  const entry = registry[name];
  if (entry === undefined) throw new Error(`no format "${name}"`);
  return entry.render(subject, options);
}
