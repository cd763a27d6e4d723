/**
 * Snapshots that cannot describe a real account are refused with the JSON path of the problem:
 * duplicate ids, two main route tables, two explicit associations of a subnet, resources in a VPC
 * absent from `Vpcs`, too deep nesting, numbers out of range, invalid UTF-8, files too large.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SnapshotValidationError, UserInputError } from '../../../src/errors';
import { MAX_INPUT_BYTES } from '../../../src/json-limits';
import { loadSnapshot, parseSnapshot, parseSnapshotText } from '../../../src/snapshot/load';
import { estate } from '../../helpers/estate-builder';
import { issuesOf, specifyIssues } from '../../helpers/snapshot-issues';

type Json = Record<string, unknown>;

/** A valid estate as plain JSON: two VPCs, a main table each, one table with a subnet. */
function validInput(): { schemaVersion: number; regions: Record<string, Record<string, Json[]>> } {
  const input = estate()
    .vpc('vpc-1')
    .vpc('vpc-2')
    .subnet('subnet-a', 'vpc-1')
    .subnet('subnet-b', 'vpc-1')
    .subnet('subnet-c', 'vpc-2')
    .table('rtb-main1', 'vpc-1', { main: true })
    .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
    .table('rtb-a', 'vpc-1', { subnets: ['subnet-a'] })
    .route('0.0.0.0/0', { GatewayId: 'igw-1' })
    .table('rtb-main2', 'vpc-2', { main: true })
    .input();
  const data = JSON.parse(JSON.stringify(input)) as ReturnType<typeof validInput>;
  const region = data.regions['us-east-1'] as Record<string, Json[]>;
  region.NatGateways = [{ NatGatewayId: 'nat-1', VpcId: 'vpc-1', State: 'available' }];
  region.InternetGateways = [
    { InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: 'available' }] },
  ];
  return data;
}

function us(input: ReturnType<typeof validInput>): Record<string, Json[]> {
  return input.regions['us-east-1'] as Record<string, Json[]>;
}

/** The associations of route table `index` of us-east-1. */
function associationsOf(input: ReturnType<typeof validInput>, index: number): Json[] {
  const tables = us(input).RouteTables as { Associations: Json[] }[];
  const table = tables[index];
  if (!table) throw new Error(`the valid input has no route table ${index}`);
  return table.Associations;
}

