import { runCli } from '../../../src/cli/program';
import type { Report } from '../../../src/types';
import { loadScenarios, observedPaths } from '../../helpers/scenarios';
import { memoryIo } from '../../helpers/memory-io';

describe('vpce-auditor audit on the conformance scenarios', () => {
  it.each(loadScenarios().map((s) => [s.name, s] as const))(
    '%s gives the expected paths through --format json',
    async (_name, scenario) => {
      // Prepare
      const io = memoryIo();

      // Act
      const code = await runCli(['audit', '--snapshot', scenario.path, '--format', 'json'], io);

      // Assess
      expect(code).toBe(0);
      const report = JSON.parse(io.stdout()) as Report;
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
