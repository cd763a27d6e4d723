import { actionsOfBundle, actionsOfRole, comparePermissions } from '../../helpers/bundle-commands';

/** A bundle as esbuild writes it with keepNames: one static naming block per class. */
function bundle(...names: string[]): string {
  return names.map((name, i) => `var c${i}=class extends B{static{u(this,"${name}")}};`).join('');
}

describe('the commands of a bundle', () => {
  it('maps each command class to service:Action through the installed SDK packages', () => {
    // Act
    const found = actionsOfBundle(
      bundle('EC2Client', 'DescribeVpcsCommand', 'SNSClient', 'PublishCommand', 'Command'),
    );

    // Assess
    expect(found.actions).toEqual(['ec2:DescribeVpcs', 'sns:Publish']);
  });

  it('tells the credential chain and permission-free calls from what the code sends', () => {
    // Act: the chain's STS copy of AssumeRole alone, then a second copy from client-sts
    const chainOnly = actionsOfBundle(
      bundle(
        'STSClient',
        'AssumeRoleCommand',
        'GetRoleCredentialsCommand',
        'GetCallerIdentityCommand',
      ),
    );
    const assuming = actionsOfBundle(bundle('STSClient', 'AssumeRoleCommand', 'AssumeRoleCommand'));

    // Assess
    expect(chainOnly.actions).toEqual([]);
    expect(chainOnly.ignored).toEqual(
      expect.arrayContaining([
        'AssumeRoleCommand (SDK credential chain)',
        'sts:GetCallerIdentity (needs no permission)',
      ]),
    );
    expect(assuming.actions).toEqual(['sts:AssumeRole']);
  });

  it('resolves a name two services share by the client in the bundle, and refuses to guess', () => {
    // Act
    const organizations = actionsOfBundle(
      bundle('OrganizationsClient', 'ListTagsForResourceCommand'),
    );
    const guess = () => actionsOfBundle(bundle('ListTagsForResourceCommand'));

    // Assess
    expect(organizations.actions).toEqual(['organizations:ListTagsForResource']);
    expect(guess).toThrow(/ListTagsForResourceCommand: defined by .*cannot tell its service/);
  });
});

describe('the comparison with a role', () => {
  it('reports a wildcard as extra and the actions it stood for as missing', () => {
    // Act
    const check = comparePermissions(
      ['ec2:DescribeVpcs', 'sns:Publish'],
      ['ec2:Describe*', 'sns:Publish', 'logs:PutLogEvents'],
    );

    // Assess
    expect(check).toEqual({ missing: ['ec2:DescribeVpcs'], extra: ['ec2:Describe*'] });
  });

  it('allows a companion action only beside the action it serves', () => {
    // Act
    const withGet = comparePermissions(['s3:GetObject'], ['s3:GetObject', 's3:ListBucket']);
    const alone = comparePermissions(
      ['sns:Publish'],
      ['sns:Publish', 's3:ListBucket', 'ec2:CreateTags'],
    );

    // Assess
    expect(withGet).toEqual({ missing: [], extra: [] });
    expect(alone.extra).toEqual(['s3:ListBucket', 'ec2:CreateTags']);
  });

  it('reads the Allow actions of a role and refuses managed policies it cannot see', () => {
    // Prepare
    const resources = {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Policies: [
            {
              PolicyDocument: {
                Statement: [
                  { Effect: 'Allow', Action: ['b:Two', 'a:One'] },
                  { Effect: 'Allow', Action: 'a:One' },
                  { Effect: 'Deny', Action: 'c:Three' },
                ],
              },
            },
          ],
        },
      },
      Managed: { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: ['arn:x'] } },
    };

    // Assess
    expect(actionsOfRole(resources, 'Role')).toEqual(['a:One', 'b:Two']);
    expect(() => actionsOfRole(resources, 'Managed')).toThrow(/managed policies/);
  });
});