describe('snapshot integrity', () => {
  it('accepts the valid estate', () => {
    // Prepare
    const input = validInput();

    // Act
    const snapshot = parseSnapshot(input);

    // Assess
    expect(snapshot.regions['us-east-1']?.Vpcs).toHaveLength(2);
  });

  it.each([
    ['Vpcs', 'VpcId'],
    ['Subnets', 'SubnetId'],
    ['RouteTables', 'RouteTableId'],
  ])('refuses a duplicate id in %s, naming both places', (array, field) => {
    // Prepare
    const input = validInput();
    const items = us(input)[array] as Json[];
    const copy = { ...(items[0] as Json) };
    if (array === 'RouteTables') copy.Associations = [];
    items.push(copy);

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([
      `regions.us-east-1.${array}[${items.length - 1}].${field}: ${JSON.stringify((items[0] as Json)[field])} duplicates regions.us-east-1.${array}[0].${field}`,
    ]);
  });

  specifyIssues(validInput, [
    {
      rule: 'refuses duplicate endpoint, gateway and prefix-list ids',
      breakInput: (input) => {
        const region = us(input);
        region.NatGateways?.push({ NatGatewayId: 'nat-1', VpcId: 'vpc-1' });
        region.InternetGateways?.push({ InternetGatewayId: 'igw-1' });
        region.PrefixLists?.push({ ...(region.PrefixLists[0] as Json) });
      },
      issues: [
        'regions.us-east-1.NatGateways[1].NatGatewayId: "nat-1" duplicates regions.us-east-1.NatGateways[0].NatGatewayId',
        'regions.us-east-1.InternetGateways[1].InternetGatewayId: "igw-1" duplicates regions.us-east-1.InternetGateways[0].InternetGatewayId',
        expect.stringMatching(
          /^regions\.us-east-1\.PrefixLists\[2\]\.PrefixListId: "pl-\w+" duplicates regions\.us-east-1\.PrefixLists\[0\]\.PrefixListId$/,
        ),
      ],
    },
    {
      rule: 'refuses two main route tables in one VPC',
      breakInput: (input) =>
        associationsOf(input, 1).push({ Main: true, RouteTableAssociationId: 'rtbassoc-x' }),
      issues: [
        'regions.us-east-1.RouteTables[1].Associations[1].Main: VPC "vpc-1" already has a main route table (regions.us-east-1.RouteTables[0].Associations[0]); a VPC has one',
      ],
    },
    {
      rule: 'refuses a subnet with two explicit associations, and one in another VPC',
      breakInput: (input) => {
        associationsOf(input, 0).push({ SubnetId: 'subnet-a' });
        associationsOf(input, 2).push({ SubnetId: 'subnet-b' });
      },
      issues: [
        'regions.us-east-1.RouteTables[1].Associations[0].SubnetId: subnet "subnet-a" is already associated explicitly (regions.us-east-1.RouteTables[0].Associations[1]); a subnet has one route table',
        'regions.us-east-1.RouteTables[2].Associations[1].SubnetId: subnet "subnet-b" is in "vpc-1", not in the route table\'s VPC "vpc-2"',
      ],
    },
    {
      rule: 'refuses two explicit associations of a subnet the region does not list',
      breakInput: (input) => {
        associationsOf(input, 0).push({ SubnetId: 'subnet-gone' });
        associationsOf(input, 1).push({ SubnetId: 'subnet-gone' });
      },
      issues: [
        'regions.us-east-1.RouteTables[1].Associations[1].SubnetId: subnet "subnet-gone" is already associated explicitly (regions.us-east-1.RouteTables[0].Associations[1]); a subnet has one route table',
      ],
    },
  ]);

  it('ignores disassociated and edge associations', () => {
    // Prepare
    const input = validInput();
    const tables = us(input).RouteTables as { Associations: Json[] }[];
    tables[0]?.Associations.push({
      SubnetId: 'subnet-a',
      AssociationState: { State: 'disassociated' },
    });
    tables[2]?.Associations.push({ GatewayId: 'igw-1' }, { GatewayId: 'vgw-1' });

    // Act
    const snapshot = parseSnapshot(input);

    // Assess
    expect(snapshot.regions['us-east-1']?.RouteTables).toHaveLength(3);
  });

  specifyIssues(validInput, [
    {
      rule: 'refuses subnets, route tables, endpoints and gateways in a VPC absent from Vpcs',
      breakInput: (input) => {
        const region = us(input);
        region.Subnets?.push({ SubnetId: 'subnet-z', VpcId: 'vpc-9', CidrBlock: '10.9.0.0/24' });
        region.RouteTables?.push({
          RouteTableId: 'rtb-z',
          VpcId: 'vpc-9',
          Associations: [],
          Routes: [],
        });
        region.VpcEndpoints?.push({
          VpcEndpointId: 'vpce-z',
          VpcEndpointType: 'Gateway',
          VpcId: 'vpc-9',
          ServiceName: 'com.amazonaws.us-east-1.s3',
        });
        region.NatGateways?.push({ NatGatewayId: 'nat-z', VpcId: 'vpc-9', State: 'available' });
        region.InternetGateways?.push({
          InternetGatewayId: 'igw-z',
          Attachments: [{ VpcId: 'vpc-9' }],
        });
        region.EgressOnlyInternetGateways = [
          { EgressOnlyInternetGatewayId: 'eigw-z', Attachments: [{ VpcId: 'vpc-9' }] },
        ];
      },
      issues: [
        'regions.us-east-1.Subnets[3].VpcId: "vpc-9" is not in regions.us-east-1.Vpcs',
        'regions.us-east-1.RouteTables[3].VpcId: "vpc-9" is not in regions.us-east-1.Vpcs',
        'regions.us-east-1.VpcEndpoints[0].VpcId: "vpc-9" is not in regions.us-east-1.Vpcs',
        'regions.us-east-1.NatGateways[1].VpcId: "vpc-9" is not in regions.us-east-1.Vpcs',
        'regions.us-east-1.InternetGateways[1].Attachments[0].VpcId: "vpc-9" is not in regions.us-east-1.Vpcs',
        'regions.us-east-1.EgressOnlyInternetGateways[0].Attachments[0].VpcId: "vpc-9" is not in regions.us-east-1.Vpcs',
      ],
    },
  ]);

  it('accepts a deleted NAT gateway or endpoint of a VPC that is gone (EC2 lists them for a while)', () => {
    // Prepare
    const input = validInput();
    const region = us(input);
    region.NatGateways?.push({ NatGatewayId: 'nat-old', VpcId: 'vpc-gone', State: 'deleted' });
    region.VpcEndpoints?.push({
      VpcEndpointId: 'vpce-old',
      VpcEndpointType: 'Gateway',
      VpcId: 'vpc-gone',
      State: 'Deleted',
    });

    // Act
    const snapshot = parseSnapshot(input);

    // Assess
    expect(snapshot.regions['us-east-1']?.NatGateways).toHaveLength(2);
  });
});

