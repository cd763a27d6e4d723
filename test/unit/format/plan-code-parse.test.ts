/**
 * The code formats read back: the Terraform through HashiCorp's HCL parser (`@cdktn/hcl2json`), the
 * CloudFormation through a YAML parser, each checked for the endpoints, route tables and policies
 * of the plan; and, over generated estates, every planned change once in each output, and the
 * Terraform's resources applied to the estate giving the verdicts the plan's changes give.
 */
import fc from 'fast-check';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { formatPlanCloudFormation } from '../../../src/format/plan-cloudformation';
import { formatPlanTerraform } from '../../../src/format/plan-terraform';
import { planRemediation, type PlanOptions } from '../../../src/remediation/plan';
import type { RemediationPlan } from '../../../src/remediation/plan-types';
import type { Snapshot } from '../../../src/snapshot/schema';
import { estate, type VpcSpec, numberedVpc } from '../../helpers';
import {
  applyChanges,
  changesOfPlan,
  changesOfTemplate,
  changesOfTerraform,
  parseTemplate,
  parseTerraform,
  type EndpointChange,
} from '../../helpers/iac-changes';
import { stackTags } from '../../helpers/stack-tags';

const REGION = 'us-east-1';
const NAT = 'nat-0123456789abcdef0';
const IGW = 'igw-0123456789abcdef0';

function planOf(snapshot: Snapshot, options: PlanOptions = {}): RemediationPlan {
  return planRemediation(analyzeSnapshot(snapshot, { generatedAt: 'now' }), snapshot, {
    maxChanges: 1000,
    ...options,
  });
}

/** Changes in one order, for comparison. */
function sorted(changes: readonly EndpointChange[]): EndpointChange[] {
  const merged = new Map<string, EndpointChange>();
  for (const change of changes) {
    const key = `${change.region}/${change.vpcId}/${change.service}/${change.endpointId ?? 'new'}`;
    const previous = merged.get(key);
    merged.set(key, {
      ...change,
      routeTableIds: [...(previous?.routeTableIds ?? []), ...change.routeTableIds].sort(),
    });
  }
  return [...merged.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, c]) => c);
}

/** The verdict of every subnet and service, for comparison. */
function verdicts(snapshot: Snapshot): string[] {
  return analyzeSnapshot(snapshot, { generatedAt: 'now' }).subnets.flatMap((subnet) =>
    Object.entries(subnet.services).map(
      ([service, verdict]) =>
        `${subnet.subnetId} ${service} ${verdict?.path ?? '-'} ${verdict?.targets.join(',') ?? ''}`,
    ),
  );
}

const sampleEstate = estate(REGION)
  .vpcs([
    numberedVpc(1, [NAT, NAT]),
    {
      id: 'vpc-0a000000000000002',
      tables: [
        { id: 'rtb-021', subnets: ['subnet-021'], via: IGW },
        { id: 'rtb-022', subnets: ['subnet-022'], via: NAT },
      ],
      endpoints: [
        { id: 'vpce-0b000000000000002', service: 's3', tables: ['rtb-021'] },
        {
          id: 'vpce-0b000000000000003',
          service: 'dynamodb',
          tables: ['rtb-021'],
          tags: [{ Key: 'ManagedBy', Value: 'vpce-auditor' }],
        },
      ],
    },
  ])
  .build();

