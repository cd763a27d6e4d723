/**
 * The one registry of path kinds: every way traffic from a subnet to a service can leave (or not
 * leave) the VPC, declared once with everything the rest of the code needs to know about it (its
 * rank in the routing rules' order, whether it leaks, its severity, its words in reports and
 * diagrams, whether remediation acts on it by default). Everything else (the order, the leaking
 * list, the severity table, the labels, the remediation lists) is derived from {@link PATH_KINDS}:
 * adding a path kind is one entry here, which the compiler forces to be complete.
 *
 * The order is the routing rules' (docs/routing.md): where paths are compared (the address
 * families into a service, the services into a subnet's worst path, VPCs and findings), the path of
 * lower rank is the worse one.
 */

/** How bad a leak is: high when paid per GB, medium when hairpinned, low when merely public. */
export type Severity = 'high' | 'medium' | 'low';

/** The severities, worst first. */
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

/**
 * Whether remediation (a gateway endpoint route on the table) acts on a leaking path: `default`
 * (paid or public egress no inspection appliance needs), `opt-in` (the traffic may pass through
 * central inspection: only when asked), `never` (no gateway endpoint route can carry it: the
 * finding is left to a person).
 */
export type RemediationDefault = 'default' | 'opt-in' | 'never';

/** What every path kind declares. */
interface PathKindBase {
  /** Its place in the routing rules' order: 0 is the worst. Unique and contiguous. */
  rank: number;
  /** Its name in a sentence: `leaves through <label> nat-0abc`. */
  label: string;
  /** The second line of its box in the VPC diagram. */
  diagramWord: string;
}

/** A path that is a leak: traffic a gateway endpoint would carry for free takes another way. */
export interface LeakingPathKind extends PathKindBase {
  leaking: true;
  severity: Severity;
  /** Why it matters, in a few words (the parenthesis of a finding's reason). */
  why: string;
  remediation: RemediationDefault;
}

/** A path that is not a leak (an endpoint carries it, it is dropped, or it cannot be told). */
export interface ContainedPathKind extends PathKindBase {
  leaking: false;
}

/** One path kind's declaration. */
export type PathKind = LeakingPathKind | ContainedPathKind;

const KINDS = {
  'nat-gateway': {
    rank: 0,
    leaking: true,
    severity: 'high',
    label: 'NAT gateway',
    why: 'billed per GB processed',
    diagramWord: 'NAT gateway',
    remediation: 'default',
  },
  'nat-instance': {
    rank: 1,
    leaking: true,
    severity: 'high',
    label: 'NAT instance',
    why: 'instance and transfer costs',
    diagramWord: 'NAT instance',
    remediation: 'default',
  },
  'transit-gateway': {
    rank: 2,
    leaking: true,
    severity: 'high',
    label: 'transit gateway',
    why: 'billed per GB by the transit gateway',
    diagramWord: 'transit gateway',
    remediation: 'opt-in',
  },
  'virtual-private-gateway': {
    rank: 3,
    leaking: true,
    severity: 'medium',
    label: 'virtual private gateway',
    why: 'hairpins through the VPN',
    diagramWord: 'VPN gateway',
    remediation: 'opt-in',
  },
  other: {
    rank: 4,
    leaking: true,
    severity: 'medium',
    label: 'non-endpoint target',
    why: 'not a gateway endpoint',
    diagramWord: 'other target',
    remediation: 'opt-in',
  },
  'internet-gateway': {
    rank: 5,
    leaking: true,
    severity: 'low',
    label: 'internet gateway',
    why: 'public endpoints',
    diagramWord: 'internet gateway',
    remediation: 'default',
  },
  'egress-only-internet-gateway': {
    rank: 6,
    leaking: true,
    severity: 'low',
    label: 'egress-only internet gateway',
    why: 'public endpoints, bypassing the gateway endpoint and its policy',
    diagramWord: 'egress-only IGW',
    // Only IPv6 traffic takes it, and the IPv6 fix is the endpoint's address type, not a route.
    remediation: 'never',
  },
  'interface-endpoint': {
    rank: 7,
    leaking: false,
    label: 'interface endpoint',
    diagramWord: 'interface endpoint',
  },
  'gateway-endpoint': {
    rank: 8,
    leaking: false,
    label: 'gateway endpoint',
    diagramWord: 'gateway endpoint',
  },
  dropped: { rank: 9, leaking: false, label: 'blackhole route', diagramWord: 'blackhole' },
  'no-route': { rank: 10, leaking: false, label: 'no route', diagramWord: 'no route' },
  unknown: { rank: 11, leaking: false, label: 'unknown path', diagramWord: 'unknown' },
} as const satisfies Record<string, PathKind>;