describe('snapshot limits', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vpce-limits-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses nesting deep enough to overflow a recursive reader, naming where', async () => {
    // Prepare
    const depth = 200_000;
    const text = `{"schemaVersion":1,"regions":{"us-east-1":{"Vpcs":[{"VpcId":"vpc-1","Tags":${'['.repeat(depth)}${']'.repeat(depth)}}]}}}`;
    const file = join(dir, 'deep.json');
    writeFileSync(file, text);

    // Act
    const loading = loadSnapshot(file);

    // Assess
    await expect(loading).rejects.toThrow(SnapshotValidationError);
    await expect(loading).rejects.toThrow(
      `regions.us-east-1.Vpcs[0].Tags${'[0]'.repeat(59)}: nested more than 64 levels deep`,
    );
  });

  it('refuses a number out of range, naming its path', () => {
    // Prepare
    const text =
      '{"schemaVersion":1,"regions":{"us-east-1":{"Vpcs":[{"VpcId":"vpc-1","Ipv6Pool":1e999}]}}}';

    // Act
    const parsing = () => parseSnapshotText(text, 'snap.json');

    // Assess
    expect(parsing).toThrow(
      'snap.json is not a valid snapshot:\n  regions.us-east-1.Vpcs[0].Ipv6Pool: number out of range (it reads as Infinity)',
    );
  });

  it('refuses invalid UTF-8 inside a string, naming its path and byte offset', async () => {
    // Prepare
    const input = validInput();
    ((us(input).Vpcs as Json[])[1] as Json).Tags = [{ Key: 'Name', Value: 'caf#' }];
    const text = JSON.stringify(input);
    const at = Buffer.byteLength(text.slice(0, text.indexOf('caf#') + 3));
    const bytes = Buffer.from(text, 'utf8');
    bytes[at] = 0xe9; // Latin-1 "é": not UTF-8
    const file = join(dir, 'latin1.json');
    writeFileSync(file, bytes);

    // Act
    const loading = loadSnapshot(file);

    // Assess
    await expect(loading).rejects.toThrow(
      `regions.us-east-1.Vpcs[1].Tags[0].Value: invalid UTF-8 at byte offset ${at}`,
    );
  });

  it('keeps a genuine U+FFFD written as UTF-8', async () => {
    // Prepare
    const input = validInput();
    ((us(input).Vpcs as Json[])[1] as Json).Tags = [{ Key: 'Name', Value: 'x\uFFFDy' }];
    const file = join(dir, 'replacement.json');
    writeFileSync(file, JSON.stringify(input), 'utf8');

    // Act
    const snapshot = await loadSnapshot(file);

    // Assess
    expect(snapshot.regions['us-east-1']?.Vpcs[1]?.Tags).toEqual([
      { Key: 'Name', Value: 'x\uFFFDy' },
    ]);
  });

  it('refuses a file too large to read before reading it', async () => {
    // Prepare: a sparse file, so the test writes nothing to disk
    const file = join(dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, MAX_INPUT_BYTES + 1);

    // Act
    const loading = loadSnapshot(file);

    // Assess
    await expect(loading).rejects.toThrow(UserInputError);
    await expect(loading).rejects.toThrow(
      `--snapshot: snapshot "${file}" is too large: ${MAX_INPUT_BYTES + 1} bytes, over the limit of ${MAX_INPUT_BYTES} bytes`,
    );
  });

  it('reads standard input for "-"', async () => {
    // Prepare
    const text = JSON.stringify(validInput());
    const stdin = Readable.from([Buffer.from(text.slice(0, 100)), Buffer.from(text.slice(100))]);

    // Act
    const snapshot = await loadSnapshot('-', stdin);

    // Assess
    expect(Object.keys(snapshot.regions)).toEqual(['us-east-1']);
  });
});
