/** Snapshot loading and validation (docs/snapshot.md): every problem named by path and value. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError } from '../../../src/errors';
import { loadSnapshot, parseSnapshot, parseSnapshotText } from '../../../src/snapshot/load';
import { oneSubnetEstate } from '../../helpers/estate-builder';
import { loadScenarios } from '../../helpers/scenarios';
import { issuesOf, specifyIssues } from '../../helpers/snapshot-issues';

/** A valid snapshot as plain JSON, to break one field at a time. */
function validInput(): {
  schemaVersion: number;
  regions: Record<string, Record<string, Record<string, unknown>[]>>;
} {
  const builder = oneSubnetEstate().route('0.0.0.0/0', { NatGatewayId: 'nat-1' });
  for (let i = 1; i <= 3; i += 1) {
    builder.table(`rtb-${i}`, 'vpc-1').route('0.0.0.0/0', { GatewayId: 'igw-1' });
  }
  return JSON.parse(JSON.stringify(builder.input())) as ReturnType<typeof validInput>;
}

function region(input: ReturnType<typeof validInput>): Record<string, Record<string, unknown>[]> {
  const us = input.regions['us-east-1'];
  if (!us) throw new Error('the valid input lost its region');
  return us;
}

function tableRoute(input: ReturnType<typeof validInput>, table: number, route: number) {
  const tables = region(input).RouteTables as { Routes: Record<string, unknown>[] }[];
  const found = tables[table]?.Routes[route];
  if (!found) throw new Error(`no route ${table}/${route}`);
  return found;
}

