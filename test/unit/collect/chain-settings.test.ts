import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { chainSettings } from '../../../src/collect/chain-settings';
import { defaultClientFactory } from '../../../src/collect/client-factory';

/** The variables these tests set; each test starts with none of them and no config file. */
const VARIABLES = [
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT',
  'AWS_SDK_UA_APP_ID',
  'AWS_AUTH_SCHEME_PREFERENCE',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
];

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

let saved: Record<string, string | undefined>;
let directory: string;

beforeEach(() => {
  saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of VARIABLES) delete process.env[name];
  directory = mkdtempSync(join(tmpdir(), 'chain-settings-'));
  // A config file that sets nothing, so that the developer's own ~/.aws/config cannot answer.
  process.env.AWS_CONFIG_FILE = join(directory, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(directory, 'credentials');
  writeFileSync(process.env.AWS_CONFIG_FILE, '');
  writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, '');
});

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(directory, { recursive: true, force: true });
});

/** What a plain client of the SDK reads for the same settings (a region that is not a FIPS one). */
async function plainClientReads() {
  const config = new EC2Client({ region: 'eu-west-1', credentials: CREDENTIALS }).config;
  return {
    useFipsEndpoint: await config.useFipsEndpoint(),
    useDualstackEndpoint: await config.useDualstackEndpoint(),
    userAgentAppId: await config.userAgentAppId(),
    authSchemePreference: await config.authSchemePreference?.(),
  };
}

async function readAll(settings: ReturnType<typeof chainSettings>) {
  return {
    useFipsEndpoint: await settings.useFipsEndpoint(),
    useDualstackEndpoint: await settings.useDualstackEndpoint(),
    userAgentAppId: await settings.userAgentAppId(),
    authSchemePreference: await settings.authSchemePreference(),
  };
}

describe('chainSettings', () => {
  it.each([
    ['nothing set', {}, ''],
    [
      'the environment',
      {
        AWS_USE_FIPS_ENDPOINT: 'true',
        AWS_USE_DUALSTACK_ENDPOINT: 'true',
        AWS_SDK_UA_APP_ID: 'platform-team',
        AWS_AUTH_SCHEME_PREFERENCE: 'sigv4a, sigv4',
      },
      '',
    ],
    [
      'the profile of the config file',
      { AWS_PROFILE: 'audit' },
      '[profile audit]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\nsdk_ua_app_id = from-file\nauth_scheme_preference = sigv4\n',
    ],
  ])('reads what a plain SDK client reads, from %s', async (_, variables, configFile) => {
    // Prepare
    Object.assign(process.env, variables);
    writeFileSync(process.env.AWS_CONFIG_FILE as string, configFile);

    // Act
    const read = await readAll(chainSettings());

    // Assess
    expect(read).toEqual(await plainClientReads());
  });

  it('keeps what it read: a later change of the environment reaches the next reading only', async () => {
    // Prepare
    process.env.AWS_USE_DUALSTACK_ENDPOINT = 'true';
    const settings = chainSettings();
    await settings.useDualstackEndpoint();

    // Act
    process.env.AWS_USE_DUALSTACK_ENDPOINT = 'false';

    // Assess
    await expect(settings.useDualstackEndpoint()).resolves.toBe(true);
    await expect(chainSettings().useDualstackEndpoint()).resolves.toBe(false);
  });
});

describe('defaultClientFactory with the chain settings', () => {
  it("gives every client of a factory one reading of the chain's settings", async () => {
    // Prepare
    process.env.AWS_USE_DUALSTACK_ENDPOINT = 'true';
    process.env.AWS_SDK_UA_APP_ID = 'first';
    const factory = defaultClientFactory({ clientConfig: { credentials: CREDENTIALS } });
    const first = factory.ec2('eu-west-1').config;
    await Promise.all([first.useDualstackEndpoint(), first.userAgentAppId()]);

    // Act
    process.env.AWS_USE_DUALSTACK_ENDPOINT = 'false';
    process.env.AWS_SDK_UA_APP_ID = 'second';
    const others = [factory.ec2('us-east-1'), factory.cloudwatch('eu-west-1'), factory.sts()];

    // Assess
    for (const client of others) {
      await expect(client.config.useDualstackEndpoint()).resolves.toBe(true);
    }
    await expect(factory.ec2('us-east-1').config.userAgentAppId()).resolves.toBe('first');
  });

  it('takes the settings of the caller when given, for clients of many accounts', async () => {
    // Prepare
    process.env.AWS_USE_FIPS_ENDPOINT = 'true';
    const shared = chainSettings();
    const first = defaultClientFactory({
      chainSettings: shared,
      clientConfig: { credentials: CREDENTIALS },
    });
    await first.ec2('eu-west-1').config.useFipsEndpoint();

    // Act
    process.env.AWS_USE_FIPS_ENDPOINT = 'false';
    const second = defaultClientFactory({
      chainSettings: shared,
      clientConfig: { credentials: CREDENTIALS },
    });

    // Assess
    await expect(second.ec2('eu-west-1').config.useFipsEndpoint()).resolves.toBe(true);
    await expect(
      defaultClientFactory({ clientConfig: { credentials: CREDENTIALS } })
        .ec2('eu-west-1')
        .config.useFipsEndpoint(),
    ).resolves.toBe(false);
  });
});
