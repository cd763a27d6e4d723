/**
 * Each packaged function's role allows exactly what its bundle can send: the AWS commands the
 * bundled code constructs, mapped to IAM actions, against the role's statements, both ways. Every
 * function of the template is checked (new functions are covered as they are added), in the
 * default stack (no measure function), in one packaged with autoRemediate=true, securityHub=true,
 * organization=true (the organization engine's functions with the Security Hub export), a
 * measureSchedule (the measure function and its roles) and customer keys, and in one with
 * organization=true alone (and a member role name, the organization stack the other suites package:
 * a role's name changes no action).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, type ScalarTag } from 'yaml';
import {
  actionsOfBundle,
  actionsOfRole,
  comparePermissions,
  type BundleActions,
} from '../helpers/bundle-commands';
import {
  requireFreshPackage,
  ORGANIZATION_PARAMS,
  PACKAGE_DIR,
  ROOT,
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

let stacks: {
  name: string;
  folder: string;
  template: CfnTemplate;
  functions: PackagedFunction[];
}[];

beforeAll(() => {
  // Prepare: the default package, and one with every switch that adds permissions
  requireFreshPackage();
  const variant = packageWithParams({
    autoRemediate: 'true',
    securityHub: 'true',
    organization: 'true',
    measureSchedule: 'cron(0 2 ? * SUN *)',
    kmsMasterKeyId: KEY,
    reportKmsKeyArn: KEY,
  });
  if (!variant.ok) throw new Error(variant.output);
  const organization = packageWithParams(ORGANIZATION_PARAMS);
  if (!organization.ok) throw new Error(organization.output);
  const defaultTemplate = readTemplate();
  stacks = [
    {
      name: 'default',
      folder: PACKAGE_DIR,
      template: defaultTemplate,
      functions: functionsOf(defaultTemplate, PACKAGE_DIR),
    },
    {
      name: 'autoRemediate=true, securityHub=true, organization=true, measureSchedule, customer keys',
      folder: variant.folder,
      template: variant.template,
      functions: functionsOf(variant.template, variant.folder),
    },
    {
      name: 'organization=true',
      folder: organization.folder,
      template: organization.template,
      functions: functionsOf(organization.template, organization.folder),
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
    expect(checks.length).toBeGreaterThanOrEqual(7);
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
      'ec2:DescribeEgressOnlyInternetGateways',
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
    // The organization run exports each account's leaks from its AuditAccount function
    expect(
      remediating?.OrgAuditAccountLambdaFunction?.filter((a) =>
        a.startsWith('securityhub:'),
      ).sort(),
    ).toEqual(['securityhub:BatchImportFindings', 'securityhub:GetFindings']);
    expect(
      remediating?.OrgAggregateLambdaFunction?.filter((a) => a.startsWith('securityhub:')),
    ).toEqual([]);
    // The measure function exists only with measureSchedule; it alone sends the flow-log changes
    expect(defaults?.MeasureLambdaFunction).toBeUndefined();
    expect(remediating?.MeasureLambdaFunction).toEqual(
      expect.arrayContaining([
        'ec2:CreateFlowLogs',
        'ec2:DeleteFlowLogs',
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        's3:PutObject',
      ]),
    );
    const changing = /^(ec2:(CreateFlowLogs|DeleteFlowLogs)|logs:(CreateLogGroup|DeleteLogGroup))$/;
    for (const [id, actions] of Object.entries(remediating ?? {})) {
      if (id === 'MeasureLambdaFunction') continue;
      expect([id, actions.filter((a) => changing.test(a))]).toEqual([id, []]);
    }
  });

  it('package templates that are cfn-lint clean with every switch on', () => {
    // Act / Assess: cfn-lint exits non-zero on any error or warning.
    const variant = stacks[1];
    if (!variant) throw new Error('the variant stack was not packaged');
    expect(() =>
      execFileSync(
        'cfn-lint',
        [join(variant.folder, 'cloudformation-template-update-stack.json')],
        { stdio: 'pipe' },
      ),
    ).not.toThrow();
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

  it('give the member role exactly what the account audit sends into a member account', () => {
    // Prepare: the account audit's commands, but those it sends with its own credentials (the
    // AssumeRole call, the report bucket)
    const organization = stacks.find((stack) => stack.name === 'organization=true');
    const auditAccount = organization?.functions.find((fn) =>
      fn.logicalId.toLowerCase().includes('auditaccount'),
    );
    expect(auditAccount).toBeDefined();
    const ownCredentials = /^(sts:AssumeRole|s3:)/;
    const intoMember = (auditAccount?.bundle.actions ?? []).filter(
      (action) => !ownCredentials.test(action),
    );
    const file = join(ROOT, 'deploy', 'member-role.yml');
    expect(existsSync(file)).toBe(true);
    const member = readCloudFormationYaml(file);

    // Act: the member role's actions, by the switch (template condition) they stand behind
    const bySwitch = new Map<string, string[]>();
    for (const [id, resource] of Object.entries(member.Resources)) {
      let actions: string[] = [];
      if (resource.Type === 'AWS::IAM::Role') actions = actionsOfRole(member.Resources, id);
      else if (resource.Type === 'AWS::IAM::RolePolicy' || resource.Type === 'AWS::IAM::Policy') {
        const document = resource.Properties.PolicyDocument as {
          Statement: { Effect: string; Action: string | string[] }[];
        };
        actions = document.Statement.filter((st) => st.Effect === 'Allow').flatMap((st) =>
          [st.Action].flat(),
        );
      }
      const key = resource.Condition ?? '(always)';
      bySwitch.set(key, [...(bySwitch.get(key) ?? []), ...actions]);
    }
    const always = [...new Set(bySwitch.get('(always)'))].sort();
    const switched = [...bySwitch.entries()].filter(([key]) => key !== '(always)');

    // Assess: what it always holds is exactly what the account audit always needs; anything more it
    // sends is behind a switch whose actions it all sends (the remediation switch serves
    // `remediate --account`, a caller with no bundle)
    const unswitched = intoMember.filter(
      (action) => !switched.some(([, actions]) => actions.includes(action)),
    );
    expect(comparePermissions(unswitched, always)).toEqual({ missing: [], extra: [] });
    for (const [key, actions] of switched) {
      const used = actions.filter((action) => intoMember.includes(action));
      if (key === 'Remediation' || used.length === 0) continue;
      expect([key, comparePermissions(used, actions)]).toEqual([key, { missing: [], extra: [] }]);
    }
    expect(
      intoMember.filter(
        (action) => !always.includes(action) && !switched.some(([, a]) => a.includes(action)),
      ),
    ).toEqual([]);
  });
});

/** A CloudFormation YAML template, its short-form tags (!Ref, !If…) read as their long form. */
function readCloudFormationYaml(file: string): CfnTemplate {
  const functions = [
    'Ref',
    'Sub',
    'If',
    'Equals',
    'Not',
    'And',
    'Or',
    'GetAtt',
    'Join',
    'Select',
    'Split',
    'Condition',
    'FindInMap',
    'ImportValue',
    'Base64',
    'Cidr',
    'GetAZs',
  ];
  const tags = functions.flatMap((name) => {
    const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
    return (['scalar', 'seq', 'map'] as const).map(
      (collection) =>
        ({
          tag: `!${name}`,
          ...(collection === 'scalar' ? {} : { collection }),
          resolve: (value: unknown) => ({
            [key]: (value as { toJSON?: () => unknown }).toJSON?.() ?? value,
          }),
        }) as unknown as ScalarTag,
    );
  });
  return parse(readFileSync(file, 'utf8'), { customTags: tags }) as CfnTemplate;
}
