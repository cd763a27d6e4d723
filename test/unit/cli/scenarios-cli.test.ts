import type { Report } from '../../../src/types';
import { loadScenarios, observedPaths } from '../../helpers/scenarios';
import { runInMemory } from '../../helpers';

describe('vpce-auditor audit on the conformance scenarios', () => {
  it.each(loadScenarios().map((s) => [s.name, s] as const))(
    '%s gives the expected paths through --format json',
    async (_name, scenario) => {
      // Act
      const { code, stdout } = await runInMemory([
        'audit',
        '--snapshot',
        scenario.path,
        '--format',
        'json',
      ]);

      // Assess
      expect(code).toBe(0);
      const report = JSON.parse(stdout) as Report;
      for (const [subnetId, expected] of Object.entries(scenario.expect)) {
        const subnet = report.subnets.find((candidate) => candidate.subnetId === subnetId);
        expect({ subnetId, ...observedPaths(subnet, expected) }).toEqual({
          subnetId,
          ...expected,
        });
      }
    },
  );
});
