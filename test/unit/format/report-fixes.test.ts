import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { formatHtml } from '../../../src/format/html';
import { codeDetails, formatMarkdown } from '../../../src/format/markdown';
import { formatRemediation } from '../../../src/format/plan-format';
import { reportFixes } from '../../../src/format/report-fixes';
import { planRemediation } from '../../../src/remediation/plan';
import { estate, exemptTag, numberedVpc } from '../../helpers';

const REGION = 'us-east-1';
const NAT = 'nat-0123456789abcdef0';

const snapshot = estate(REGION)
  .vpcs([
    numberedVpc(1, [NAT, NAT]),
    {
      id: 'vpc-0a000000000000002',
      tables: [{ id: 'rtb-021', subnets: ['subnet-021'], via: NAT }],
      endpoints: [{ id: 'vpce-0b000000000000002', service: 's3', tables: [] }],
    },
    {
      id: 'vpc-0a000000000000003',
      tags: exemptTag(),
      tables: [{ id: 'rtb-031', subnets: ['subnet-031'], via: NAT }],
    },
  ])
  .build();
const report = analyzeSnapshot(snapshot, { generatedAt: '2026-12-01T00:00:00Z' });

describe('the fixes a report shows as code', () => {
  it('groups the fixable findings per VPC and service, attaching where the VPC has an endpoint, leaving exempt ones out', () => {
    // Act
    const fixes = reportFixes(report);

    // Assess
    expect(fixes.map((f) => [f.key, f.action.kind, f.action.routeTableIds])).toEqual([
      [
        '111122223333/us-east-1/vpc-0a000000000000001/dynamodb',
        'create-endpoint',
        ['rtb-011', 'rtb-012'],
      ],
      [
        '111122223333/us-east-1/vpc-0a000000000000001/s3',
        'create-endpoint',
        ['rtb-011', 'rtb-012'],
      ],
      ['111122223333/us-east-1/vpc-0a000000000000002/dynamodb', 'create-endpoint', ['rtb-021']],
      ['111122223333/us-east-1/vpc-0a000000000000002/s3', 'attach', ['rtb-021']],
    ]);
    const attach = fixes[3];
    expect(attach?.terraform).toContain('vpc_endpoint_id = "vpce-0b000000000000002"');
    expect(attach?.cloudFormation).toContain('# Not written: us-east-1/vpc-0a000000000000002/s3');
  });

  it('gives the HTML report a section per fix with copy buttons, and each finding a link to its fix', () => {
    // Act
    const html = formatHtml(report);

    // Assess
    const sections = html.match(/<section class="fix" id="([^"]+)"/g) ?? [];
    expect(sections).toHaveLength(4);
    expect(html).toContain('<h2 id="fixes">Fixes as code (4)</h2>');
    expect(html).toContain(
      '<button type="button" class="copy" data-copy="fix-111122223333-us-east-1-vpc-0a000000000000001-s3-terraform">Copy</button></div><pre id="fix-111122223333-us-east-1-vpc-0a000000000000001-s3-terraform"><code># us-east-1/vpc-0a000000000000001/s3',
    );
    expect(html).toContain(
      'resource &quot;aws_vpc_endpoint&quot; &quot;s3_vpc_0a000000000000001&quot;',
    );
    const links = html.match(/<a class="fix-link" href="#fix-[^"]+">as code<\/a>/g) ?? [];
    expect(links).toHaveLength(
      report.findings.filter((f) => !f.exempt && f.remediation !== 'manual').length,
    );
  });

  it('gives the markdown report a collapsible block per fix, with HCL and YAML', () => {
    // Act
    const markdown = formatMarkdown(report);

    // Assess
    expect(markdown).toContain('### Fixes as code (4)');
    expect(markdown).toContain(
      '<details><summary>us-east-1/vpc-0a000000000000001/s3 (111122223333): rtb-011, rtb-012</summary>\n\n```hcl\n# us-east-1/vpc-0a000000000000001/s3',
    );
    expect(markdown.match(/<details>/g)).toHaveLength(4);
    expect(markdown.match(/<\/details>/g)).toHaveLength(4);
    expect(markdown).toContain('```yaml\n# us-east-1/vpc-0a000000000000001/s3');
  });

  it('gives the markdown plan a collapsible block per change', () => {
    // Prepare
    const plan = planRemediation(report, snapshot, { services: ['s3'] });

    // Act
    const markdown = formatRemediation(plan, 'markdown');

    // Assess
    expect(markdown).toContain('### As code (2)');
    expect(markdown).toContain(
      '<details><summary>us-east-1/vpc-0a000000000000001/s3: Terraform and CloudFormation</summary>',
    );
    expect(markdown).toContain('S3EndpointVpc0a000000000000001:\n  Type: AWS::EC2::VPCEndpoint');
  });

  it('fences code with more backticks than it holds, and makes the summary safe', () => {
    // Act
    const lines = codeDetails('a <b>|</b>', [['hcl', 'x = "```"\n']]);

    // Assess
    expect(lines).toEqual([
      '<details><summary>a &lt;b&gt;\\|&lt;/b&gt;</summary>',
      '',
      '````hcl',
      'x = "```"',
      '````',
      '',
      '</details>',
      '',
    ]);
  });
});
