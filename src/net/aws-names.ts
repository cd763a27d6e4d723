/**
 * How AWS names the things the auditor matches by name: regions, the AWS-managed prefix lists of the
 * gateway-endpoint services and the endpoint services themselves. The snapshot schema, the analysis,
 * the collection, remediation planning and the option parsers all read these names from here.
 *
 * The China regions (`cn-north-1`, `cn-northwest-1`) name their endpoint services
 * `cn.com.amazonaws.<region>.<service>`; their prefix lists have been seen under both forms, so both
 * are accepted there.
 */
import type { ServiceName } from '../types';

/** AWS region names: `us-east-1`, `ap-southeast-5`, `us-gov-west-1`, `eusc-de-east-1`… */
export const REGION_NAME = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

/** True for the regions of the China partition (`cn-north-1`, `cn-northwest-1`). */
export function isChinaRegion(region: string): boolean {
  return region.startsWith('cn-');
}

/** The reverse-DNS namespace of AWS service names in a region: `com.amazonaws`, or `cn.com.amazonaws` in China. */
export function serviceNamespace(region: string): string {
  return isChinaRegion(region) ? 'cn.com.amazonaws' : 'com.amazonaws';
}

/**
 * The endpoint service name of a gateway-endpoint service in a region: `com.amazonaws.us-east-1.s3`,
 * `cn.com.amazonaws.cn-north-1.s3`. It is what `CreateVpcEndpoint` takes and what the IAM condition
 * key `ec2:VpceServiceName` compares.
 */
export function endpointServiceName(region: string, service: ServiceName): string {
  return `${serviceNamespace(region)}.${region}.${service}`;
}

/**
 * The names a service's AWS-managed prefix list may carry in a region, the usual one first:
 * `com.amazonaws.<region>.<service>`, and in China also `cn.com.amazonaws.<region>.<service>`.
 */
export function servicePrefixListNames(region: string, service: ServiceName): string[] {
  const plain = `com.amazonaws.${region}.${service}`;
  return isChinaRegion(region) ? [plain, `cn.${plain}`] : [plain];
}

/** True when `name` is one of {@link servicePrefixListNames} of the service in the region. */
export function isServicePrefixListName(
  name: string | undefined,
  region: string,
  service: ServiceName,
): boolean {
  return name !== undefined && servicePrefixListNames(region, service).includes(name);
}

/**
 * The service an endpoint service name stands for: its last label (`com.amazonaws.us-east-1.s3` →
 * `s3`); empty for an endpoint without a service name (VPC Lattice resource and service-network
 * endpoints).
 */
export function serviceOfEndpointServiceName(serviceName: string | undefined): string {
  if (serviceName === undefined) return '';
  const dot = serviceName.lastIndexOf('.');
  return dot < 0 ? serviceName : serviceName.slice(dot + 1);
}

/** What {@link isS3Ipv6PrefixList} reads of a prefix list. */
export interface PrefixListIdentity {
  PrefixListName?: string | undefined;
  OwnerId?: string | undefined;
  AddressFamily?: string | undefined;
}

/**
 * True when the list is AWS-managed: its owner is `AWS` (any case: moto says `aws`) or its name
 * starts with `com.amazonaws.` (`cn.com.amazonaws.` in China), which customer-managed names cannot.
 */
export function isAwsManagedPrefixList(list: PrefixListIdentity): boolean {
  const name = list.PrefixListName ?? '';
  return (
    list.OwnerId?.toLowerCase() === 'aws' ||
    name.startsWith('com.amazonaws.') ||
    name.startsWith('cn.com.amazonaws.')
  );
}

/**
 * True when the list is S3's IPv6 list: AWS-managed, `AddressFamily` `IPv6`, and a name ending in
 * `.s3`. Never matched by its exact name, which AWS does not document.
 */
export function isS3Ipv6PrefixList(list: PrefixListIdentity): boolean {
  return (
    list.AddressFamily === 'IPv6' &&
    (list.PrefixListName ?? '').endsWith('.s3') &&
    isAwsManagedPrefixList(list)
  );
}
