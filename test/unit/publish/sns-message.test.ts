import { buildSnsMessage, buildSubject, DIGEST_LIMITS } from '../../../src/publish/sns-message';
import { sanitizeSubject, SNS_MAX_MESSAGE_BYTES } from '../../../src/publish/sns-limits';
import type { PublishedReport } from '../../../src/publish/types';
import type { ChatNotification } from '../../../src/publish/chat-notification';
import type { Report } from '../../../src/types';
import { generatedReport, scenarioReport } from '../../helpers/reports';

interface Structure {
  default: string;
  email: string;
  sms: string;
  https: string;
}

function structureOf(message: string): Structure {
  return JSON.parse(message) as Structure;
}

describe('the SNS message', () => {
  it('carries the whole report once (default), the human text, the subject and a chat notification', () => {
    // Prepare
    const report = scenarioReport('02');

    // Act
    const built = buildSnsMessage(report);

    // Assess
    expect(built.message.MessageStructure).toBe('json');
    expect(built.truncated).toBeUndefined();
    const structure = structureOf(built.message.Message);
    // SQS, Lambda and HTTP subscribers receive `default`: the report is in the message once
    expect(Object.keys(structure).sort()).toEqual(['default', 'email', 'https', 'sms']);
    expect(JSON.parse(structure.default)).toEqual(report);
    expect(structure.sms).toBe(built.message.Subject);
    const occurrences = built.message.Message.split(JSON.stringify(report.findings[0]?.id)).length;
    expect(occurrences - 1).toBeLessThanOrEqual(2);
    const nat = report.findings.find((f) => f.path === 'nat-gateway');
    expect(nat).toBeDefined();
    expect(structure.email).toContain(
      `${nat?.region} ${nat?.vpcId} ${nat?.routeTableId}: ${nat?.service} takes nat-gateway via ${nat?.targets[0]}`,
    );
    expect(structure.email).toMatch(/us-east-1: .*nat-gateway 2/);
    expect(structure.email).toContain('How to remediate');
    expect(built.bytes).toBe(Buffer.byteLength(built.message.Message, 'utf8'));
  });

  it('makes the https part an Amazon Q Developer custom notification', () => {
    // Prepare
    const report = scenarioReport('02');

    // Act
    const chat = JSON.parse(
      structureOf(buildSnsMessage(report).message.Message).https,
    ) as ChatNotification;

    // Assess
    expect(chat).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: { textType: 'client-markdown' },
      metadata: { threadId: 'vpce-auditor-111122223333', eventType: 'vpce-auditor-report' },
    });
    expect(chat.content.title).toContain('bypass gateway endpoints');
    expect(chat.content.description).toContain('nat-gateway');
    expect(chat.content.nextSteps.length).toBeGreaterThan(0);
    expect(chat.metadata.relatedResources).toEqual(
      expect.arrayContaining([report.findings[0]?.vpcId]),
    );
    for (const value of Object.values(chat.metadata.additionalContext)) {
      expect(typeof value).toBe('string');
    }
  });

  it('says so when no subnet leaks', () => {
    // Prepare
    const report = scenarioReport('04');

    // Act
    const built = buildSnsMessage(report);

    // Assess
    expect(report.summary.leakingSubnets).toBe(0);
    expect(built.message.Subject).toMatch(/no leaks in \d+ subnet\(s\)/);
    expect(structureOf(built.message.Message).email).toContain('No leaks found');
  });

  it('sends a digest when the report does not fit 256 KB: the summary, the worst findings first, counts for the rest', () => {
    // Prepare
    const report = generatedReport(400, 4, 3);
    expect(Buffer.byteLength(JSON.stringify(report))).toBeGreaterThan(SNS_MAX_MESSAGE_BYTES);

    // Act
    const built = buildSnsMessage(report);

    // Assess
    expect(Buffer.byteLength(built.message.Message, 'utf8')).toBeLessThanOrEqual(
      SNS_MAX_MESSAGE_BYTES,
    );
    expect(built.bytes).toBeGreaterThan(SNS_MAX_MESSAGE_BYTES * 0.9);
    const published = JSON.parse(structureOf(built.message.Message).default) as PublishedReport;
    expect(published.summary).toEqual(report.summary);
    expect(published.subnets).toEqual([]);
    expect(published.truncated).toMatchObject({
      subnetsOmitted: report.subnets.length,
      findingsOmitted: report.findings.length - published.findings.length,
      vpcsOmitted: (report.vpcs?.length ?? 0) - (published.vpcs?.length ?? 0),
    });
    expect(published.vpcs).toEqual(report.vpcs?.slice(0, DIGEST_LIMITS.vpcs));
    expect(published.truncated?.note).toContain('was not stored');
    expect(built.truncated).toEqual(published.truncated);
    // Every high finding is kept before any low one.
    const keptLow = published.findings.some((f) => f.severity === 'low');
    const allHighKept =
      published.findings.filter((f) => f.severity === 'high').length ===
      report.findings.filter((f) => f.severity === 'high').length;
    expect(!keptLow || allHighKept).toBe(true);
  });

  it('points to the stored full report when it does not fit: summary, top findings by dollars, s3 URI', () => {
    // Prepare: dollars on every third finding, so that the order by dollars is not the report's
    const base = generatedReport(400, 4, 3);
    const report: Report = {
      ...base,
      findings: base.findings.map((finding, index) =>
        index % 3 === 0 ? { ...finding, estimatedMonthlyUsd: (index * 7) % 1000 } : finding,
      ),
    };
    const uri = 's3://my-reports/reports/111122223333/2026/11/27/20261127T030000Z-c0ffee00.json';

    // Act
    const built = buildSnsMessage(report, { fullReport: { uri } });

    // Assess
    expect(built.bytes).toBeLessThanOrEqual(SNS_MAX_MESSAGE_BYTES);
    const structure = structureOf(built.message.Message);
    const published = JSON.parse(structure.default) as PublishedReport;
    expect(published.reportObject).toBe(uri);
    expect(published.summary).toEqual(report.summary);
    expect(published.subnets).toEqual([]);
    expect(published.truncated?.note).toContain(`the full report is ${uri}`);
    expect(published.truncated?.findingsOmitted).toBe(
      report.findings.length - published.findings.length,
    );
    expect(published.findings.length).toBeGreaterThan(0);
    const dollars = published.findings.map((f) => f.estimatedMonthlyUsd ?? -1);
    expect(dollars).toEqual([...dollars].sort((a, b) => b - a));
    const best = Math.max(...report.findings.map((f) => f.estimatedMonthlyUsd ?? -1));
    expect(dollars[0]).toBe(best);
    expect(structure.email.trimEnd().split('\n').pop()).toBe(`The full report: ${uri}`);
    expect(structure.https).toContain(uri);
    expect(built.truncated).toEqual(published.truncated);
  });

  it('sends the whole report with its location when it fits', () => {
    // Prepare
    const report = scenarioReport('02');
    const uri = 's3://b/reports/1/x.json';

    // Act
    const built = buildSnsMessage(report, { fullReport: { uri } });

    // Assess
    expect(JSON.parse(structureOf(built.message.Message).default)).toEqual({
      ...report,
      reportObject: uri,
    });
  });

  it('measures the whole report exactly: at its size it goes whole, one byte less it becomes the digest', () => {
    // Prepare
    const report = generatedReport(20, 4, 2);
    const full = buildSnsMessage(report, { maxBytes: Number.POSITIVE_INFINITY }).bytes;

    // Act
    const exact = buildSnsMessage(report, { maxBytes: full });
    const short = buildSnsMessage(report, { maxBytes: full - 1 });

    // Assess
    expect(exact.bytes).toBe(full);
    expect(exact.truncated).toBeUndefined();
    expect(JSON.parse(structureOf(exact.message.Message).default)).toEqual(report);
    expect(short.bytes).toBeLessThan(full);
    expect(short.truncated?.subnetsOmitted).toBe(report.subnets.length);
  });

  it('measures the limit in UTF-8 bytes of the whole encoded message', () => {
    // Prepare: region errors with multi-byte messages
    const base = scenarioReport('02');
    const report: Report = {
      ...base,
      errors: Array.from({ length: 30 }, (_, i) => ({
        region: `eu-west-${(i % 3) + 1}`,
        operation: 'collect',
        code: 'UnauthorizedOperation',
        message: `accès refusé — ${'é'.repeat(900)}`,
      })),
    };
    const maxBytes = 60_000;

    // Act
    const built = buildSnsMessage(report, { maxBytes });

    // Assess
    expect(Buffer.byteLength(built.message.Message, 'utf8')).toBeLessThanOrEqual(maxBytes);
    expect(built.message.Message.length).toBeLessThan(Buffer.byteLength(built.message.Message));
    expect(built.truncated).toBeDefined();
  });
});

describe('the SNS subject', () => {
  it('names the account and the verdict, under 100 characters and on one line', () => {
    // Prepare
    const report = { ...scenarioReport('02'), accountId: `1111\n${'x'.repeat(200)}` };

    // Act
    const subject = buildSubject(report);

    // Assess
    expect(subject.length).toBeLessThan(100);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toMatch(/^vpce-auditor 1111 x+/);
  });

  it('counts failed regions', () => {
    // Prepare
    const report = {
      ...scenarioReport('02'),
      errors: [
        { region: 'eu-west-1', operation: 'collect', code: 'X', message: 'm' },
        { region: 'eu-west-1', operation: 'analyze', code: 'Y', message: 'm' },
      ],
    };

    // Act
    const subject = buildSubject(report);

    // Assess
    expect(subject).toBe(
      '1 region(s) failed: vpce-auditor 111122223333: 2 of 2 subnet(s) bypass gateway endpoints',
    );
  });

  it('replaces non-ASCII and control characters', () => {
    // Act
    const subject = sanitizeSubject('Répertoire\tà\u0007 voir');

    // Assess
    expect(subject).toBe('R pertoire   voir'.replace(/\s+/g, ' '));
  });
});
