import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { parseSnapshot } from '../../../src/snapshot/load';
import { loadScenarios, observedPaths } from '../../helpers/scenarios';

describe('routing conformance scenarios', () => {
  const scenarios = loadScenarios();

  it('has the shared scenarios to run, IPv4 and IPv6', () => {
    // Assess
    expect(scenarios.filter((s) => s.suite === 'scenarios').length).toBeGreaterThanOrEqual(14);
    expect(scenarios.filter((s) => s.suite === 'scenarios-ipv6').length).toBeGreaterThanOrEqual(8);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    // Prepare
    const snapshot = parseSnapshot(scenario.snapshot, scenario.file);

    // Act
    const report = analyzeSnapshot(snapshot, { generatedAt: '2026-11-27T03:00:00Z' });

    // Assess
    expect(report.errors).toEqual([]);
    for (const [subnetId, expected] of Object.entries(scenario.expect)) {
      const subnet = report.subnets.find((candidate) => candidate.subnetId === subnetId);
      expect(subnet).toBeDefined();
      expect({ subnetId, ...observedPaths(subnet, expected) }).toEqual({ subnetId, ...expected });
    }
  });
});
