/**
 * `remediate --format terraform`: the plan as one Terraform file for the account, in `terraform fmt`
 * style, that makes the same changes `--apply` would (docs/remediation-as-code.md, "Fixes as code"):
 * - a new endpoint is an `aws_vpc_endpoint` (Gateway, its route tables, the configured policy);
 * - route tables put on an existing endpoint are `aws_vpc_endpoint_route_table_association`
 *   resources, which leave the endpoint's other tables alone; an endpoint vpce-auditor created
 *   through the API is adopted instead, with an `import` block;
 * - a change it must not own is named in a comment (see ./iac-action).
 * Each region gets its own aliased provider, so the file runs as a root module of its own without
 * clashing with a configuration's default provider. Pure.
 */
import type { RemediationPlan } from '../remediation/plan-types';
import { ownedResourceText } from '../remediation/plan-iac-owner';
import { FINDING_TAG_KEY, findingTagValue } from '../remediation/plan-tags';
import {
  BLANK,
  attribute,
  block,
  comment,
  heredocAttribute,
  hclList,
  hclString,
  mapAttribute,
  renderBlock,
  type HclEntry,
} from './hcl-text';
import {
  changeText,
  commentText,
  leftOutLines,
  notWrittenReason,
  prettyPolicy,
  terraformEndpointName,
  terraformLinkName,
  terraformProviderAlias,
  type CodeAction,
  type CodeAttach,
} from './iac-action';

/** The Terraform and AWS provider versions the file states (import blocks need Terraform 1.5). */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.5.0';
/** The AWS provider versions the file states. */
export const AWS_PROVIDER_VERSION = '>= 5.0';

/** Options of {@link terraformBlocks}. */
export interface TerraformBlockOptions {
  /** Set each resource's `provider` to this region's alias (the whole file); absent in a snippet. */
  providerAlias?: boolean;
}

function ownedComments(action: CodeAction): HclEntry[] {
  const owners = action.iacManaged?.owners ?? [];
  return owners.length > 0
    ? [
        comment(
          commentText(
            `iac-managed (--apply leaves it to its owner): ${owners.map(ownedResourceText).join('; ')}`,
          ),
        ),
      ]
    : [];
}

function providerLine(action: CodeAction, options: TerraformBlockOptions): HclEntry[] {
  return options.providerAlias === true
    ? [attribute('provider', `aws.${terraformProviderAlias(action.region)}`)]
    : [];
}

function endpointBody(
  action: CodeAction,
  fields: {
    serviceName: string;
    routeTableIds: readonly string[];
    ipAddressType: string | undefined;
    policy: string | undefined;
    tags: readonly (readonly [string, string])[];
  },
  options: TerraformBlockOptions,
): HclEntry[] {
  return [
    ...providerLine(action, options),
    attribute('vpc_id', hclString(action.vpcId)),
    attribute('service_name', hclString(fields.serviceName)),
    attribute('vpc_endpoint_type', hclString('Gateway')),
    ...(fields.ipAddressType !== undefined
      ? [attribute('ip_address_type', hclString(fields.ipAddressType))]
      : []),
    attribute('route_table_ids', hclList(fields.routeTableIds)),
    ...(fields.policy !== undefined
      ? [heredocAttribute('policy', prettyPolicy(fields.policy))]
      : []),
    ...(fields.tags.length > 0 ? [BLANK, mapAttribute('tags', fields.tags)] : []),
  ];
}

function adoptBlocks(action: CodeAttach, options: TerraformBlockOptions): string[] {
  const adopt = action.adopt;
  if (!adopt) return [];
  const name = terraformEndpointName(action);
  return [
    `# ${commentText(changeText(action))}: ${action.endpointId} was created by vpce-auditor through the API and nothing else owns it, so this adopts it (import) with the tables it has and the new ones.`,
    ...renderBlock('import', [
      ...providerLine(action, options),
      attribute('to', `aws_vpc_endpoint.${name}`),
      attribute('id', hclString(action.endpointId)),
    ]),
    '',
    ...renderBlock(
      `resource "aws_vpc_endpoint" "${name}"`,
      endpointBody(
        action,
        {
          serviceName: adopt.serviceName,
          routeTableIds: [...new Set([...adopt.routeTableIds, ...action.routeTableIds])].sort(),
          ipAddressType: adopt.ipAddressType,
          policy: adopt.policyDocument,
          tags: Object.entries(adopt.tags),
        },
        options,
      ),
    ),
  ];
}

