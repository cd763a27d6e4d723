/**
 * Each packaged function's role allows exactly what its bundle can send: the AWS commands the
 * bundled code constructs, mapped to IAM actions, against the role's statements, both ways. Every
 * function of the template is checked (new functions are covered as they are added), in the
 * default stack and in one packaged with autoRemediate=true, securityHub=true and customer keys.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  actionsOfBundle,
  actionsOfRole,
  comparePermissions,
  type BundleActions,
} from '../helpers/bundle-commands';
import {
  requireFreshPackage,
  PACKAGE_DIR,
  packageWithParams,
  readTemplate,
  type CfnTemplate,
} from '../helpers/packaging';
import { readZip } from '../helpers/zip';

interface PackagedFunction {
  logicalId: string;
  roleId: string;
  bundle: BundleActions;
}

/** Every function of a package, with its role and the actions its bundle can send. */
function functionsOf(template: CfnTemplate, folder: string): PackagedFunction[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([logicalId, resource]) => {
      const { Code, Handler, Role } = resource.Properties as {
        Code: { S3Key: string };
        Handler: string;
        Role: { 'Fn::GetAtt': [string, string] };
      };
      const entry = `${Handler.slice(0, Handler.lastIndexOf('.'))}.js`;
      const zip = readZip(readFileSync(join(folder, basename(Code.S3Key))));
      const file = zip.find((item) => item.name === entry);
      if (!file) throw new Error(`${logicalId}: ${entry} is not in ${basename(Code.S3Key)}`);
      return {
        logicalId,
        roleId: Role['Fn::GetAtt'][0],
        bundle: actionsOfBundle(file.data.toString('utf8')),
      };
    });
}

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

let stacks: { name: string; template: CfnTemplate; functions: PackagedFunction[] }[];

beforeAll(() => {
  // Prepare: the default package, and one with every switch that adds permissions
  requireFreshPackage();
  const variant = packageWithParams({
    autoRemediate: 'true',
    securityHub: 'true',
    kmsMasterKeyId: KEY,
    reportKmsKeyArn: KEY,
  });
  if (!variant.ok) throw new Error(variant.output);
  const defaultTemplate = readTemplate();
  stacks = [
    {
      name: 'default',
      template: defaultTemplate,
      functions: functionsOf(defaultTemplate, PACKAGE_DIR),
    },
    {
      name: 'autoRemediate=true, securityHub=true, customer keys',
      template: variant.template,
      functions: functionsOf(variant.template, variant.folder),
    },
  ];
}, 480_000);

describe('the permissions of the packaged functions', () => {
  it('give each role exactly the actions its bundle sends, nothing missing, nothing extra', () => {
    // Act
    const checks = stacks.flatMap(({ name, template, functions }) =>
      functions.map((fn) => ({
        stack: name,
        function: fn.logicalId,
        ...comparePermissions(fn.bundle.actions, actionsOfRole(template.Resources, fn.roleId)),
      })),
    );

    // Assess
    expect(checks.length).toBeGreaterThanOrEqual(4);
    for (const check of checks) {
      expect(check).toEqual({ ...check, missing: [], extra: [] });
    }
  });

  it('find the commands the code sends in each bundle', () => {
    // Prepare
    const [defaults, remediating] = stacks.map((stack) =>
      Object.fromEntries(stack.functions.map((fn) => [fn.logicalId, fn.bundle.actions])),
    );

    // Assess: the collection, the topic, the metrics, the report bucket
    const reads = [
      'ec2:DescribeInternetGateways',
      'ec2:DescribeManagedPrefixLists',
      'ec2:DescribeNatGateways',
      'ec2:DescribeRegions',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcs',
      'ec2:GetManagedPrefixListEntries',
    ];
    expect(defaults?.AuditLambdaFunction).toEqual(
      expect.arrayContaining([...reads, 'sns:Publish', 'cloudwatch:PutMetricData', 's3:PutObject']),
    );
    expect(defaults?.RemediateLambdaFunction).toEqual(
      expect.arrayContaining([...reads, 'ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint']),
    );
    // A read-only stack's audit bundle holds no endpoint-changing code at all
    expect(defaults?.AuditLambdaFunction).not.toContain('ec2:CreateVpcEndpoint');
    expect(remediating?.AuditLambdaFunction).toEqual(
      expect.arrayContaining(['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint']),
    );
    // The Security Hub export is bundled only when the stack turns it on
    expect(defaults?.AuditLambdaFunction?.filter((a) => a.startsWith('securityhub:'))).toEqual([]);
    expect(
      remediating?.AuditLambdaFunction?.filter((a) => a.startsWith('securityhub:')).sort(),
    ).toEqual(['securityhub:BatchImportFindings', 'securityhub:GetFindings']);
  });

  it('grant no wildcard action to any role', () => {
    // Assess
    for (const { template } of stacks) {
      for (const [roleId, resource] of Object.entries(template.Resources)) {
        if (resource.Type !== 'AWS::IAM::Role') continue;
        for (const action of actionsOfRole(template.Resources, roleId)) {
          expect([roleId, action]).toEqual([roleId, expect.not.stringContaining('*')]);
        }
      }
    }
  });
});
