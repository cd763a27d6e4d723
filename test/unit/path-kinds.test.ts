/**
 * The path-kind registry: the one declaration every path table of the code is derived from. These
 * tests hold the registry to the routing rules' order and to the rules a new entry must follow.
 */
import {
  DEFAULT_REMEDIATION_PATHS,
  LEAKING_PATHS,
  OPT_IN_REMEDIATION_PATHS,
  PATH_KINDS,
  PATH_ORDER,
  SEVERITIES,
  compareSeverity,
  comparePaths,
  isAtLeast,
  isLeakingPath,
  mostSensitive,
  pathDiagramWord,
  pathLabel,
  pathRank,
  pathWhy,
  severityOf,
  worsePath,
  type Path,
} from '../../src/path-kinds';

describe('the path-kind registry', () => {
  it('orders the paths as the routing rules do, from the worst', () => {
    // Act
    const order = [...PATH_ORDER];

    // Assess: the order of docs/routing.md, rule 6 (IPv6 and NAT64 extension)
    expect(order).toEqual([
      'nat-gateway',
      'nat-instance',
      'transit-gateway',
      'virtual-private-gateway',
      'other',
      'internet-gateway',
      'egress-only-internet-gateway',
      'interface-endpoint',
      'gateway-endpoint',
      'dropped',
      'no-route',
      'unknown',
    ]);
  });

  it('gives every kind a unique, contiguous rank and its words', () => {
    // Act
    const ranks = PATH_ORDER.map(pathRank);

    // Assess
    expect(ranks).toEqual(PATH_ORDER.map((_, index) => index));
    for (const path of PATH_ORDER) {
      expect(pathLabel(path).length).toBeGreaterThan(0);
      expect(pathDiagramWord(path).length).toBeGreaterThan(0);
    }
  });

  it('derives the leaking paths, which come before every other path', () => {
    // Act
    const leaking = PATH_ORDER.filter((path) => PATH_KINDS[path].leaking);

    // Assess: a leak is never ranked below a path that is not one
    expect(LEAKING_PATHS).toEqual(leaking);
    expect(LEAKING_PATHS).toEqual(PATH_ORDER.slice(0, LEAKING_PATHS.length));
    for (const path of PATH_ORDER) {
      expect(isLeakingPath(path)).toBe(leaking.includes(path));
      expect(severityOf(path) !== undefined).toBe(isLeakingPath(path));
      expect(pathWhy(path) !== undefined).toBe(isLeakingPath(path));
    }
  });

  it('keeps severities in the order of the paths: a worse path is never less severe', () => {
    // Act
    const severities = LEAKING_PATHS.map((path) => severityOf(path) ?? 'low');

    // Assess
    for (let i = 1; i < severities.length; i += 1) {
      expect(
        compareSeverity(severities[i - 1] ?? 'low', severities[i] ?? 'low'),
      ).toBeLessThanOrEqual(0);
    }
    expect(severityOf('nat-gateway')).toBe('high');
    expect(severityOf('egress-only-internet-gateway')).toBe('low');
    expect(severityOf('gateway-endpoint')).toBeUndefined();
  });

  it('splits the remediable paths into default and opt-in, never the egress-only gateway', () => {
    // Act
    const remediable = [...DEFAULT_REMEDIATION_PATHS, ...OPT_IN_REMEDIATION_PATHS] as Path[];

    // Assess
    expect(DEFAULT_REMEDIATION_PATHS).toEqual(['nat-gateway', 'nat-instance', 'internet-gateway']);
    expect(OPT_IN_REMEDIATION_PATHS).toEqual([
      'transit-gateway',
      'virtual-private-gateway',
      'other',
    ]);
    expect(remediable.every(isLeakingPath)).toBe(true);
    expect(remediable).not.toContain('egress-only-internet-gateway');
  });

  it('compares paths and severities by rank', () => {
    // Assess
    expect(comparePaths('nat-gateway', 'internet-gateway')).toBeLessThan(0);
    expect(comparePaths('interface-endpoint', 'gateway-endpoint')).toBeLessThan(0);
    expect(comparePaths('unknown', 'no-route')).toBeGreaterThan(0);
    expect(worsePath('gateway-endpoint', 'egress-only-internet-gateway')).toBe(
      'egress-only-internet-gateway',
    );
    expect(worsePath('dropped', 'dropped')).toBe('dropped');
    expect(SEVERITIES.map((s) => isAtLeast(s, 'medium'))).toEqual([true, true, false]);
    expect(mostSensitive('high', 'low')).toBe('low');
    expect(mostSensitive('medium', 'high')).toBe('medium');
    expect([...SEVERITIES].sort(compareSeverity)).toEqual(['high', 'medium', 'low']);
  });
});