function linkBlocks(action: CodeAttach, options: TerraformBlockOptions): string[] {
  return [
    `# ${commentText(changeText(action))}.`,
    `# One endpoint's route tables are managed either by its aws_vpc_endpoint's route_table_ids or by aws_vpc_endpoint_route_table_association resources, never both (they overwrite each other): if the configuration that manages ${commentText(action.endpointId)} sets route_table_ids, add these tables there instead.`,
    ...action.routeTableIds.flatMap((routeTableId, index) => [
      ...(index > 0 ? [''] : []),
      ...renderBlock(
        `resource "aws_vpc_endpoint_route_table_association" "${terraformLinkName(action.service, routeTableId)}"`,
        [
          ...ownedComments(action),
          ...providerLine(action, options),
          attribute('vpc_endpoint_id', hclString(action.endpointId)),
          attribute('route_table_id', hclString(routeTableId)),
        ],
      ),
    ]),
  ];
}

/**
 * The Terraform of one change: its resource blocks, or the comment that says where to make it when
 * Terraform must not own it.
 */
export function terraformBlocks(action: CodeAction, options: TerraformBlockOptions = {}): string[] {
  const notWritten = notWrittenReason(action, 'terraform');
  if (notWritten !== undefined) {
    return [`# Not written: ${commentText(`${changeText(action)}: ${notWritten}`)}`];
  }
  if (action.kind === 'attach') {
    return action.adopt ? adoptBlocks(action, options) : linkBlocks(action, options);
  }
  return [
    `# ${commentText(changeText(action))}; it adds its own routes to the tables, so no route blocks, and a second plan comes out clean.`,
    ...renderBlock(`resource "aws_vpc_endpoint" "${terraformEndpointName(action)}"`, [
      ...ownedComments(action),
      ...endpointBody(
        action,
        {
          serviceName: action.serviceName,
          routeTableIds: action.routeTableIds,
          ipAddressType: 'ipv4',
          policy: action.policyDocument,
          tags: [[FINDING_TAG_KEY, findingTagValue(action.findingIds)]],
        },
        options,
      ),
    ]),
  ];
}

function headerBlocks(plan: RemediationPlan, regions: readonly string[]): string[] {
  const accountKnown = /^\d{12}$/.test(plan.accountId);
  return [
    ...renderBlock('terraform', [
      attribute('required_version', hclString(TERRAFORM_REQUIRED_VERSION)),
      BLANK,
      block('required_providers', [
        mapAttribute('aws', [
          ['source', 'hashicorp/aws'],
          ['version', AWS_PROVIDER_VERSION],
        ]),
      ]),
    ]),
    ...regions.flatMap((region) => [
      '',
      ...renderBlock('provider "aws"', [
        attribute('alias', hclString(terraformProviderAlias(region))),
        attribute('region', hclString(region)),
        ...(accountKnown ? [attribute('allowed_account_ids', hclList([plan.accountId]))] : []),
      ]),
    ]),
  ];
}

/** Renders a plan as one Terraform file (see the module's comment). */
export function formatPlanTerraform(plan: RemediationPlan): string {
  const regions = [...new Set(plan.actions.map((a) => a.region))].sort();
  const written = plan.actions.filter((a) => notWrittenReason(a, 'terraform') === undefined);
  const lines = [
    `# vpce-auditor remediation as Terraform: account ${commentText(plan.accountId)}, from the report of ${commentText(plan.reportGeneratedAt)}.`,
    `# ${written.length} change(s) written as code, ${plan.actions.length - written.length} named in a comment instead; regions ${regions.join(', ') || 'none'}.`,
    '# Run it as a root module of its own (terraform init, plan, apply), or move the resource blocks into the configuration that owns each VPC.',
    ...leftOutLines(plan).map((line) => `# ${line}`),
    ...plan.warnings.map((warning) => `# Warning: ${commentText(warning)}`),
    '',
    ...headerBlocks(plan, regions),
  ];
  for (const action of plan.actions) {
    lines.push('', ...terraformBlocks(action, { providerAlias: true }));
  }
  return `${lines.join('\n')}\n`;
}
