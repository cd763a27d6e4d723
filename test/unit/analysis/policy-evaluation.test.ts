import fc from 'fast-check';
import {
  allowsForSome,
  blockedActions,
  grantsFullAccess,
  isAllowed,
  policyStatements,
  type PolicyStatement,
} from '../../../src/analysis/policy-evaluation';
import { viewPolicy } from '../../../src/analysis/endpoint-policy-view';

const EVERYONE = { Principal: '*' };
const statements = (...list: Record<string, unknown>[]) => policyStatements({ Statement: list });

describe('endpoint policy evaluation (IAM semantics)', () => {
  it.each([
    ['the AWS default', [{ Effect: 'Allow', ...EVERYONE, Action: '*', Resource: '*' }], []],
    [
      'reads and writes of one bucket',
      [
        {
          Effect: 'Allow',
          ...EVERYONE,
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: 'arn:aws:s3:::corp-data/*',
        },
      ],
      [],
    ],
    [
      'everything but deleting buckets',
      [
        { Effect: 'Allow', ...EVERYONE, Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', ...EVERYONE, Action: 's3:DeleteBucket', Resource: '*' },
      ],
      [],
    ],
    [
      'a Deny of one secret prefix',
      [
        { Effect: 'Allow', ...EVERYONE, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' },
        { Effect: 'Deny', ...EVERYONE, Action: '*', Resource: 'arn:aws:s3:::b/secret/*' },
      ],
      [],
    ],
    [
      'a Deny of everything outside one bucket (NotResource)',
      [
        { Effect: 'Allow', ...EVERYONE, Action: '*', Resource: '*' },
        { Effect: 'Deny', ...EVERYONE, Action: 's3:*', NotResource: 'arn:aws:s3:::b/*' },
      ],
      [],
    ],
    [
      'one named role only',
      [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:role/app' },
          Action: 's3:*',
          Resource: '*',
        },
      ],
      [],
    ],
    [
      'every action but S3 (NotAction)',
      [{ Effect: 'Allow', ...EVERYONE, NotAction: 's3:*', Resource: '*' }],
      ['s3:GetObject', 's3:PutObject'],
    ],
    [
      'everything, and a Deny of everything',
      [
        { Effect: 'Allow', ...EVERYONE, Action: '*', Resource: '*' },
        { Effect: 'Deny', ...EVERYONE, Action: '*', Resource: '*' },
      ],
      ['s3:GetObject', 's3:PutObject'],
    ],
    [
      'a Deny of every action but listing (Deny NotAction)',
      [
        { Effect: 'Allow', ...EVERYONE, Action: '*', Resource: '*' },
        { Effect: 'Deny', ...EVERYONE, NotAction: 's3:List*', Resource: '*' },
      ],
      ['s3:GetObject', 's3:PutObject'],
    ],
    [
      'a wildcard Deny in another case (S3:put*)',
      [
        { Effect: 'Allow', ...EVERYONE, Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', ...EVERYONE, Action: 'S3:put*', Resource: '*' },
      ],
      ['s3:PutObject'],
    ],
    [
      'a Deny of every object (a ? wildcard bucket and * key)',
      [
        { Effect: 'Allow', ...EVERYONE, Action: 's3:*', Resource: 'arn:aws:s3:::b?/*' },
        { Effect: 'Deny', ...EVERYONE, Action: 's3:*Object', Resource: 'arn:aws:s3:::*/*' },
      ],
      ['s3:GetObject', 's3:PutObject'],
    ],
    [
      'an Allow on buckets only (no object can match)',
      [{ Effect: 'Allow', ...EVERYONE, Action: 's3:*', Resource: 'arn:aws:s3:::corp-data' }],
      ['s3:GetObject', 's3:PutObject'],
    ],
    [
      'a Deny to everyone but one role (NotPrincipal) that the Allow does not name',
      [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/x' },
          Action: '*',
          Resource: '*',
        },
        {
          Effect: 'Deny',
          NotPrincipal: { AWS: 'arn:aws:iam::111122223333:role/y' },
          Action: '*',
          Resource: '*',
        },
      ],
      ['s3:GetObject', 's3:PutObject'],
    ],
    [
      'a Deny of the account that holds the only allowed role',
      [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:role/x' },
          Action: '*',
          Resource: '*',
        },
        { Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: 's3:Get*', Resource: '*' },
      ],
      ['s3:GetObject'],
    ],
    [
      'an Allow with a Condition only (not counted on)',
      [
        {
          Effect: 'Allow',
          ...EVERYONE,
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
        },
      ],
      ['s3:GetObject', 's3:PutObject'],
    ],
    [
      'a Deny with a Condition (taken to apply)',
      [
        { Effect: 'Allow', ...EVERYONE, Action: '*', Resource: '*' },
        {
          Effect: 'Deny',
          ...EVERYONE,
          Action: 's3:PutObject',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
      ['s3:PutObject'],
    ],
  ])('S3: %s blocks %j', (_what, list, blocked) => {
    // Act
    const blocks = blockedActions(statements(...list), 's3');

    // Assess
    expect(blocks).toEqual(blocked);
  });

  it.each([
    [
      'items of one table',
      [
        {
          Effect: 'Allow',
          ...EVERYONE,
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
          Resource: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders',
        },
      ],
      [],
    ],
    [
      'reads only',
      [
        {
          Effect: 'Allow',
          ...EVERYONE,
          Action: ['dynamodb:Get*', 'dynamodb:Query'],
          Resource: '*',
        },
      ],
      ['dynamodb:PutItem'],
    ],
    [
      'an S3 policy',
      [{ Effect: 'Allow', ...EVERYONE, Action: 's3:*', Resource: '*' }],
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    ],
  ])('DynamoDB: %s blocks %j', (_what, list, blocked) => {
    // Act
    const blocks = blockedActions(statements(...list), 'dynamodb');

    // Assess
    expect(blocks).toEqual(blocked);
  });

  it.each([
    [[{ Effect: 'Allow', ...EVERYONE, Action: '*', Resource: '*' }], true],
    [
      [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:*', Resource: 'arn:aws:s3:::*' }],
      true,
    ],
    [[{ Effect: 'Allow', ...EVERYONE, Action: 's3:Get*', Resource: '*' }], false],
    [[{ Effect: 'Allow', ...EVERYONE, Action: '*', Resource: 'arn:aws:s3:::b/*' }], false],
    [
      [
        { Effect: 'Allow', ...EVERYONE, Action: '*', Resource: '*' },
        { Effect: 'Deny', ...EVERYONE, Action: 's3:DeleteBucket', Resource: '*' },
      ],
      false,
    ],
    [
      [
        { Effect: 'Allow', ...EVERYONE, Action: '*', Resource: '*' },
        { Effect: 'Deny', ...EVERYONE, Action: 'dynamodb:*', Resource: '*' },
      ],
      true,
    ],
  ])('full access to S3 of %j: %s', (list, full) => {
    // Act
    const result = grantsFullAccess(statements(...list), 's3');

    // Assess
    expect(result).toBe(full);
  });

  it('an existing endpoint is restrictive by the same evaluation, naming what it blocks', () => {
    // Prepare
    const document = JSON.stringify({
      Statement: [{ Effect: 'Allow', ...EVERYONE, NotAction: 's3:*', Resource: '*' }],
    });

    // Act
    const view = viewPolicy(document, 's3');

    // Assess
    expect(view).toEqual({
      fullAccess: false,
      allows: 'allows every action but s3:* on *',
      blocks: ['s3:GetObject', 's3:PutObject'],
    });
  });

  describe('properties', () => {
    const action = fc.constantFrom(
      's3:GetObject',
      's3:PutObject',
      's3:ListBucket',
      'dynamodb:GetItem',
    );
    const actionPattern = fc.constantFrom(
      '*',
      's3:*',
      's3:Get*',
      's3:?utObject',
      'S3:PUTOBJECT',
      'dynamodb:*',
      's3:List*',
    );
    const resourcePattern = fc.constantFrom(
      '*',
      'arn:aws:s3:::b/*',
      'arn:aws:s3:::*',
      'arn:aws:s3:::b/k',
      'arn:aws:s3:::c*/*',
      'arn:aws:s3:::b',
    );
    const principal = fc.constantFrom(
      '*',
      'AWS:arn:aws:iam::111122223333:role/x',
      'AWS:111122223333',
      'AWS:arn:aws:iam::444455556666:role/y',
    );
    const statement: fc.Arbitrary<PolicyStatement> = fc.record({
      effect: fc.constantFrom('Allow' as const, 'Deny' as const),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 3 }),
      notAction: fc.boolean(),
      resources: fc.array(resourcePattern, { minLength: 1, maxLength: 3 }),
      notResource: fc.boolean(),
      principals: fc.array(principal, { minLength: 1, maxLength: 2 }),
      notPrincipal: fc.boolean(),
      conditional: fc.boolean(),
    });
    const request = fc.record({
      action,
      resource: fc.constantFrom(
        'arn:aws:s3:::b/k',
        'arn:aws:s3:::c1/x',
        'arn:aws:s3:::b',
        'arn:aws:s3:::z/q',
      ),
      principal: fc.constantFrom(
        'AWS:arn:aws:iam::111122223333:role/x',
        'AWS:arn:aws:iam::444455556666:role/y',
        'AWS:arn:aws:iam::999999999999:role/z',
      ),
    });
    const policy = fc.array(statement, { minLength: 1, maxLength: 5 });
    const deny = statement.map((s) => ({ ...s, effect: 'Deny' as const }));
    const allow = statement.map((s) => ({ ...s, effect: 'Allow' as const, conditional: false }));

    it('adding a Deny never grants more: no request, no required action', () => {
      fc.assert(
        fc.property(policy, deny, request, (list, extra, req) => {
          // Act
          const before = isAllowed(list, req);
          const after = isAllowed([...list, extra], req);
          const blockedBefore = blockedActions(list, 's3');
          const blockedAfter = blockedActions([...list, extra], 's3');

          // Assess
          expect(after && !before).toBe(false);
          for (const a of blockedBefore) expect(blockedAfter).toContain(a);
        }),
      );
    });

    it('adding an unconditional Allow never takes anything away', () => {
      fc.assert(
        fc.property(policy, allow, request, (list, extra, req) => {
          // Assess
          expect(!isAllowed([...list, extra], req) && isAllowed(list, req)).toBe(false);
          for (const a of blockedActions([...list, extra], 's3'))
            expect(blockedActions(list, 's3')).toContain(a);
        }),
      );
    });

    it('the order of statements does not matter, and a Deny of everything blocks everything', () => {
      fc.assert(
        fc.property(policy, request, (list, req) => {
          // Prepare
          const denyAll: PolicyStatement = {
            effect: 'Deny',
            actions: ['*'],
            notAction: false,
            resources: ['*'],
            notResource: false,
            principals: ['*'],
            notPrincipal: false,
            conditional: false,
          };

          // Assess
          expect(isAllowed([...list].reverse(), req)).toBe(isAllowed(list, req));
          expect(isAllowed([...list, denyAll], req)).toBe(false);
          expect(blockedActions([denyAll, ...list], 's3')).toEqual([
            's3:GetObject',
            's3:PutObject',
          ]);
        }),
      );
    });

    it('an allowed concrete request means its action is not blocked, and full access blocks nothing', () => {
      fc.assert(
        fc.property(policy, request, (list, req) => {
          // Act
          const allowed = isAllowed(list, req) && /^arn:aws:s3:::[^/]+\/.+/.test(req.resource);

          // Assess
          if (allowed) expect(allowsForSome(list, 's3', req.action)).toBe(true);
          if (grantsFullAccess(list, 's3')) expect(blockedActions(list, 's3')).toEqual([]);
        }),
      );
    });
  });
});
