import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { parseSnapshot } from '../../../src/snapshot/load';
import { loadScenarios } from '../../helpers/scenarios';

describe('routing conformance scenarios', () => {
  const scenarios = loadScenarios();

  it('has the shared scenarios to run', () => {
    // Assess
    expect(scenarios.length).toBeGreaterThanOrEqual(14);
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
      const actual = Object.fromEntries(
        Object.keys(expected).map((service) => [
          service,
          subnet?.services[service as keyof typeof expected]?.path,
        ]),
      );
      expect({ subnetId, ...actual }).toEqual({ subnetId, ...expected });
    }
  });
});