describe('the generated Terraform, parsed back', () => {
  it('names the endpoints, route tables and policies of the plan', async () => {
    // Prepare
    const policy =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:userid}/*"}]}';
    const plan = planOf(sampleEstate, { policyDocuments: { s3: policy } });

    // Act
    const parsed = await parseTerraform(formatPlanTerraform(plan));

    // Assess
    expect(sorted(changesOfTerraform(parsed, sampleEstate))).toEqual(sorted(changesOfPlan(plan)));
    expect(parsed.import).toEqual([
      {
        provider: '${aws.us_east_1}',
        id: 'vpce-0b000000000000003',
        to: '${aws_vpc_endpoint.dynamodb_vpc_0a000000000000002}',
      },
    ]);
    expect(parsed.terraform).toEqual([
      expect.objectContaining({
        required_version: '>= 1.5.0',
        required_providers: [{ aws: { source: 'hashicorp/aws', version: '>= 5.0' } }],
      }),
    ]);
  });

  it('rejects text that is not HCL (the parser is a real one)', async () => {
    // Prepare
    const broken = 'resource "aws_vpc_endpoint" "x" {\n  vpc_id = \n';

    // Act
    const parsing = parseTerraform(broken);

    // Assess
    await expect(parsing).rejects.toBeDefined();
  });
});

describe('the generated CloudFormation, parsed back', () => {
  it('creates the endpoints of the plan with their route tables and policy', () => {
    // Prepare
    const policy =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';
    const plan = planOf(sampleEstate, { policyDocuments: { s3: policy } });

    // Act
    const template = parseTemplate(formatPlanCloudFormation(plan));

    // Assess
    expect(sorted(changesOfTemplate(template, REGION))).toEqual(
      sorted(changesOfPlan(plan).filter((c) => c.endpointId === undefined)),
    );
  });
});

/** A small estate: VPCs with leaking tables, existing endpoints and owner tags, drawn at random. */
const estates = fc
  .array(
    fc.record({
      tables: fc.array(
        fc.record({
          via: fc.constantFrom(NAT, IGW, undefined),
          stack: fc.boolean(),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      endpoints: fc.array(
        fc.record({
          service: fc.constantFrom('s3' as const, 'dynamodb' as const),
          onFirst: fc.boolean(),
          owner: fc.constantFrom('none', 'vpce-auditor', 'stack'),
        }),
        { maxLength: 2 },
      ),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((vpcs) =>
    estate(REGION)
      .vpcs(
        vpcs.map((spec, v): VpcSpec => ({
          id: `vpc-0a00000000000000${v}`,
          tables: spec.tables.map((table, t) => ({
            id: `rtb-0${v}${t}`,
            subnets: [`subnet-0${v}${t}`],
            ...(table.via !== undefined ? { via: table.via } : {}),
            ...(table.stack ? { tags: stackTags('network', `Rt${v}${t}`) } : {}),
          })),
          endpoints: spec.endpoints
            // One endpoint per service and VPC.
            .filter((e, i, all) => all.findIndex((o) => o.service === e.service) === i)
            .map((endpoint, e) => ({
              id: `vpce-0b0000000000000${v}${e}`,
              service: endpoint.service,
              tables: endpoint.onFirst ? [`rtb-0${v}0`] : [],
              ...(endpoint.owner === 'vpce-auditor'
                ? { tags: [{ Key: 'ManagedBy', Value: 'vpce-auditor' }] }
                : endpoint.owner === 'stack'
                  ? { tags: stackTags('network', `Endpoint${v}${e}`) }
                  : {}),
            })),
        })),
      )
      .build(),
  );

/** How many times a change is named in a `Not written` comment of the text. */
function namedCount(text: string, actionId: string): number {
  return text.split('\n').filter((line) => line.startsWith(`# Not written: ${actionId}:`)).length;
}

describe('the code formats over generated estates', () => {
  it('hold every planned change exactly once, as code or named in a comment', async () => {
    await fc.assert(
      fc.asyncProperty(estates, async (snapshot) => {
        // Prepare
        const plan = planOf(snapshot);

        // Act
        const terraform = formatPlanTerraform(plan);
        const cloudFormation = formatPlanCloudFormation(plan);
        const parsed = await parseTerraform(terraform);
        const template = parseTemplate(cloudFormation);

        // Assess
        const inTerraform = changesOfTerraform(parsed, snapshot);
        const inTemplate = changesOfTemplate(template, REGION);
        for (const action of plan.actions) {
          const key = (c: EndpointChange) =>
            c.vpcId === action.vpcId && c.service === action.service;
          const tfTables = inTerraform.filter(key).flatMap((c) => c.routeTableIds);
          const tfNamed = namedCount(terraform, action.id);
          expect(tfNamed + (tfTables.length > 0 ? 1 : 0)).toBe(1);
          if (tfNamed === 0) expect(tfTables.sort()).toEqual(action.routeTableIds);
          const cfnTables = inTemplate.filter(key).flatMap((c) => c.routeTableIds);
          const cfnNamed = namedCount(cloudFormation, action.id);
          expect(cfnNamed + (cfnTables.length > 0 ? 1 : 0)).toBe(1);
          if (cfnNamed === 0) expect(cfnTables).toEqual(action.routeTableIds);
        }
        expect(inTerraform.every((c) => plan.actions.some((a) => a.vpcId === c.vpcId))).toBe(true);
        expect(inTemplate).toHaveLength(
          plan.actions.filter((a) => namedCount(cloudFormation, a.id) === 0).length,
        );
      }),
      { numRuns: 40 },
    );
  });

  it("give, applied to the estate, the verdicts the plan's own changes give", async () => {
    await fc.assert(
      fc.asyncProperty(estates, async (snapshot) => {
        // Prepare
        const plan = planOf(snapshot);
        const written = plan.actions.filter(
          (a) => namedCount(formatPlanTerraform(plan), a.id) === 0,
        );

        // Act
        const parsed = await parseTerraform(formatPlanTerraform(plan));
        const byTerraform = applyChanges(snapshot, changesOfTerraform(parsed, snapshot));
        const byPlan = applyChanges(snapshot, changesOfPlan({ ...plan, actions: written }));

        // Assess
        expect(verdicts(byTerraform)).toEqual(verdicts(byPlan));
      }),
      { numRuns: 40 },
    );
  });
});
