/**
 * The cost inputs a live audit read (docs/snapshot.md, "Cost inputs"): the NAT gateway and transit
 * gateway daily byte sums from CloudWatch, the bytes flow logs measured to and from S3 and DynamoDB
 * through each NAT gateway, the prices and the window. `vpce-auditor snapshot` records them under
 * `cost`, and the offline audit prices a snapshot from them exactly as the live audit priced the
 * account: the dollars are a pure function of these inputs and the report.
 */
import * as z from 'zod';
import { lazy } from '../lazy';
import { REGION_NAME } from '../net/aws-names';

function buildCostInputSchemas() {
  const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'is not a YYYY-MM-DD day' });
  const isoTime = z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), { message: 'is not an ISO 8601 time' });
  const bytes = z.number().finite().nonnegative();
  const price = z.number().finite().positive();
  const priceSource = z.enum(['table', 'override', 'default']);
  const prefixed = (prefix: string) =>
    z
      .string()
      .refine((value) => value.startsWith(prefix), { message: `must start with "${prefix}"` });

  /** The bytes of one UTC day (a CloudWatch daily sum). */
  const DailyBytesSchema = z.object({ day: isoDay, bytes });

  /** A NAT gateway's `BytesInFromSource` + `BytesInFromDestination` daily sums. */
  const NatGatewayMetricsSchema = z.object({
    natGatewayId: prefixed('nat-'),
    dailyBytes: z.array(DailyBytesSchema),
  });

  /** A VPC's transit gateway attachment and its `BytesIn` daily sums. */
  const AttachmentMetricsSchema = z.object({
    vpcId: prefixed('vpc-'),
    transitGatewayId: prefixed('tgw-'),
    attachmentId: prefixed('tgw-attach-'),
    dailyBytes: z.array(DailyBytesSchema),
  });

  /** Bytes one NAT gateway carried to and from one service during a measurement. */
  const ServiceBytesSchema = z.object({
    /** Requests: bytes from the VPC towards the service's prefix-list CIDRs. */
    bytesToService: bytes,
    /** Responses: bytes from the service's prefix-list CIDRs back into the VPC. */
    bytesFromService: bytes,
  });

  /** The bytes of one source subnet and service (flow logs with `pkt-srcaddr`/`pkt-dstaddr`). */
  const SubnetBytesSchema = ServiceBytesSchema.extend({
    subnetId: prefixed('subnet-'),
    service: z.enum(['s3', 'dynamodb']),
  });

  /**
   * What the flow logs of one NAT gateway said: `measured` (with the bytes), or why it stays an upper
   * bound (`no-flow-log`, `not-readable` for flow logs delivered to S3 or Firehose, `failed`).
   */
  const NatMeasurementSchema = z.object({
    natGatewayId: prefixed('nat-'),
    status: z.enum(['measured', 'no-flow-log', 'not-readable', 'failed']),
    /** Why it is not measured, or what to know about the measurement. */
    reason: z.string().optional(),
    /** `flow-logs`: existing flow logs; `measure`: a `vpce-auditor measure` run. */
    source: z.enum(['flow-logs', 'measure']).optional(),
    flowLogIds: z.array(z.string()).optional(),
    logGroups: z.array(z.string()).optional(),
    /** The measured window (ISO 8601; start inclusive, end exclusive). */
    startTime: isoTime.optional(),
    endTime: isoTime.optional(),
    /** `subnet`: bytes attributed to source subnets (`pkt-*` fields); `nat-gateway`: per NAT only. */
    attribution: z.enum(['subnet', 'nat-gateway']).optional(),
    /** Bytes per service (both directions, each byte once). */
    services: z
      .object({ s3: ServiceBytesSchema.optional(), dynamodb: ServiceBytesSchema.optional() })
      .optional(),
    /** Bytes per source subnet and service (`attribution: subnet`). */
    subnets: z.array(SubnetBytesSchema).optional(),
    /** Bytes CloudWatch Logs Insights scanned for this gateway. */
    bytesScanned: bytes.optional(),
  });

  /** One region's cost inputs. */
  const RegionCostInputsSchema = z.object({
    /** `known` when the metrics were read; `unknown` when CloudWatch refused or failed. */
    status: z.enum(['known', 'unknown']),
    /** Why the region is unknown. */
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    natPricePerGb: price,
    natPriceSource: priceSource,
    tgwPricePerGb: price,
    tgwPriceSource: priceSource,
    /** The leaking NAT gateways whose metrics were read. */
    natGateways: z.array(NatGatewayMetricsSchema),
    /** The transit gateway attachments of VPCs that leak through a transit gateway (when looked up). */
    attachments: z.array(AttachmentMetricsSchema).optional(),
    /** `unknown` when the attachments could not be described. */
    transitGatewayStatus: z.enum(['known', 'unknown']).optional(),
    /** What flow logs measured per leaking NAT gateway (absent: flow logs were not looked at). */
    measurements: z.array(NatMeasurementSchema).optional(),
    /** Notes made while reading (an attachment not found…). */
    notes: z.array(z.string()).optional(),
  });

  /** Every cost input of an audit. */
  const CostInputsSchema = z.object({
    /** Days of metrics read (1–455). */
    days: z.number().int().min(1).max(455),
    /** The metric window: whole UTC days (ISO 8601; start inclusive, end exclusive). */
    startTime: isoTime,
    endTime: isoTime,
    regions: z.record(
      z.string().regex(REGION_NAME, { message: 'is not an AWS region name' }),
      RegionCostInputsSchema,
    ),
  });

  /** What `vpce-auditor measure` writes (and `audit --traffic FILE` reads). */
  const MeasurementFileSchema = z.object({
    schemaVersion: z.literal(1),
    kind: z.literal('vpce-auditor-measurement'),
    accountId: z.string().optional(),
    takenAt: isoTime.optional(),
    /** The measurements of each region's NAT gateways. */
    regions: z.record(
      z.string().regex(REGION_NAME, { message: 'is not an AWS region name' }),
      z.array(NatMeasurementSchema),
    ),
  });

  return {
    DailyBytesSchema,
    NatGatewayMetricsSchema,
    AttachmentMetricsSchema,
    ServiceBytesSchema,
    SubnetBytesSchema,
    NatMeasurementSchema,
    RegionCostInputsSchema,
    CostInputsSchema,
    MeasurementFileSchema,
  };
}

/** The zod schemas of the cost inputs and of measurement files, built on first use. */
export const costInputSchemas = lazy(buildCostInputSchemas);

type Schemas = ReturnType<typeof buildCostInputSchemas>;

/** A measurement file. */
export type MeasurementFile = z.infer<Schemas['MeasurementFileSchema']>;

/** A UTC day's bytes. */
export type DailyBytesInput = z.infer<Schemas['DailyBytesSchema']>;
/** Bytes to and from one service. */
export type ServiceBytes = z.infer<Schemas['ServiceBytesSchema']>;
/** Bytes of one source subnet and service. */
export type SubnetBytes = z.infer<Schemas['SubnetBytesSchema']>;
/** What flow logs said about one NAT gateway. */
export type NatMeasurement = z.infer<Schemas['NatMeasurementSchema']>;
/** One region's cost inputs. */
export type RegionCostInputs = z.infer<Schemas['RegionCostInputsSchema']>;
/** Every cost input of an audit. */
export type CostInputs = z.infer<Schemas['CostInputsSchema']>;
