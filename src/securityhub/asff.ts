/**
 * Findings in the AWS Security Finding Format (ASFF), for `--format asff` and Security Hub's
 * `BatchImportFindings` (pure). Each leak is one finding of the account's own custom product
 * (`arn:<partition>:securityhub:<region>:<account>:product/<account>/default`), with one generator per
 * rule (`vpce-auditor/s3-endpoint-bypass`, `vpce-auditor/dynamodb-endpoint-bypass`); its `Id` is the
 * finding id, so the next import of the same leak updates it. Limits: Title 256 characters,
 * Description 1024, Recommendation text 512, at most 32 resources, 50 product fields of at most 128 /
 * 2048 characters.
 */
import type { AwsSecurityFinding, Resource } from '@aws-sdk/client-securityhub';
import type { Family, Finding, Report, ServiceName } from '../types';
import { partitionOf } from './partition';

/** The ASFF schema version every finding carries. */
export const ASFF_SCHEMA_VERSION = '2018-10-08';
/** The finding type of every vpce-auditor finding. */
export const ASFF_TYPES = ['Software and Configuration Checks/AWS Security Best Practices'];
/** Every vpce-auditor generator id starts with this. */
export const GENERATOR_PREFIX = 'vpce-auditor/';
/** Subnets listed as resources of one finding (with the route table and the VPC: 32, the limit). */
export const MAX_SUBNET_RESOURCES = 30;
/** ASFF field limits. */
export const ASFF_LIMITS = {
  title: 256,
  description: 1024,
  recommendation: 512,
  productFields: 50,
  productFieldKey: 128,
  productFieldValue: 2048,
  resources: 32,
} as const;

const SERVICE_LABEL: Record<ServiceName, string> = { s3: 'S3', dynamodb: 'DynamoDB' };
const SEVERITY_LABEL = { high: 'HIGH', medium: 'MEDIUM', low: 'LOW' } as const;
/** The address family in a title: nothing for IPv4, as before the families. */
const FAMILY_WORD: Record<Family, string> = { ipv4: '', ipv6: ' IPv6', nat64: ' NAT64' };

/** The generator id of a service's rule. */
export function generatorIdOf(service: ServiceName): string {
  return `${GENERATOR_PREFIX}${service}-endpoint-bypass`;
}

/** The generator ids vpce-auditor imports with. */
export const GENERATOR_IDS: ReadonlySet<string> = new Set(
  (['s3', 'dynamodb'] as const).map(generatorIdOf),
);