describe('parseSnapshot', () => {
  it('accepts a valid snapshot', () => {
    // Prepare
    const input = validInput();

    // Act
    const snapshot = parseSnapshot(input);

    // Assess
    expect(snapshot.regions['us-east-1']?.RouteTables).toHaveLength(4);
    expect(snapshot.accountId).toBe('111122223333');
  });

  specifyIssues(validInput, [
    {
      rule: 'names region, array, index, field and value of an invalid IPv4 CIDR',
      breakInput: (input) => (tableRoute(input, 3, 1).DestinationCidrBlock = '10.0.0.0/33'),
      issues: [
        'regions.us-east-1.RouteTables[3].Routes[1].DestinationCidrBlock: "10.0.0.0/33" is not an IPv4 CIDR',
      ],
    },
    {
      rule: 'names an invalid prefix-list CIDR',
      breakInput: (input) =>
        (region(input).PrefixLists?.[0] as { Cidrs: string[] }).Cidrs.push('52.0.0.0/40'),
      issues: ['regions.us-east-1.PrefixLists[0].Cidrs[2]: "52.0.0.0/40" is not a CIDR'],
    },
    {
      rule: 'names a field of the wrong type with its value and the expected type',
      breakInput: (input) => {
        (region(input).Subnets?.[0] as Record<string, unknown>).SubnetId = 42;
        (region(input).RouteTables?.[1] as Record<string, unknown>).Routes = 'none';
      },
      issues: [
        'regions.us-east-1.Subnets[0].SubnetId: 42 is a number, expected string',
        'regions.us-east-1.RouteTables[1].Routes: "none" is a string, expected array',
      ],
    },
    {
      rule: 'names each missing required field',
      breakInput: (input) => {
        delete (region(input).Subnets?.[0] as Record<string, unknown>).VpcId;
        delete (region(input).PrefixLists?.[1] as Record<string, unknown>).Cidrs;
        region(input).VpcEndpoints = [
          { VpcEndpointId: 'vpce-1', VpcId: 'vpc-1', ServiceName: 's3' },
        ];
      },
      issues: [
        'regions.us-east-1.Subnets[0].VpcId: is required (string)',
        'regions.us-east-1.VpcEndpoints[0].VpcEndpointType: is required (string)',
        'regions.us-east-1.PrefixLists[1].Cidrs: is required (array)',
      ],
    },
    {
      rule: 'names an id of the wrong kind',
      breakInput: (input) =>
        ((region(input).RouteTables?.[0] as Record<string, unknown>).VpcId = 'subnet-1'),
      issues: ['regions.us-east-1.RouteTables[0].VpcId: "subnet-1" must start with "vpc-"'],
    },
    {
      rule: 'names a region key that is not an AWS region',
      breakInput: (input) => (input.regions['US East'] = {}),
      issues: ['regions.US East: key "US East" is not an AWS region name'],
    },
  ]);

  it.each([
    ['2600:1f18::/129', 'DestinationIpv6CidrBlock'],
    ['10.0.0.0/8', 'DestinationIpv6CidrBlock'],
    ['1::2::3/64', 'DestinationIpv6CidrBlock'],
    ['::/0', 'DestinationCidrBlock'],
  ])('rejects %j as %s', (value, field) => {
    // Prepare
    const input = validInput();
    tableRoute(input, 0, 1)[field] = value;

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      new RegExp(`^regions\\.us-east-1\\.RouteTables\\[0\\]\\.Routes\\[1\\]\\.${field}: `),
    );
    expect(issues[0]).toContain(JSON.stringify(value));
    expect(issues[0]).toMatch(/is not an IPv[46] CIDR$/);
  });

  it('names a route without any destination', () => {
    // Prepare
    const input = validInput();
    delete tableRoute(input, 2, 1).DestinationCidrBlock;

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      /^regions\.us-east-1\.RouteTables\[2\]\.Routes\[1\]: \{.*\} has no destination/,
    );
  });

  it('requires schemaVersion 1 and a regions object', () => {
    // Act
    const missing = issuesOf({});
    const wrong = issuesOf({ schemaVersion: 2, accountId: '111122223333', regions: [] });

    // Assess
    expect(missing).toEqual([
      'schemaVersion: is required (1)',
      'accountId: is required (string)',
      'regions: is required (record)',
    ]);
    expect(wrong).toEqual([
      'schemaVersion: 2 is not one of 1',
      'regions: [] is an array, expected record',
    ]);
  });

  it.each([null, [], 'snapshot', 3])('rejects the top-level value %j', (value) => {
    // Act
    const issues = issuesOf(value);

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^\(root\): .* expected object$/);
  });

  it('ignores and drops unknown fields at every level', () => {
    // Prepare
    const input = validInput() as unknown as Record<string, unknown>;
    input.Extra = { anything: true };
    const us = region(input as ReturnType<typeof validInput>);
    (us as Record<string, unknown>).Volumes = [{ VolumeId: 'vol-1' }];
    (us.Subnets?.[0] as Record<string, unknown>).MapPublicIpOnLaunch = false;
    tableRoute(input as ReturnType<typeof validInput>, 0, 1).Unknown = 1;

    // Act
    const snapshot = parseSnapshot(input);

    // Assess
    expect(snapshot).not.toHaveProperty('Extra');
    expect(snapshot.regions['us-east-1']).not.toHaveProperty('Volumes');
    expect(snapshot.regions['us-east-1']?.Subnets[0]).toEqual({
      SubnetId: 'subnet-a',
      VpcId: 'vpc-1',
      CidrBlock: '10.0.1.0/24',
    });
    expect(snapshot.regions['us-east-1']?.RouteTables[0]?.Routes[1]).not.toHaveProperty('Unknown');
  });

  it('refuses a region or route table missing a required array, naming its path', () => {
    // Prepare
    const input = {
      schemaVersion: 1,
      accountId: '111122223333',
      regions: {
        'eu-west-1': {
          Vpcs: [{ VpcId: 'vpc-1' }],
          Subnets: [],
          RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [] }],
          VpcEndpoints: [],
          NatGateways: [],
          InternetGateways: [],
        },
      },
    };

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toEqual([
      'regions.eu-west-1.RouteTables[0].Routes: is required (array)',
      'regions.eu-west-1.PrefixLists: is required (array)',
    ]);
  });

  it('accepts a regional NAT gateway without SubnetId and a route without Origin', () => {
    // Prepare
    const input = validInput();
    region(input).NatGateways = [
      { NatGatewayId: 'nat-1', VpcId: 'vpc-1', AvailabilityMode: 'regional', State: 'available' },
    ];
    delete tableRoute(input, 0, 1).Origin;

    // Act
    const snapshot = parseSnapshot(input);

    // Assess
    expect(snapshot.regions['us-east-1']?.NatGateways[0]?.SubnetId).toBeUndefined();
  });

  it.each(loadScenarios().map((s) => [s.file, s] as const))(
    'accepts the scenario file %s as it is',
    (_file, scenario) => {
      // Prepare
      const file = {
        name: scenario.name,
        description: scenario.description,
        snapshot: scenario.snapshot,
        expect: scenario.expect,
      };

      // Act
      const snapshot = parseSnapshot(file);

      // Assess
      expect(snapshot).toEqual(parseSnapshot(scenario.snapshot));
    },
  );

  it('lists at most 20 issues and counts the rest', () => {
    // Prepare
    const input = validInput();
    region(input).Subnets = Array.from({ length: 25 }, () => ({ VpcId: 'vpc-1' }));

    // Act
    const issues = issuesOf(input);

    // Assess
    expect(issues).toHaveLength(21);
    expect(issues[20]).toBe('... and 5 more');
  });

  it('puts the source and every issue in the error message, one per line', () => {
    // Prepare
    const input = validInput();
    tableRoute(input, 3, 1).DestinationCidrBlock = '10.0.0.0/33';

    // Act
    const act = () => parseSnapshot(input, 'estate.json');

    // Assess
    expect(act).toThrow(UserInputError);
    expect(act).toThrow(
      'estate.json is not a valid snapshot:\n  regions.us-east-1.RouteTables[3].Routes[1].DestinationCidrBlock: "10.0.0.0/33" is not an IPv4 CIDR',
    );
  });
});

