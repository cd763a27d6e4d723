import { ConfigurationError } from '../../../../src/errors';
import { parseOrganizationConfig } from '../../../../src/lambda/org/org-config';

const BASE = { REPORT_BUCKET: 'vpce-auditor-reports' };

describe('the organization functions configuration', () => {
  it('defaults to the whole organization, the default member role and per-account metrics', () => {
    // Act
    const config = parseOrganizationConfig({ ...BASE, ACCOUNT_METRICS: '' });

    // Assess
    expect(config).toEqual({
      reportBucket: 'vpce-auditor-reports',
      member: { roleName: 'vpce-auditor-member' },
      scope: {},
      accountMetrics: true,
    });
  });

  it('reads every variable', () => {
    // Act
    const config = parseOrganizationConfig({
      ...BASE,
      MEMBER_ROLE_NAME: 'auditor',
      EXTERNAL_ID: 'x-123456',
      ORGANIZATIONAL_UNITS: 'ou-ab12-cdefgh34,r-ab12',
      EXCLUDE_ACCOUNTS: '111122223333',
      ACCOUNT_METRICS: 'false',
    });

    // Assess
    expect(config).toEqual({
      reportBucket: 'vpce-auditor-reports',
      member: { roleName: 'auditor', externalId: 'x-123456' },
      scope: { parentIds: ['ou-ab12-cdefgh34', 'r-ab12'], exclude: ['111122223333'] },
      accountMetrics: false,
    });
  });

  it.each([
    [{ ACCOUNT_METRICS: 'yes' }, 'ACCOUNT_METRICS: "yes" is not one of "true", "false"'],
    [{ REPORT_BUCKET: ' ' }, 'REPORT_BUCKET: is empty'],
    [{ EXCLUDE_ACCOUNTS: '12345' }, 'EXCLUDE_ACCOUNTS: "12345"'],
  ])('refuses %j, naming the variable and the value', (variables, message) => {
    // Act
    const parse = () => parseOrganizationConfig({ ...BASE, ...variables });

    // Assess
    expect(parse).toThrow(ConfigurationError);
    expect(parse).toThrow(message);
  });
});
