/** The snapshots shown in docs/snapshot.md are snapshots the CLI accepts, as the page says. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../../src/types';
import { writeTemp } from '../../helpers/temp-file';
import { runInMemory } from '../../helpers';

const PAGE = join(__dirname, '..', '..', '..', 'docs', 'snapshot.md');

/** The page's JSON blocks, in order. */
function jsonBlocks(): unknown[] {
  const text = readFileSync(PAGE, 'utf8');
  return [...text.matchAll(/```json\n([\s\S]*?)```/g)].map(
    (match) => JSON.parse(match[1] ?? '') as unknown,
  );
}

describe('the examples of docs/snapshot.md', () => {
  it('audits the single-account example: one clean region', async () => {
    // Prepare
    const [single] = jsonBlocks();

    // Act
    const { code, stdout, stderr } = await runInMemory([
      'audit',
      '--snapshot',
      writeTemp('single.json', JSON.stringify(single)),
      '--format',
      'json',
    ]);

    // Assess
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.regions).toEqual(['us-east-1']);
    expect(report.errors).toEqual([]);
  });

  it('audits the multi-account example to the accounts and errors it describes', async () => {
    // Prepare
    const multi = jsonBlocks().at(-1);

    // Act
    const { code, stdout } = await runInMemory([
      'audit',
      '--snapshot',
      writeTemp('multi.json', JSON.stringify(multi)),
      '--format',
      'json',
    ]);

    // Assess
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.organizationId).toBe('o-exampleorgid');
    expect(report.accounts?.map((a) => [a.accountId, a.status])).toEqual([
      ['222222222222', 'audited'],
      ['333333333333', 'failed'],
    ]);
    expect(report.errors.map((e) => [e.accountId, e.operation, e.code])).toEqual([
      ['333333333333', 'AssumeRole', 'AccessDenied'],
    ]);
  });
});
