/** The ASFF mapping: required fields, the custom product, resources and the size limits. */
import fc from 'fast-check';
import {
  ASFF_LIMITS,
  archivedVersionOf,
  reportToAsff,
  toAsffFinding,
} from '../../../src/securityhub/asff';
import { partitionOf } from '../../../src/securityhub/partition';
import { finding, report as reportOf } from '../../helpers';

const REQUIRED = [
  'AwsAccountId',
  'CreatedAt',
  'Description',
  'GeneratorId',
  'Id',
  'ProductArn',
  'Resources',
  'SchemaVersion',
  'Severity',
  'Title',
  'Types',
  'UpdatedAt',
] as const;
const RUN = '2026-11-28T03:00:00.000Z';

describe('toAsffFinding', () => {
  it('maps a leak to a FAILED, ACTIVE finding of the account custom product', () => {
    // Prepare
    const leak = finding({
      routeTableId: 'rtb-0abc',
      vpcId: 'vpc-0def',
      subnetIds: ['subnet-1', 'subnet-2'],
      targets: ['nat-0123'],
      estimatedMonthlyUsd: 120.5,
      status: 'persisting',
      firstSeen: '2026-11-01T03:00:00.000Z',
    });

    // Act
    const asff = toAsffFinding(leak, RUN);

    // Assess
    for (const field of REQUIRED) expect(asff[field]).toBeDefined();
    expect(asff).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: '111122223333/us-east-1/rtb-0abc/s3',
      ProductArn: 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default',
      GeneratorId: 'vpce-auditor/s3-endpoint-bypass',
      AwsAccountId: '111122223333',
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      CreatedAt: '2026-11-01T03:00:00.000Z',
      UpdatedAt: RUN,
      Severity: { Label: 'HIGH' },
      Region: 'us-east-1',
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
    });
    expect(asff.Resources).toEqual([
      {
        Type: 'AwsEc2RouteTable',
        Id: 'arn:aws:ec2:us-east-1:111122223333:route-table/rtb-0abc',
        Partition: 'aws',
        Region: 'us-east-1',
      },
      {
        Type: 'AwsEc2Vpc',
        Id: 'arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0def',
        Partition: 'aws',
        Region: 'us-east-1',
      },
      ...['subnet-1', 'subnet-2'].map((id) => ({
        Type: 'AwsEc2Subnet',
        Id: `arn:aws:ec2:us-east-1:111122223333:subnet/${id}`,
        Partition: 'aws',
        Region: 'us-east-1',
      })),
    ]);
    expect(asff.ProductFields).toMatchObject({
      'vpce-auditor/Path': 'nat-gateway',
      'vpce-auditor/Targets': 'nat-0123',
      'vpce-auditor/Service': 's3',
      'vpce-auditor/EstimatedMonthlyUsd': '120.50',
      'vpce-auditor/Remediation': 'create-endpoint',
    });
    expect(asff.Remediation?.Recommendation?.Text).toContain(
      'Create an S3 gateway endpoint in vpc-0def with route table rtb-0abc',
    );
  });

  it('names the partition and severity of the region and path', () => {
    // Act
    const china = toAsffFinding(
      finding({ region: 'cn-north-1', path: 'internet-gateway', severity: 'low' }),
      RUN,
    );
    const gov = toAsffFinding(
      finding({ region: 'us-gov-west-1', service: 'dynamodb', severity: 'medium' }),
      RUN,
    );

    // Assess
    expect(china.ProductArn).toBe(
      'arn:aws-cn:securityhub:cn-north-1:111122223333:product/111122223333/default',
    );
    expect(china.Resources?.[0]?.Partition).toBe('aws-cn');
    expect(china.Severity?.Label).toBe('LOW');
    expect(gov.ProductArn).toBe(
      'arn:aws-us-gov:securityhub:us-gov-west-1:111122223333:product/111122223333/default',
    );
    expect(gov.GeneratorId).toBe('vpce-auditor/dynamodb-endpoint-bypass');
    expect(gov.Severity?.Label).toBe('MEDIUM');
    expect([
      partitionOf('eu-west-1'),
      partitionOf('cn-northwest-1'),
      partitionOf('us-gov-east-1'),
    ]).toEqual(['aws', 'aws-cn', 'aws-us-gov']);
  });

  it('stays within the ASFF limits whatever the sizes of the finding', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.string({ minLength: 0, maxLength: 3000 }),
        fc.string({ minLength: 1, maxLength: 300 }),
        (subnets, reason, table) => {
          // Prepare
          const leak = finding({
            routeTableId: `rtb-${table}`,
            reason,
            subnetIds: Array.from(
              { length: subnets },
              (_, i) => `subnet-${String(i).padStart(17, '0')}`,
            ),
            targets: Array.from({ length: subnets }, (_, i) => `nat-${i}`),
          });

          // Act
          const asff = toAsffFinding(leak, RUN);

          // Assess
          expect(asff.Title?.length).toBeLessThanOrEqual(ASFF_LIMITS.title);
          expect(asff.Description?.length).toBeLessThanOrEqual(ASFF_LIMITS.description);
          expect(asff.Remediation?.Recommendation?.Text?.length).toBeLessThanOrEqual(
            ASFF_LIMITS.recommendation,
          );
          expect(asff.Resources?.length).toBe(2 + Math.min(subnets, 30));
          const fields = Object.entries(asff.ProductFields ?? {});
          expect(fields.length).toBeLessThanOrEqual(ASFF_LIMITS.productFields);
          for (const [key, value] of fields) {
            expect(key.length).toBeLessThanOrEqual(ASFF_LIMITS.productFieldKey);
            expect(value.length).toBeLessThanOrEqual(ASFF_LIMITS.productFieldValue);
          }
          expect(Buffer.byteLength(JSON.stringify(asff))).toBeLessThan(240 * 1024);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('reportToAsff', () => {
  it('exports the leaks, not the exempt findings', () => {
    // Prepare
    const report = reportOf([
      finding({ routeTableId: 'rtb-1' }),
      finding({ routeTableId: 'rtb-2', exempt: true }),
    ]);

    // Act
    const asff = reportToAsff(report);

    // Assess
    expect(asff.map((f) => f.Id)).toEqual(['111122223333/us-east-1/rtb-1/s3']);
  });
});

describe('archivedVersionOf', () => {
  it('re-imports the same finding as PASSED and ARCHIVED, without the fields Security Hub owns', () => {
    // Prepare
    const found = {
      ...toAsffFinding(finding(), '2026-11-27T03:00:00.000Z'),
      ProductFields: { 'vpce-auditor/Path': 'nat-gateway', 'aws/securityhub/FindingId': 'x' },
      Workflow: { Status: 'NOTIFIED' as const },
      Note: { Text: 'ticket 42', UpdatedBy: 'someone', UpdatedAt: '2026-11-27T05:00:00.000Z' },
    };

    // Act
    const archived = archivedVersionOf(found, RUN);

    // Assess
    for (const field of REQUIRED)
      expect(archived[field]).toEqual(field === 'UpdatedAt' ? RUN : found[field]);
    expect(archived).toMatchObject({ Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED' });
    expect(archived.ProductFields).toEqual({ 'vpce-auditor/Path': 'nat-gateway' });
    expect(archived).not.toHaveProperty('Workflow');
    expect(archived).not.toHaveProperty('Note');
  });
});