describe('parseSnapshotText and loadSnapshot', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-load-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports malformed JSON as a user error naming the source', () => {
    // Act
    const act = () => parseSnapshotText('{"schemaVersion": 1,', 'broken.json');

    // Assess
    expect(act).toThrow(UserInputError);
    expect(act).toThrow(/^broken\.json is not valid JSON: /);
  });

  it('reads and validates a file', async () => {
    // Prepare
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(validInput()));

    // Act
    const snapshot = await loadSnapshot(file);

    // Assess
    expect(Object.keys(snapshot.regions)).toEqual(['us-east-1']);
  });

  it.each([
    ['UTF-8 with a byte order mark', (text: string) => Buffer.from(`\ufeff${text}`, 'utf8')],
    ['UTF-16LE with a byte order mark', (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le')],
    [
      'UTF-16BE with a byte order mark',
      (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le').swap16(),
    ],
  ])('reads a file in %s', async (_encoding, encode) => {
    // Prepare
    const file = join(dir, 'bom.json');
    writeFileSync(file, encode(JSON.stringify(validInput())));

    // Act
    const snapshot = await loadSnapshot(file);

    // Assess
    expect(snapshot.regions['us-east-1']?.Subnets.map((s) => s.SubnetId)).toEqual(['subnet-a']);
  });

  it('reports a missing file as a user error naming the file and the reason', async () => {
    // Prepare
    const file = join(dir, 'absent.json');

    // Act
    const result = loadSnapshot(file);

    // Assess
    await expect(result).rejects.toThrow(UserInputError);
    await expect(loadSnapshot(file)).rejects.toThrow(
      `--snapshot: cannot read snapshot "${file}": ENOENT`,
    );
  });

  it('names the file in validation errors', async () => {
    // Prepare
    const file = join(dir, 'invalid.json');
    writeFileSync(
      file,
      JSON.stringify({
        schemaVersion: 1,
        accountId: '111122223333',
        regions: { 'us-east-1': { Vpcs: [{}] } },
      }),
    );

    // Act
    const result = loadSnapshot(file);

    // Assess
    await expect(result).rejects.toThrow(
      `${file} is not a valid snapshot:\n  regions.us-east-1.Vpcs[0].VpcId: is required (string)`,
    );
  });
});
