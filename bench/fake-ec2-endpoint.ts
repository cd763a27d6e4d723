/**
 * A local stand-in for the EC2 and STS query APIs (benchmarks only): the handful of actions the
 * collection calls, a small estate per region, a fixed latency added to every call, and optionally
 * the first attempt of every call throttled (HTTP 503 `RequestLimitExceeded`). Listens on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type XmlValue = string | number | boolean | undefined | XmlValue[] | { [key: string]: XmlValue };

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `{vpcSet: [{vpcId: 'vpc-1'}]}` → `<vpcSet><item><vpcId>vpc-1</vpcId></item></vpcSet>`. */
function toXml(value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => `<item>${toXml(item)}</item>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => `<${key}>${toXml(v)}</${key}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** A region's small estate in EC2's XML field names. */
function estate(region: string, index: number) {
  const hex = (kind: number) =>
    `${kind.toString(16)}${index.toString(16).padStart(3, '0')}`.padStart(8, '0');
  const vpcId = `vpc-${hex(1)}`;
  const publicSubnet = `subnet-${hex(2)}`;
  const privateSubnet = `subnet-${hex(3)}`;
  const igw = `igw-${hex(4)}`;
  const nat = `nat-${hex(5)}`;
  const endpoint = `vpce-${hex(6)}`;
  const s3List = `pl-${hex(7)}`;
  const dynamoList = `pl-${hex(8)}`;
  const customerList = `pl-${hex(9)}`;
  const tgw = `tgw-${hex(10)}`;
  const owner = '111122223333';
  return {
    DescribeVpcs: {
      vpcSet: [
        { vpcId, ownerId: owner, cidrBlock: '10.0.0.0/16', isDefault: false, state: 'available' },
      ],
    },
    DescribeSubnets: {
      subnetSet: [publicSubnet, privateSubnet].map((subnetId, i) => ({
        subnetId,
        vpcId,
        cidrBlock: `10.0.${i}.0/24`,
        availabilityZone: `${region}a`,
        ownerId: owner,
        state: 'available',
      })),
    },
    DescribeRouteTables: {
      routeTableSet: [
        {
          routeTableId: `rtb-${hex(11)}`,
          vpcId,
          ownerId: owner,
          associationSet: [
            {
              routeTableAssociationId: `rtbassoc-${hex(12)}`,
              routeTableId: `rtb-${hex(11)}`,
              main: true,
              associationState: { state: 'associated' },
            },
          ],
          routeSet: [
            {
              destinationCidrBlock: '10.0.0.0/16',
              gatewayId: 'local',
              state: 'active',
              origin: 'CreateRouteTable',
            },
            {
              destinationCidrBlock: '0.0.0.0/0',
              gatewayId: igw,
              state: 'active',
              origin: 'CreateRoute',
            },
            {
              destinationPrefixListId: customerList,
              transitGatewayId: tgw,
              state: 'active',
              origin: 'CreateRoute',
            },
          ],
        },
        {
          routeTableId: `rtb-${hex(13)}`,
          vpcId,
          ownerId: owner,
          associationSet: [
            {
              routeTableAssociationId: `rtbassoc-${hex(14)}`,
              routeTableId: `rtb-${hex(13)}`,
              subnetId: privateSubnet,
              main: false,
              associationState: { state: 'associated' },
            },
          ],
          routeSet: [
            {
              destinationCidrBlock: '10.0.0.0/16',
              gatewayId: 'local',
              state: 'active',
              origin: 'CreateRouteTable',
            },
            {
              destinationCidrBlock: '0.0.0.0/0',
              natGatewayId: nat,
              state: 'active',
              origin: 'CreateRoute',
            },
            {
              destinationPrefixListId: s3List,
              gatewayId: endpoint,
              state: 'active',
              origin: 'CreateRoute',
            },
          ],
        },
      ],
    },
    DescribeVpcEndpoints: {
      vpcEndpointSet: [
        {
          vpcEndpointId: endpoint,
          vpcEndpointType: 'Gateway',
          vpcId,
          serviceName: `com.amazonaws.${region}.s3`,
          state: 'available',
          routeTableIdSet: [`rtb-${hex(13)}`],
          privateDnsEnabled: false,
          ownerId: owner,
        },
      ],
    },
    DescribeNatGateways: {
      natGatewaySet: [
        {
          natGatewayId: nat,
          vpcId,
          subnetId: publicSubnet,
          state: 'available',
          connectivityType: 'public',
        },
      ],
    },
    DescribeInternetGateways: {
      internetGatewaySet: [
        { internetGatewayId: igw, ownerId: owner, attachmentSet: [{ vpcId, state: 'available' }] },
      ],
    },
    prefixLists: [
      {
        prefixListId: s3List,
        prefixListName: `com.amazonaws.${region}.s3`,
        ownerId: 'AWS',
        cidrs: ['3.5.0.0/19', '16.182.0.0/16', '52.216.0.0/15', '54.231.0.0/16'],
      },
      {
        prefixListId: dynamoList,
        prefixListName: `com.amazonaws.${region}.dynamodb`,
        ownerId: 'AWS',
        cidrs: ['3.218.180.0/22', '35.71.64.0/22', '52.94.0.0/22'],
      },
      {
        prefixListId: customerList,
        prefixListName: 'corporate-ranges',
        ownerId: owner,
        cidrs: ['192.168.0.0/16', '172.16.0.0/12'],
      },
    ],
  };
}

/** Options of {@link startFakeEc2Endpoint}. */
export interface FakeEndpointOptions {
  /** Region names served (all opted in). */
  regions: readonly string[];
  /** Latency added to every call, in milliseconds. */
  latencyMs: number;
  /** Answer the first attempt of every call with HTTP 503 `RequestLimitExceeded`. */
  throttleFirstAttempt: boolean;
  accountId: string;
}

/** A running fake endpoint. */
export interface FakeEndpoint {
  url: string;
  /** Calls received per region and action (throttled attempts included). */
  calls: Map<string, Map<string, number>>;
  /** Requests answered with a throttling error. */
  throttled(): number;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

/** `Filter.1.Name=x&Filter.1.Value.1=y` → `{x: [y]}`. */
function filtersOf(params: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const [key, value] of params) {
    const name = /^Filter\.(\d+)\.Name$/.exec(key);
    if (!name) continue;
    const values: string[] = [];
    for (const [k, v] of params) if (k.startsWith(`Filter.${name[1]}.Value.`)) values.push(v);
    filters.set(value, values);
  }
  return filters;
}

/** Starts the endpoint on 127.0.0.1 (a free port). */
export async function startFakeEc2Endpoint(options: FakeEndpointOptions): Promise<FakeEndpoint> {
  const estates = new Map(options.regions.map((region, i) => [region, estate(region, i + 1)]));
  const calls = new Map<string, Map<string, number>>();
  let throttled = 0;

  const answer = (response: ServerResponse, status: number, xml: string) => {
    setTimeout(() => {
      response.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
      response.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
    }, options.latencyMs);
  };

  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const params = new URLSearchParams(body);
      const action = params.get('Action') ?? '';
      const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(
        request.headers.authorization ?? '',
      );
      const region = scope?.[1] ?? 'unknown';
      const service = scope?.[2] ?? 'unknown';
      const perRegion = calls.get(region) ?? new Map<string, number>();
      calls.set(region, perRegion);
      perRegion.set(action, (perRegion.get(action) ?? 0) + 1);

      const attempt = /attempt=(\d+)/.exec(String(request.headers['amz-sdk-request'] ?? ''))?.[1];
      if (options.throttleFirstAttempt && attempt === '1') {
        throttled += 1;
        if (service === 'sts') {
          answer(
            response,
            400,
            `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
          );
        } else {
          answer(
            response,
            503,
            `<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>`,
          );
        }
        return;
      }
      if (service === 'sts' && action === 'GetCallerIdentity') {
        answer(
          response,
          200,
          `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${options.accountId}:user/bench</Arn><UserId>AIDABENCH</UserId><Account>${options.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
        return;
      }
      const ec2 = (body: Record<string, XmlValue>) =>
        answer(
          response,
          200,
          `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>${toXml(body)}</${action}Response>`,
        );
      if (action === 'DescribeRegions') {
        ec2({
          regionInfo: options.regions.map((regionName) => ({
            regionName,
            regionEndpoint: `ec2.${regionName}.amazonaws.com`,
            optInStatus: 'opted-in',
          })),
        });
        return;
      }
      const data = estates.get(region);
      if (!data) {
        answer(
          response,
          400,
          `<Response><Errors><Error><Code>InvalidRegion</Code><Message>unknown region ${escapeXml(region)}</Message></Error></Errors><RequestID>r</RequestID></Response>`,
        );
        return;
      }
      switch (action) {
        case 'DescribeVpcs':
        case 'DescribeSubnets':
        case 'DescribeRouteTables':
        case 'DescribeVpcEndpoints':
        case 'DescribeNatGateways':
        case 'DescribeInternetGateways':
          ec2(data[action]);
          return;
        case 'DescribeManagedPrefixLists': {
          const filters = filtersOf(params);
          const names = filters.get('prefix-list-name');
          const owners = filters.get('owner-id');
          const lists = data.prefixLists.filter(
            (list) =>
              (!names || names.includes(list.prefixListName)) &&
              (!owners || owners.includes(list.ownerId)),
          );
          ec2({
            prefixListSet: lists.map((list) => ({
              prefixListId: list.prefixListId,
              prefixListName: list.prefixListName,
              ownerId: list.ownerId,
              addressFamily: 'IPv4',
              state: 'create-complete',
              maxEntries: 100,
              version: 1,
            })),
          });
          return;
        }
        case 'GetManagedPrefixListEntries': {
          const list = data.prefixLists.find(
            (candidate) => candidate.prefixListId === params.get('PrefixListId'),
          );
          if (!list) {
            answer(
              response,
              400,
              `<Response><Errors><Error><Code>InvalidPrefixListID.NotFound</Code><Message>not found</Message></Error></Errors><RequestID>r</RequestID></Response>`,
            );
            return;
          }
          ec2({ entrySet: list.cidrs.map((cidr) => ({ cidr })) });
          return;
        }
        default:
          answer(
            response,
            400,
            `<Response><Errors><Error><Code>InvalidAction</Code><Message>${escapeXml(action)} is not served</Message></Error></Errors><RequestID>r</RequestID></Response>`,
          );
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    throttled: () => throttled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