/**
 * The way traffic from a subnet to a service leaves (or does not leave) the VPC. `unknown`: the
 * route table cannot be evaluated from the data at hand (the verdict's `reason` says why).
 */
export type Path = keyof typeof KINDS;

/** Every path kind's declaration, by path. */
export const PATH_KINDS: Readonly<Record<Path, PathKind>> = KINDS;

/** Every path, in the routing rules' order (worst first). */
export const PATH_ORDER: readonly Path[] = (Object.keys(KINDS) as Path[]).sort(
  (a, b) => KINDS[a].rank - KINDS[b].rank,
);

/** A path that is a leak. */
export type LeakingPath = {
  [P in Path]: (typeof KINDS)[P] extends { leaking: true } ? P : never;
}[Path];

/** A leaking path that remediation acts on by default. */
export type DefaultRemediationPath = {
  [P in Path]: (typeof KINDS)[P] extends { remediation: 'default' } ? P : never;
}[Path];

/** A leaking path that remediation acts on only when asked. */
export type OptInRemediationPath = {
  [P in Path]: (typeof KINDS)[P] extends { remediation: 'opt-in' } ? P : never;
}[Path];

/** The paths that count as a leak, in order. */
export const LEAKING_PATHS: readonly LeakingPath[] = PATH_ORDER.filter(
  (path): path is LeakingPath => KINDS[path].leaking,
);

function remediated<P extends Path>(mode: RemediationDefault): readonly P[] {
  return PATH_ORDER.filter((path): path is P => {
    const kind: PathKind = KINDS[path];
    return kind.leaking && kind.remediation === mode;
  });
}

/** The leaking paths remediation acts on by default, in order. */
export const DEFAULT_REMEDIATION_PATHS: readonly DefaultRemediationPath[] =
  remediated<DefaultRemediationPath>('default');

/** The leaking paths remediation acts on only when asked, in order. */
export const OPT_IN_REMEDIATION_PATHS: readonly OptInRemediationPath[] =
  remediated<OptInRemediationPath>('opt-in');

/** The path's place in the order: lower is worse. */
export function pathRank(path: Path): number {
  return KINDS[path].rank;
}

/** Negative when `a` is the worse path, positive when `b` is, 0 when equal. */
export function comparePaths(a: Path, b: Path): number {
  return KINDS[a].rank - KINDS[b].rank;
}

/** The worse of two paths. */
export function worsePath(a: Path, b: Path): Path {
  return KINDS[b].rank < KINDS[a].rank ? b : a;
}

/** True when the path is a leak. */
export function isLeakingPath(path: Path): path is LeakingPath {
  return KINDS[path].leaking;
}

/** The severity of a leaking path; undefined for a path that does not leak. */
export function severityOf(path: Path): Severity | undefined {
  const kind: PathKind = KINDS[path];
  return kind.leaking ? kind.severity : undefined;
}

/** The path's name in a sentence (`NAT gateway`). */
export function pathLabel(path: Path): string {
  return KINDS[path].label;
}

/** Why a leaking path matters, in a few words; undefined for a path that does not leak. */
export function pathWhy(path: Path): string | undefined {
  const kind: PathKind = KINDS[path];
  return kind.leaking ? kind.why : undefined;
}

/** The second line of a target's box in the VPC diagram. */
export function pathDiagramWord(path: Path): string {
  return KINDS[path].diagramWord;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 };

/** Negative when `a` is the more severe, positive when `b` is, 0 when equal (`high` first). */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/** True when `severity` is at least as bad as `threshold` (`high` ≥ `medium` ≥ `low`). */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] <= SEVERITY_RANK[threshold];
}

/** The more sensitive of two thresholds (`low` is more sensitive than `high`). */
export function mostSensitive(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}
