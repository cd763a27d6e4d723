/**
 * The documentation holds together: every relative link of README.md, CONTRIBUTING.md, docs/ and
 * bench/README.md reaches a file (and its `#anchor` a heading of that file), README stays short
 * enough to read, and the synopsis of docs/cli.md names exactly the options and formats `--help`
 * lists.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { runInMemory } from '../helpers';

const ROOT = join(__dirname, '..', '..');
const README_MAX_LINES = 250;

/** The markdown files whose links are checked. */
function documents(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(ROOT, 'docs', name));
  return [
    join(ROOT, 'README.md'),
    join(ROOT, 'CONTRIBUTING.md'),
    join(ROOT, 'bench', 'README.md'),
    ...docs,
  ];
}

/** Markdown without its fenced code blocks and inline code (their brackets are not links). */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The targets of the inline links `[text](target)` of a markdown text. */
function linkTargets(text: string): string[] {
  return [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slugOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a markdown file's headings (a repeated heading gets `-1`, `-2`… like GitHub's). */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  for (const match of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = slugOf(match[1] as string);
    let anchor = slug;
    for (let n = 1; anchors.has(anchor); n += 1) anchor = `${slug}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** Why a relative link of `file` does not resolve, or undefined when it does. */
function brokenLink(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:…
  const [path = '', anchor] = target.split('#');
  const destination = path === '' ? file : resolve(dirname(file), path);
  if (!existsSync(destination)) return `no file ${relative(ROOT, destination)}`;
  if (anchor === undefined || !destination.endsWith('.md')) return undefined;
  return anchorsOf(destination).has(anchor)
    ? undefined
    : `no heading #${anchor} in ${relative(ROOT, destination)}`;
}

/** The long options of each command in the synopsis block of docs/cli.md. */
function synopsisOptions(): Map<string, Set<string>> {
  const text = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
  const block = /^```\n([\s\S]*?)^```/m.exec(text)?.[1] ?? '';
  const options = new Map<string, Set<string>>();
  let current: string[] = [];
  for (const line of block.split('\n')) {
    const start = /^vpce-auditor ([a-z|]+)/.exec(line);
    if (start) current = (start[1] as string).split('|');
    for (const command of current) {
      const set = options.get(command) ?? new Set<string>();
      for (const match of line.matchAll(/--[a-z0-9-]+/g)) set.add(match[0]);
      options.set(command, set);
    }
  }
  return options;
}

/** The `--format` choices of each command in the synopsis block of docs/cli.md (`a|b|c`). */
function synopsisFormats(): Map<string, string[]> {
  const text = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');
  const block = /^```\n([\s\S]*?)^```/m.exec(text)?.[1] ?? '';
  const formats = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of block.split('\n')) {
    const start = /^vpce-auditor ([a-z|]+)/.exec(line);
    if (start) current = (start[1] as string).split('|');
    const choices = /--format ([a-z|]+)/.exec(line)?.[1];
    if (choices !== undefined)
      for (const command of current) formats.set(command, choices.split('|'));
  }
  return formats;
}

/** The `--format` choices `vpce-auditor COMMAND --help` lists. */
async function helpFormats(command: string): Promise<string[]> {
  const { stdout } = await runInMemory([command, '--help']);
  const help = stdout.replace(/\s+/g, ' ');
  const choices = /--format <format> [^(]*\(choices: ([^)]*?)(?:, default: [^)]*)?\)/.exec(
    help,
  )?.[1];
  return [...(choices ?? '').matchAll(/"([^"]+)"/g)].map((match) => match[1] as string);
}

/** The long options `vpce-auditor COMMAND --help` lists (bar `--help` itself). */
async function helpOptions(command: string): Promise<Set<string>> {
  const { stdout } = await runInMemory([command, '--help']);
  return new Set(
    [...stdout.matchAll(/^\s+(?:-\w, )?(--[a-z0-9-]+)/gm)]
      .map((match) => match[1] as string)
      .filter((option) => option !== '--help'),
  );
}

describe('the documentation', () => {
  it('keeps README.md within 250 lines', () => {
    // Prepare
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

    // Act
    const lines = readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0);

    // Assess
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('has every relative link resolve to a file, and every anchor to a heading of it', () => {
    // Prepare
    const files = documents();

    // Act
    const broken = files.flatMap((file) =>
      linkTargets(readFileSync(file, 'utf8')).flatMap((target) => {
        const why = brokenLink(file, target);
        return why === undefined ? [] : [`${relative(ROOT, file)}: (${target}) ${why}`];
      }),
    );

    // Assess
    expect(files.length).toBeGreaterThan(5);
    expect(broken).toEqual([]);
  });

  it('finds a broken link and a missing anchor when there is one', () => {
    // Prepare
    const readme = join(ROOT, 'README.md');

    // Act
    const missingFile = brokenLink(readme, 'docs/nowhere.md');
    const missingAnchor = brokenLink(readme, 'docs/cli.md#no-such-heading');
    const fine = brokenLink(readme, 'docs/cli.md#exit-codes');

    // Assess
    expect(missingFile).toBe('no file docs/nowhere.md');
    expect(missingAnchor).toBe('no heading #no-such-heading in docs/cli.md');
    expect(fine).toBeUndefined();
  });

  it.each(['audit', 'snapshot', 'remediate', 'diff', 'measure'])(
    'names in the synopsis of docs/cli.md exactly the options `%s --help` lists',
    async (command) => {
      // Prepare
      const documented = synopsisOptions().get(command);

      // Act
      const listed = await helpOptions(command);

      // Assess
      expect(listed.size).toBeGreaterThan(0);
      expect([...(documented ?? [])].sort()).toEqual([...listed].sort());
    },
  );

  it.each(['audit', 'remediate', 'diff', 'measure'])(
    'names in the synopsis of docs/cli.md exactly the formats `%s --help` offers',
    async (command) => {
      // Prepare
      const documented = synopsisFormats().get(command);

      // Act
      const offered = await helpFormats(command);

      // Assess
      expect(offered.length).toBeGreaterThan(1);
      expect(documented).toEqual(offered);
    },
  );
});
