/**
 * `remediate --format cloudformation`: the plan as one CloudFormation template (YAML) for the
 * account's region, with an `AWS::EC2::VPCEndpoint` (Gateway) per new endpoint, its VPC and route
 * tables as parameters whose defaults are the plan's ids, and the configured policy. It passes
 * `cfn-lint` with no error and no warning. A change that a template must not make (a resource of a
 * stack, or route tables added to an endpoint no template declares) is named in a comment instead,
 * with the stack and logical id to change (docs/remediation-as-code.md, "Fixes as code"). Pure.
 */
import { UserInputError } from '../errors';
import type { RemediationPlan } from '../remediation/plan-types';
import { FINDING_TAG_KEY, findingTagValue } from '../remediation/plan-tags';
import { ownedResourceText } from '../remediation/plan-iac-owner';
import {
  changeText,
  cloudFormationEndpointId,
  cloudFormationTableParameter,
  cloudFormationVpcParameter,
  commentText,
  leftOutLines,
  notWrittenReason,
  SERVICE_ARTICLE,
  type CodeAction,
  type CodeCreate,
} from './iac-action';
import { ref, yamlLines, type YamlValue } from './yaml-text';

/** CloudFormation's limit on a template's parameters. */
export const MAX_PARAMETERS = 200;

/** The resource a template without changes holds: CloudFormation refuses a template without one. */
export const NOTHING_TO_CHANGE = 'NothingToChange';

function policyValue(policy: string): YamlValue {
  try {
    return JSON.parse(policy) as YamlValue;
  } catch {
    return policy;
  }
}

/** The properties of a new endpoint; `ids` says whether ids are parameters or literal values. */
function endpointProperties(
  action: CodeCreate,
  ids: 'parameters' | 'literal',
): Record<string, YamlValue> {
  return {
    VpcEndpointType: 'Gateway',
    VpcId: ids === 'parameters' ? ref(cloudFormationVpcParameter(action.vpcId)) : action.vpcId,
    ServiceName: action.serviceName,
    IpAddressType: 'ipv4',
    RouteTableIds:
      ids === 'parameters'
        ? action.routeTableIds.map((id) => ref(cloudFormationTableParameter(id)))
        : action.routeTableIds,
    ...(action.policyDocument !== undefined
      ? { PolicyDocument: policyValue(action.policyDocument) }
      : {}),
    Tags: [{ Key: FINDING_TAG_KEY, Value: findingTagValue(action.findingIds) }],
  };
}

function ownedComment(action: CodeAction): string[] {
  const owners = action.iacManaged?.owners ?? [];
  return owners.length > 0
    ? [
        `# iac-managed (--apply leaves it to its owner): ${commentText(owners.map(ownedResourceText).join('; '))}`,
      ]
    : [];
}

/**
 * The CloudFormation of one change as a snippet: the resource with literal ids, or the comment that
 * says where to make it when a template must not.
 */
export function cloudFormationSnippet(action: CodeAction): string[] {
  const notWritten = notWrittenReason(action, 'cloudformation');
  if (notWritten !== undefined || action.kind === 'attach') {
    return [`# Not written: ${commentText(`${changeText(action)}: ${notWritten ?? ''}`)}`];
  }
  return [
    `# ${commentText(changeText(action))}`,
    ...ownedComment(action),
    ...yamlLines({
      [cloudFormationEndpointId(action)]: {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: endpointProperties(action, 'literal'),
      },
    }),
  ];
}

/** The regions a template would change: one template deploys to one region. */
function changedRegion(plan: RemediationPlan): string | undefined {
  const regions = [...new Set(plan.actions.map((a) => a.region))].sort();
  if (regions.length > 1) {
    throw new UserInputError(
      `--format cloudformation: the plan changes ${regions.length} regions (${regions.join(', ')}) and a template deploys to one: run again with --regions and one of them`,
    );
  }
  return regions[0];
}

/**
 * Renders a plan as one CloudFormation template (see the module's comment).
 *
 * @throws UserInputError when the plan changes more than one region
 */
export function formatPlanCloudFormation(plan: RemediationPlan): string {
  const region = changedRegion(plan);
  const creates: CodeCreate[] = [];
  const comments: string[] = [];
  for (const action of plan.actions) {
    const notWritten = notWrittenReason(action, 'cloudformation');
    if (notWritten === undefined && action.kind === 'create-endpoint') {
      creates.push(action);
    } else {
      comments.push(`# Not written: ${commentText(`${changeText(action)}: ${notWritten ?? ''}`)}`);
    }
  }
  // One parameter per VPC and route table (each a plain id: CommaDelimitedList defaults are not
  // split by every implementation), unless a template would pass CloudFormation's limit on them.
  const parameterCount = new Set(creates.flatMap((a) => [a.vpcId, ...a.routeTableIds])).size;
  const ids = parameterCount <= MAX_PARAMETERS ? 'parameters' : 'literal';
  const parameters: Record<string, YamlValue> = {};
  const resources: Record<string, YamlValue> = {};
  const outputs: Record<string, YamlValue> = {};
  for (const action of creates) {
    if (ids === 'parameters') {
      parameters[cloudFormationVpcParameter(action.vpcId)] = {
        Type: 'AWS::EC2::VPC::Id',
        Description: `A VPC of the planned endpoints (${action.vpcId})`,
        Default: action.vpcId,
      };
      for (const id of action.routeTableIds) {
        parameters[cloudFormationTableParameter(id)] = {
          Type: 'String',
          Description: `A route table the planned endpoints go on (${id})`,
          Default: id,
        };
      }
    }
    const logicalId = cloudFormationEndpointId(action);
    resources[logicalId] = {
      Type: 'AWS::EC2::VPCEndpoint',
      Properties: endpointProperties(action, ids),
    };
    outputs[logicalId] = {
      Description: `The id of ${SERVICE_ARTICLE[action.service]} gateway endpoint of ${action.vpcId}`,
      Value: ref(logicalId),
    };
  }
  if (creates.length === 0) {
    resources[NOTHING_TO_CHANGE] = { Type: 'AWS::CloudFormation::WaitConditionHandle' };
  }
  const template: Record<string, YamlValue> = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `vpce-auditor remediation of account ${plan.accountId}${region !== undefined ? ` in ${region}` : ''}: ${creates.length} gateway endpoint(s)`,
    ...(Object.keys(parameters).length > 0 ? { Parameters: parameters } : {}),
    Resources: resources,
    ...(creates.length > 0 ? { Outputs: outputs } : {}),
  };
  const lines = [
    `# vpce-auditor remediation as CloudFormation: account ${commentText(plan.accountId)}, from the report of ${commentText(plan.reportGeneratedAt)}.`,
    `# ${creates.length} change(s) written as code, ${comments.length} named in a comment instead.${region !== undefined ? ` Deploy it in ${region}.` : ''}`,
    '# Each gateway endpoint adds its own routes to its route tables: no AWS::EC2::Route resources.',
    ...(ids === 'literal'
      ? [
          `# The ids are written in place: as parameters they would pass CloudFormation's limit of ${MAX_PARAMETERS}.`,
        ]
      : []),
    ...leftOutLines(plan).map((line) => `# ${line}`),
    ...plan.warnings.map((warning) => `# Warning: ${commentText(warning)}`),
    ...comments,
    ...creates.flatMap((action) => [
      `# ${cloudFormationEndpointId(action)}: ${commentText(changeText(action))}`,
      ...ownedComment(action),
    ]),
    ...yamlLines(template),
  ];
  return `${lines.join('\n')}\n`;
}
