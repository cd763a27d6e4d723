/** The JSON report (docs/report.md), as text. */
import type { FamilyVerdict, Report, ServiceVerdict, SubnetReport } from '../types';
import { jsonSafe } from './safe-text';

/** How many `services` texts the writer keeps: enough for the tables of a few VPCs at a time. */
const SERVICES_TEXTS_KEPT = 256;
/** What stands in for a subnet's services while the rest of its line is made. */
const SERVICES_PLACEHOLDER = '"services":0';

/**
 * True when the object is a plain one (no `toJSON` of a class) whose enumerable keys are exactly
 * these, in this order: what `JSON.stringify` writes of it.
 */
function hasKeys(object: object, keys: readonly string[]): boolean {
  if (Object.getPrototypeOf(object) !== Object.prototype) return false;
  let at = 0;
  for (const key in object) {
    if (key !== keys[at]) return false;
    at += 1;
  }
  return at === keys.length;
}

const FAMILY_KEYS = ['path', 'leaking', 'targets', 'leakingCidrs'];
const SERVICE_KEYS = [...FAMILY_KEYS, 'families'];
const IPV4_ONLY = ['ipv4'];

/**
 * The text of a service's verdict. A subnet with one address family (most of them) has a service
 * verdict that repeats its `ipv4` verdict, same fields, same lists, plus `families`: the family's
 * text is then made once and written twice, which halves the making of the `services` texts.
 * Anything else is written by `JSON.stringify`, which gives the same text.
 */
function serviceVerdictText(verdict: ServiceVerdict): string {
  const family: FamilyVerdict | undefined = verdict.families?.ipv4;
  if (
    family !== undefined &&
    verdict.path === family.path &&
    verdict.leaking === family.leaking &&
    verdict.targets === family.targets &&
    verdict.leakingCidrs === family.leakingCidrs &&
    hasKeys(verdict, SERVICE_KEYS) &&
    hasKeys(verdict.families as object, IPV4_ONLY) &&
    hasKeys(family, FAMILY_KEYS)
  ) {
    const text = jsonSafe(JSON.stringify(family));
    return `${text.slice(0, -1)},"families":{"ipv4":${text}}}`;
  }
  return jsonSafe(JSON.stringify(verdict));
}

/** The text of a subnet's `services` (see {@link serviceVerdictText}). */
function servicesText(services: SubnetReport['services']): string {
  if (Object.getPrototypeOf(services) !== Object.prototype)
    return jsonSafe(JSON.stringify(services));
  const parts: string[] = [];
  for (const name in services) {
    const verdict = services[name as keyof typeof services];
    // An undefined value is left out by JSON, and anything unusual is written by it whole.
    if (typeof verdict !== 'object' || verdict === null || 'toJSON' in verdict) {
      return jsonSafe(JSON.stringify(services));
    }
    parts.push(`${jsonSafe(JSON.stringify(name))}:${serviceVerdictText(verdict)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Makes the subnets' lines. The analysis hands the subnets of a route table one `services` object
 * (nine tenths of a subnet's line), and the subnets of a VPC are next to each other in a report, so
 * the text of each `services` object is made once and kept for the next subnets: the rest of the line
 * is made with a placeholder in its place (same key order), and the kept text is put there. The
 * placeholder cannot be found anywhere else: the other fields are not objects, and in a JSON string
 * every `"` is escaped. Same text as `jsonSafe(JSON.stringify(subnet))` (`jsonSafe` replaces single
 * characters, so it can be applied to the parts).
 */
class SubnetLines {
  private readonly texts = new Map<object, string>();

  public json(subnet: SubnetReport): string {
    const { services } = subnet;
    if (typeof services !== 'object' || services === null || 'toJSON' in subnet) {
      return jsonSafe(JSON.stringify(subnet));
    }
    let text = this.texts.get(services);
    if (text === undefined) {
      text = servicesText(services);
      if (this.texts.size >= SERVICES_TEXTS_KEPT) this.texts.clear();
      this.texts.set(services, text);
    }
    const rest = jsonSafe(JSON.stringify({ ...subnet, services: 0 }));
    const at = rest.indexOf(SERVICES_PLACEHOLDER) + SERVICES_PLACEHOLDER.length - 1;
    return `${rest.slice(0, at)}${text}${rest.slice(at + 1)}`;
  }
}

/**
 * Serialises a report line by line: one top-level field per line, and one line per element of its
 * arrays (subnets, findings, errors…), each element compact. As readable and as diff-friendly as
 * indented JSON, a third of its size, and quicker to write: indenting every level made a 100 000-subnet
 * report 158 MB, against 64 MB for the snapshot it came from.
 *
 * Each line (its `\n` included) is made when it is asked for, so that a large report is written
 * without ever existing as one string; the writers pack the lines into large buffers (src/cli/io.ts),
 * which is much cheaper than gluing them into large strings first.
 */
export function* jsonReportLines(report: Report): Generator<string, void, undefined> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  yield '{\n';
  for (let index = 0; index < entries.length; index += 1) {
    const [key, value] = entries[index] as [string, unknown];
    const comma = index < entries.length - 1 ? ',' : '';
    const name = jsonSafe(JSON.stringify(key));
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${name}: [\n`;
      const last = value.length - 1;
      const subnets = key === 'subnets' ? new SubnetLines() : undefined;
      for (let at = 0; at <= last; at += 1) {
        const element: unknown = value[at];
        const json = subnets
          ? subnets.json(element as SubnetReport)
          : jsonSafe(JSON.stringify(element));
        yield `    ${json}${at < last ? ',' : ''}\n`;
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${name}: ${jsonSafe(JSON.stringify(value))}${comma}\n`;
    }
  }
  yield '}\n';
}

/** Serialises a report as one string (see {@link jsonReportLines} for the layout). */
export function formatJson(report: Report): string {
  return [...jsonReportLines(report)].join('');
}
