/**
 * The snapshot: what `collect` produces and `analyze` reads. Every array holds objects as the EC2
 * API returns them; only the fields the routing rules read are required and unknown fields are
 * dropped. The integrity rules (unique ids, one main table per VPC…) are in integrity.ts.
 */
import * as z from 'zod';
import { REGION_NAME } from '../net/aws-names';
import { isCidr } from '../net/cidr';
import { lazy } from '../lazy';
import { costInputSchemas } from './cost-inputs';

/** The address families a prefix list can have. */
export const ADDRESS_FAMILIES = ['IPv4', 'IPv6'] as const;

/** An AWS account id: exactly 12 ASCII digits. */
export const ACCOUNT_ID = /^\d{12}$/;

function buildSnapshotSchemas() {
  const id = (prefix: string) =>
    z
      .string()
      .refine((value) => value.startsWith(prefix), { message: `must start with "${prefix}"` });

  const cidr4 = z.string().refine((value) => isCidr(value, 4), { message: 'is not an IPv4 CIDR' });
  const cidr6 = z.string().refine((value) => isCidr(value, 6), { message: 'is not an IPv6 CIDR' });
  const anyCidr = z.string().refine((value) => isCidr(value), { message: 'is not a CIDR' });

  /** An EC2 tag. */
  const TagSchema = z.object({ Key: z.string(), Value: z.string().optional() });
  const tags = z.array(TagSchema).optional();

  const VpcSchema = z.object({
    VpcId: id('vpc-'),
    OwnerId: z.string().optional(),
    CidrBlock: cidr4.optional(),
    IsDefault: z.boolean().optional(),
    Tags: tags,
  });

  /** One IPv6 CIDR of a subnet; only `Ipv6CidrBlockState.State: associated` counts. */
  const SubnetIpv6CidrBlockAssociationSchema = z.object({
    Ipv6CidrBlock: cidr6.optional(),
    Ipv6CidrBlockState: z.object({ State: z.string().optional() }).optional(),
  });

  /**
   * A subnet: EC2 gives every subnet that is not IPv6-only a `CidrBlock`, and an IPv6-only subnet
   * (`Ipv6Native: true`) none, so a subnet has exactly one of the two.
   */
  const SubnetSchema = z
    .object({
      SubnetId: id('subnet-'),
      VpcId: id('vpc-'),
      CidrBlock: cidr4.optional(),
      Ipv6CidrBlockAssociationSet: z.array(SubnetIpv6CidrBlockAssociationSchema).optional(),
      Ipv6Native: z.boolean().optional(),
      EnableDns64: z.boolean().optional(),
      AvailabilityZone: z.string().optional(),
      OwnerId: z.string().optional(),
      Tags: tags,
    })
    .superRefine((subnet, context) => {
      if (subnet.CidrBlock === undefined && subnet.Ipv6Native !== true) {
        context.addIssue({
          code: 'custom',
          path: ['CidrBlock'],
          message: 'is required unless the subnet is IPv6-only (Ipv6Native: true)',
        });
      } else if (subnet.CidrBlock !== undefined && subnet.Ipv6Native === true) {
        context.addIssue({
          code: 'custom',
          path: ['Ipv6Native'],
          message: `is true, but the subnet has CidrBlock "${subnet.CidrBlock}": an IPv6-only subnet has no IPv4 CIDR`,
        });
      }
    });

  const RouteTableAssociationSchema = z.object({
    Main: z.boolean().optional(),
    SubnetId: z.string().optional(),
    GatewayId: z.string().optional(),
    RouteTableAssociationId: z.string().optional(),
    AssociationState: z.object({ State: z.string().optional() }).optional(),
  });

  const RouteSchema = z
    .object({
      DestinationCidrBlock: cidr4.optional(),
      DestinationIpv6CidrBlock: cidr6.optional(),
      DestinationPrefixListId: id('pl-').optional(),
      GatewayId: z.string().optional(),
      NatGatewayId: z.string().optional(),
      InstanceId: z.string().optional(),
      NetworkInterfaceId: z.string().optional(),
      TransitGatewayId: z.string().optional(),
      CoreNetworkArn: z.string().optional(),
      VpcPeeringConnectionId: z.string().optional(),
      CarrierGatewayId: z.string().optional(),
      LocalGatewayId: z.string().optional(),
      EgressOnlyInternetGatewayId: z.string().optional(),
      Origin: z.string().optional(),
      State: z.string().optional(),
    })
    .refine(
      (route) =>
        route.DestinationCidrBlock !== undefined ||
        route.DestinationIpv6CidrBlock !== undefined ||
        route.DestinationPrefixListId !== undefined,
      {
        message:
          'has no destination (DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId)',
      },
    );

  const RouteTableSchema = z.object({
    RouteTableId: id('rtb-'),
    VpcId: id('vpc-'),
    OwnerId: z.string().optional(),
    Associations: z.array(RouteTableAssociationSchema),
    Routes: z.array(RouteSchema),
    Tags: tags,
  });

  const VpcEndpointSchema = z.object({
    VpcEndpointId: id('vpce-'),
    VpcEndpointType: z.string(),
    VpcId: id('vpc-'),
    // VPC Lattice resource and service-network endpoints have no ServiceName.
    ServiceName: z.string().optional(),
    State: z.string().optional(),
    RouteTableIds: z.array(z.string()).optional(),
    PrivateDnsEnabled: z.boolean().optional(),
    /** Which address families' prefix lists a gateway endpoint routes (absent: `ipv4`). */
    IpAddressType: z.string().optional(),
    DnsOptions: z
      .object({
        DnsRecordIpType: z.string().optional(),
        PrivateDnsOnlyForInboundResolverEndpoint: z.boolean().optional(),
      })
      .optional(),
    OwnerId: z.string().optional(),
    /** The endpoint policy (JSON text); EC2 always returns it for gateway endpoints. */
    PolicyDocument: z.string().optional(),
    Tags: tags,
  });

  const NatGatewaySchema = z.object({
    NatGatewayId: id('nat-'),
    VpcId: z.string().optional(),
    SubnetId: z.string().optional(),
    State: z.string().optional(),
    ConnectivityType: z.string().optional(),
    AvailabilityMode: z.string().optional(),
    /** Its network interfaces (the flow-log measurement reads their records). */
    NatGatewayAddresses: z
      .array(
        z.object({
          NetworkInterfaceId: z.string().optional(),
          PrivateIp: z.string().optional(),
        }),
      )
      .optional(),
    Tags: tags,
  });

  const InternetGatewaySchema = z.object({
    InternetGatewayId: id('igw-'),
    Attachments: z
      .array(z.object({ VpcId: z.string().optional(), State: z.string().optional() }))
      .optional(),
    OwnerId: z.string().optional(),
    Tags: tags,
  });

  const PrefixListSchema = z
    .object({
      PrefixListId: id('pl-'),
      PrefixListName: z.string().optional(),
      /** `IPv4` (the default when absent) or `IPv6`: every CIDR of the list is of that family. */
      AddressFamily: z.enum(ADDRESS_FAMILIES).optional(),
      /** `AWS` for the AWS-managed lists (moto says `aws`). */
      OwnerId: z.string().optional(),
      Cidrs: z.array(anyCidr),
    })
    .superRefine((list, context) => {
      const family = list.AddressFamily ?? 'IPv4';
      const wanted = family === 'IPv6' ? 6 : 4;
      list.Cidrs.forEach((cidr, index) => {
        // A text that is no CIDR at all is refused by the field's own check.
        if (isCidr(cidr) && !isCidr(cidr, wanted)) {
          context.addIssue({
            code: 'custom',
            path: ['Cidrs', index],
            message: `is not an ${family} CIDR, and the list's AddressFamily is ${family}`,
          });
        }
      });
    });

  /** An egress-only internet gateway, as describe-egress-only-internet-gateways prints it. */
  const EgressOnlyInternetGatewaySchema = z.object({
    EgressOnlyInternetGatewayId: id('eigw-'),
    Attachments: z
      .array(z.object({ VpcId: z.string().optional(), State: z.string().optional() }))
      .optional(),
    Tags: tags,
  });

  /**
   * One region's inventory. Every array is required (an empty one is written `[]`): a missing array
   * cannot be told from a failed or forgotten collection, and guessing "none" would hide leaks.
   */
  const RegionSnapshotSchema = z.object({
    Vpcs: z.array(VpcSchema),
    Subnets: z.array(SubnetSchema),
    RouteTables: z.array(RouteTableSchema),
    VpcEndpoints: z.array(VpcEndpointSchema),
    NatGateways: z.array(NatGatewaySchema),
    InternetGateways: z.array(InternetGatewaySchema),
    PrefixLists: z.array(PrefixListSchema),
    /** Optional, unlike the others: no verdict depends on it (names and integrity only). */
    EgressOnlyInternetGateways: z.array(EgressOnlyInternetGatewaySchema).optional(),
  });

  /**
   * An AWS account id: exactly 12 ASCII digits (finding ids, ASFF's `AwsAccountId` and the
   * remediation's owner checks all need the real one).
   */
  const AccountIdSchema = z
    .string()
    .regex(ACCOUNT_ID, { message: 'is not an AWS account id (12 digits)' });

  /** A region that could not be collected: what the live audit would list in the report's `errors`. */
  const SnapshotErrorSchema = z.object({
    region: z.string().regex(REGION_NAME, { message: 'is not an AWS region name' }),
    operation: z.string(),
    code: z.string(),
    message: z.string(),
    accountId: AccountIdSchema.optional(),
  });

  /** The whole snapshot. */
  const SnapshotSchema = z.object({
    schemaVersion: z.literal(1),
    /** The account the snapshot describes (required: an account's findings are named by it). */
    accountId: AccountIdSchema,
    collectedAt: z.string().optional(),
    regions: z.record(
      z.string().regex(REGION_NAME, { message: 'is not an AWS region name' }),
      RegionSnapshotSchema,
    ),
    /** The regions that failed when the snapshot was taken (absent in older snapshots = none). */
    errors: z.array(SnapshotErrorSchema).optional(),
    /** The cost inputs the live audit read (absent: the offline audit prints no dollars). */
    cost: costInputSchemas().CostInputsSchema.optional(),
  });

  return {
    TagSchema,
    VpcSchema,
    SubnetIpv6CidrBlockAssociationSchema,
    SubnetSchema,
    RouteTableAssociationSchema,
    RouteSchema,
    RouteTableSchema,
    VpcEndpointSchema,
    NatGatewaySchema,
    InternetGatewaySchema,
    PrefixListSchema,
    EgressOnlyInternetGatewaySchema,
    RegionSnapshotSchema,
    AccountIdSchema,
    SnapshotErrorSchema,
    SnapshotSchema,
  };
}

