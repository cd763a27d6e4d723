/**
 * Golden files: the sample estate's plan as Terraform (every region) and as CloudFormation
 * (us-east-1), byte for byte. A deliberate change of the outputs rewrites them with
 * `UPDATE_GOLDEN=1 npx jest test/unit/format/plan-code-golden.test.ts`; review the diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { formatRemediation } from '../../../src/format/plan-format';
import { planRemediation } from '../../../src/remediation/plan';
import { loadSnapshot } from '../../../src/snapshot/load';

const ROOT = join(__dirname, '..', '..', '..');
const GOLDEN = join(ROOT, 'test', 'fixtures', 'golden');

async function samplePlan(regions?: string[]) {
  const snapshot = await loadSnapshot(join(ROOT, 'examples', 'sample-estate.json'));
  const report = analyzeSnapshot(snapshot, { generatedAt: '2026-12-01T03:00:00Z' });
  return planRemediation(report, snapshot, regions ? { regions } : {});
}

function matchesGolden(name: string, text: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('the sample estate as code', () => {
  it('is the golden Terraform', async () => {
    // Act
    const text = formatRemediation(await samplePlan(), 'terraform');

    // Assess
    matchesGolden('sample-estate.tf', text);
  });

  it('is the golden CloudFormation template of us-east-1', async () => {
    // Act
    const text = formatRemediation(await samplePlan(['us-east-1']), 'cloudformation');

    // Assess
    matchesGolden('sample-estate-us-east-1.yaml', text);
  });
});
