import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEndpointPolicy, parseEndpointPolicy } from '../../../src/remediation/endpoint-policy';
import { UserInputError } from '../../../src/errors';

describe('endpoint policy', () => {
  it('returns a valid policy as compact JSON', () => {
    // Prepare
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*" }]\n}';

    // Act
    const policy = parseEndpointPolicy(text, 'p.json');

    // Assess
    expect(policy).toBe(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}',
    );
  });

  it.each([
    ['not JSON', '{"Statement": [', /p.json is not valid JSON/],
    ['an array', '[]', /p.json must be a JSON object/],
    ['without a Statement', '{"Version":"2012-10-17"}', /p.json must have a "Statement"/],
    ['with an empty Statement', '{"Statement":[]}', /p.json must have a "Statement"/],
    [
      'too long',
      JSON.stringify({
        Statement: [
          { Sid: 'x'.repeat(21000), Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        ],
      }),
      /over the 20480/,
    ],
    [
      'a statement with no Effect',
      '{"Statement":[{"Action":"s3:*","Resource":"*"}]}',
      /p.json is not an IAM policy: Statement\[0\]\.Effect is missing: it must be "Allow" or "Deny"/,
    ],
    [
      'a statement with both Action and NotAction',
      '{"Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*"}]}',
      /Statement\[0\] has both Action and NotAction/,
    ],
  ])('rejects a policy that is %s, naming the source', (_what, text, message) => {
    // Act
    const act = () => parseEndpointPolicy(text, 'p.json');

    // Assess
    expect(act).toThrow(UserInputError);
    expect(act).toThrow(message);
  });

  it('names the flag and file that cannot be read', async () => {
    // Prepare
    const missing = join(mkdtempSync(join(tmpdir(), 'policy-')), 'missing.json');

    // Act
    const act = loadEndpointPolicy(missing, 'ENDPOINT_POLICY_FILE');

    // Assess
    await expect(act).rejects.toThrow(
      `ENDPOINT_POLICY_FILE: cannot read policy file "${missing}": ENOENT`,
    );
  });

  it('reads and validates a file', async () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.json');
    writeFileSync(
      file,
      '{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}',
    );

    // Act
    const policy = await loadEndpointPolicy(file);

    // Assess
    expect(JSON.parse(policy)).toHaveProperty('Statement.Effect', 'Allow');
  });
});
