/**
 * Prints the path kinds of docs/routing.md (the list between its `path-kinds` markers) from the
 * registry, src/path-kinds.ts: `npm run docs:paths`. A unit test fails while the file differs from
 * what this prints, so a new path kind is documented by the entry that declares it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATH_KINDS, PATH_ORDER, type Path } from '../src/path-kinds';

/** The page that holds the list. */
export const ROUTING_DOC = join(__dirname, '..', 'docs', 'routing.md');

const BEGIN = '<!-- path-kinds:begin (printed from src/path-kinds.ts by `npm run docs:paths`) -->';
const END = '<!-- path-kinds:end -->';

const REMEDIATION_WORDS = {
  default: 'remediation acts on it by default',
  'opt-in': 'remediation acts on it only when asked (`--include-paths`, `INCLUDE_PATHS`)',
  never: 'no gateway endpoint route can carry it: left to a person',
} as const;

/** One path kind as a list item: its name, label and, for a leak, severity, why and remediation. */
function item(path: Path): string {
  const kind = PATH_KINDS[path];
  const what = kind.leaking
    ? `a **leak**, severity ${kind.severity} (${kind.why}); ${REMEDIATION_WORDS[kind.remediation]}`
    : 'not a leak';
  return `${kind.rank + 1}. \`${path}\` (${kind.label}): ${what}.`;
}

/** The list of every path kind, worst first. */
export function renderPathKinds(): string {
  return PATH_ORDER.map(item).join('\n');
}

/** docs/routing.md with its list of path kinds printed afresh. */
export function routingDoc(text = readFileSync(ROUTING_DOC, 'utf8')): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${ROUTING_DOC} has no ${BEGIN} … ${END} section`);
  return `${text.slice(0, start + BEGIN.length)}\n\n${renderPathKinds()}\n\n${text.slice(end)}`;
}

if (require.main === module) {
  writeFileSync(ROUTING_DOC, routingDoc());
  console.error(`wrote ${ROUTING_DOC}`);
}