/**
 * The snapshot's zod schemas, built on first use: only the commands that read a snapshot file need
 * them (a live audit maps the SDK's answers itself, src/collect/to-region-snapshot.ts).
 */
export const snapshotSchemas = lazy(buildSnapshotSchemas);

type Schemas = ReturnType<typeof buildSnapshotSchemas>;

export type Tag = z.infer<Schemas['TagSchema']>;
export type Vpc = z.infer<Schemas['VpcSchema']>;
export type Subnet = z.infer<Schemas['SubnetSchema']>;
export type RouteTableAssociation = z.infer<Schemas['RouteTableAssociationSchema']>;
export type Route = z.infer<Schemas['RouteSchema']>;
export type RouteTable = z.infer<Schemas['RouteTableSchema']>;
export type VpcEndpoint = z.infer<Schemas['VpcEndpointSchema']>;
export type NatGateway = z.infer<Schemas['NatGatewaySchema']>;
export type InternetGateway = z.infer<Schemas['InternetGatewaySchema']>;
export type PrefixList = z.infer<Schemas['PrefixListSchema']>;
export type EgressOnlyInternetGateway = z.infer<Schemas['EgressOnlyInternetGatewaySchema']>;
/** A region that failed when the snapshot was taken. */
export type SnapshotError = z.infer<Schemas['SnapshotErrorSchema']>;
/** One region's inventory, validated. */
export type RegionSnapshot = z.infer<Schemas['RegionSnapshotSchema']>;
/** The validated snapshot. */
export type Snapshot = z.infer<Schemas['SnapshotSchema']>;
/** A snapshot as written to a file (optional arrays may be absent). */
export type SnapshotInput = z.input<Schemas['SnapshotSchema']>;