/** The account's own custom product ARN in a region (the only one an account may import into). */
export function productArnOf(accountId: string, region: string): string {
  return `arn:${partitionOf(region)}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** `text`, cut to `max` characters with an ellipsis when longer. */
export function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

function ec2Resource(finding: Finding, type: string, kind: string, id: string): Resource {
  const partition = partitionOf(finding.region);
  return {
    Type: type,
    Id: `arn:${partition}:ec2:${finding.region}:${finding.accountId}:${kind}/${id}`,
    Partition: partition,
    Region: finding.region,
  };
}

function recommendation(finding: Finding): string {
  const service = SERVICE_LABEL[finding.service];
  switch (finding.remediation) {
    case 'attach-to-existing-endpoint':
      return `Attach route table ${finding.routeTableId} to the existing ${service} gateway endpoint of ${finding.vpcId} (vpce-auditor remediate does it, dry run first).`;
    case 'create-endpoint':
      return `Create ${finding.service === 's3' ? 'an' : 'a'} ${service} gateway endpoint in ${finding.vpcId} with route table ${finding.routeTableId} (free; vpce-auditor remediate does it, dry run first). Bucket policies conditioned on aws:SourceIp stop matching through an endpoint: use aws:SourceVpce or aws:SourceVpc.`;
    case 'manual':
      if (finding.family !== undefined && finding.family !== 'ipv4') {
        // No gateway endpoint route fixes this family's traffic: the reason says what does.
        return `Route table ${finding.routeTableId}, by hand: ${finding.reason}.`;
      }
      return `Review route table ${finding.routeTableId} by hand: a more specific route would still win over a gateway endpoint, exempt subnets share it, or the path may pass central inspection.`;
    case 'none':
      return `None: the finding is exempt (tagged vpce-auditor:exempt).`;
  }
}

function productFields(finding: Finding): Record<string, string> {
  const fields: Record<string, string> = {
    'vpce-auditor/Service': finding.service,
    'vpce-auditor/Family': finding.family ?? 'ipv4',
    'vpce-auditor/Path': finding.path,
    'vpce-auditor/Targets': finding.targets.join(','),
    'vpce-auditor/Remediation': finding.remediation,
    'vpce-auditor/VpcId': finding.vpcId,
    'vpce-auditor/RouteTableId': finding.routeTableId,
    'vpce-auditor/SubnetCount': String(finding.subnetIds.length),
    'vpce-auditor/Subnets': finding.subnetIds.join(','),
  };
  if (finding.estimatedMonthlyUsd !== undefined) {
    fields['vpce-auditor/EstimatedMonthlyUsd'] = finding.estimatedMonthlyUsd.toFixed(2);
  }
  // What the dollars are: `measured` from flow logs, or an `upper-bound` (the gateway's whole traffic).
  if (finding.costBasis !== undefined) fields['vpce-auditor/CostBasis'] = finding.costBasis;
  const measuredBytes = (finding.costShares ?? []).reduce(
    (sum, share) => sum + (share.basis === 'measured' ? (share.measuredBytes ?? 0) : 0),
    0,
  );
  if (finding.costBasis !== undefined && measuredBytes > 0)
    fields['vpce-auditor/MeasuredBytes'] = String(measuredBytes);
  if (finding.status !== undefined) fields['vpce-auditor/Status'] = finding.status;
  return Object.fromEntries(
    Object.entries(fields)
      .slice(0, ASFF_LIMITS.productFields)
      .map(([key, value]) => [
        bounded(key, ASFF_LIMITS.productFieldKey),
        bounded(value, ASFF_LIMITS.productFieldValue),
      ]),
  );
}

/**
 * One leak as an ASFF finding (`Compliance.Status` FAILED, `RecordState` ACTIVE). `CreatedAt` is the
 * leak's `firstSeen` (the run's time when no history was computed), `UpdatedAt` the run's time; each
 * resource (route table, VPC, up to 30 subnets) carries its ARN, `Partition` and `Region`.
 */
export function toAsffFinding(finding: Finding, updatedAt: string): AwsSecurityFinding {
  const firstSeen = finding.firstSeen ?? updatedAt;
  const service = SERVICE_LABEL[finding.service];
  const subnets = finding.subnetIds.slice(0, MAX_SUBNET_RESOURCES);
  const more = finding.subnetIds.length - subnets.length;
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: finding.id,
    ProductArn: productArnOf(finding.accountId, finding.region),
    GeneratorId: generatorIdOf(finding.service),
    AwsAccountId: finding.accountId,
    Types: [...ASFF_TYPES],
    FirstObservedAt: firstSeen,
    LastObservedAt: updatedAt,
    CreatedAt: firstSeen,
    UpdatedAt: updatedAt,
    Severity: { Label: SEVERITY_LABEL[finding.severity], Original: finding.severity },
    // Where a provider states severity and types: after a customer changes them, Security Hub keeps
    // the customer's values and updates these.
    FindingProviderFields: {
      Severity: { Label: SEVERITY_LABEL[finding.severity], Original: finding.severity },
      Types: [...ASFF_TYPES],
    },
    Title: bounded(
      `${service}${FAMILY_WORD[finding.family ?? 'ipv4']} traffic of route table ${finding.routeTableId} bypasses a gateway VPC endpoint (${finding.path})`,
      ASFF_LIMITS.title,
    ),
    Description: bounded(
      `${finding.reason}.${more > 0 ? ` ${more} more subnet(s) use this route table than the 30 listed as resources.` : ''}`,
      ASFF_LIMITS.description,
    ),
    Remediation: {
      Recommendation: { Text: bounded(recommendation(finding), ASFF_LIMITS.recommendation) },
    },
    ProductFields: productFields(finding),
    Resources: [
      ec2Resource(finding, 'AwsEc2RouteTable', 'route-table', finding.routeTableId),
      ec2Resource(finding, 'AwsEc2Vpc', 'vpc', finding.vpcId),
      ...subnets.map((subnetId) => ec2Resource(finding, 'AwsEc2Subnet', 'subnet', subnetId)),
    ],
    Region: finding.region,
    Compliance: { Status: 'FAILED' },
    RecordState: 'ACTIVE',
  };
}

/** The report's leaks (non-exempt findings) as ASFF findings, in the report's order. */
export function reportToAsff(report: Report): AwsSecurityFinding[] {
  return report.findings
    .filter((finding) => !finding.exempt)
    .map((finding) => toAsffFinding(finding, report.generatedAt));
}

/** `--format asff`: the ASFF array, pretty-printed. */
export function formatAsff(report: Report): string {
  return `${JSON.stringify(reportToAsff(report), null, 2)}\n`;
}

/** A finding of ours now fixed: the same finding re-imported as PASSED and ARCHIVED. */
export function archivedVersionOf(
  found: AwsSecurityFinding,
  updatedAt: string,
): AwsSecurityFinding {
  const fields = Object.fromEntries(
    Object.entries(found.ProductFields ?? {}).filter(([key]) => !key.startsWith('aws/')),
  );
  return {
    SchemaVersion: found.SchemaVersion ?? ASFF_SCHEMA_VERSION,
    Id: found.Id,
    ProductArn: found.ProductArn,
    GeneratorId: found.GeneratorId,
    AwsAccountId: found.AwsAccountId,
    Types: found.Types ?? [...ASFF_TYPES],
    CreatedAt: found.CreatedAt,
    UpdatedAt: updatedAt,
    Severity: found.Severity?.Label ? found.Severity : { Label: 'LOW' },
    Title: found.Title,
    Description: found.Description,
    Resources: found.Resources,
    ...(found.Region ? { Region: found.Region } : {}),
    ...(found.Remediation ? { Remediation: found.Remediation } : {}),
    ...(found.FindingProviderFields ? { FindingProviderFields: found.FindingProviderFields } : {}),
    ...(Object.keys(fields).length > 0 ? { ProductFields: fields } : {}),
    Compliance: { Status: 'PASSED' },
    RecordState: 'ARCHIVED',
  };
}
