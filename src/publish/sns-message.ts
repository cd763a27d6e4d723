/**
 * The SNS message of a run: one `Publish` with `MessageStructure: json`. `default` and `email` carry
 * the human summary, `sqs` and `lambda` the JSON report (docs/report.md), `https` the chat-applications
 * custom notification. The whole `Message` (the JSON-encoded structure, in UTF-8 bytes) stays within
 * the SNS limit: the report is trimmed, healthy subnets first, then leaking subnets, then the least
 * severe findings, and says what was left out in its `truncated` field.
 */
import { changeHeadline } from '../history/headline';
import { findingsBySeverity } from '../format/labels';
import { resultSummaryLine } from '../format/plan-labels';
import type { Finding, RegionError, Report, SubnetReport } from '../types';
import { buildChatNotification } from './chat-notification';
import {
  remediationCountsText,
  remediationDigest,
  remediationTextLines,
} from './remediation-message';
import { snsEnvelope } from './sns-envelope';
import { sanitizeSubject } from './sns-limits';
import { buildTextSummary } from './text-summary';
import type { AppliedRemediation, BuiltSnsMessage, PublishedReport } from './types';

/** Options of {@link buildSnsMessage}. */
export interface SnsMessageOptions {
  /** Byte budget of the whole `Message` (default: the SNS limit, 256 KB). */
  maxBytes?: number;
  /** The remediation the audit applied after auditing (`AUTO_REMEDIATE=true`). */
  remediation?: AppliedRemediation;
}

/** Results listed in an audit message's remediation digest (the cap is 25 changes by default). */
export const MAX_DIGEST_RESULTS = 100;

/** The message of a region error, bounded so that errors never crowd out the findings. */
const MAX_ERROR_MESSAGE = 1000;

/**
 * The subject: the verdict of the run in one line, and what the remediation did when the audit
 * applied its plan (shorter wording then, to stay under 100 characters).
 */
export function buildSubject(report: Report, remediation?: AppliedRemediation): string {
  const { summary } = report;
  const failedRegions = new Set(report.errors.map((error) => error.region)).size;
  const failed = failedRegions > 0 ? `, ${failedRegions} region(s) failed` : '';
  if (remediation) {
    return sanitizeSubject(
      `vpce-auditor ${report.accountId}: ${summary.leakingSubnets}/${summary.subnets} subnets leaked; ${remediationCountsText(remediation.result)}${failed}`,
    );
  }
  const headline = changeHeadline(report);
  if (headline !== undefined) {
    return sanitizeSubject(`vpce-auditor ${report.accountId}: ${headline}${failed}`);
  }
  const verdict =
    summary.leakingSubnets > 0
      ? `${summary.leakingSubnets} of ${summary.subnets} subnet(s) bypass gateway endpoints`
      : `no leaks in ${summary.subnets} subnet(s)`;
  return sanitizeSubject(`vpce-auditor ${report.accountId}: ${verdict}${failed}`);
}

function isLeaking(subnet: SubnetReport): boolean {
  return Object.values(subnet.services).some((verdict) => verdict.leaking);
}

/** Keeps the first `count` items of `priority` (a permutation of `items`), in their original order. */
function keepFirst<T>(items: readonly T[], priority: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  const kept = new Set(priority.slice(0, count));
  return items.filter((item) => kept.has(item));
}

function boundErrors(errors: readonly RegionError[]): RegionError[] {
  return errors.map((error) =>
    error.message.length > MAX_ERROR_MESSAGE
      ? { ...error, message: `${error.message.slice(0, MAX_ERROR_MESSAGE - 3)}...` }
      : error,
  );
}

/**
 * Builds the message of a report.
 *
 * @throws RangeError when even the summary alone does not fit `maxBytes` (a budget far below SNS's)
 */
export function buildSnsMessage(report: Report, options: SnsMessageOptions = {}): BuiltSnsMessage {
  const { remediation } = options;
  const subject = buildSubject(report, remediation);
  const text = remediation
    ? `${buildTextSummary(report)}\nRemediation (AUTO_REMEDIATE): ${remediationCountsText(remediation.result)}\n${remediationTextLines(remediation).join('\n')}\n`
    : buildTextSummary(report);
  const https = JSON.stringify(
    buildChatNotification(
      report,
      subject,
      remediation ? `*Remediation*: ${resultSummaryLine(remediation.result)}` : undefined,
    ),
  );
  const digest = remediation ? remediationDigest(remediation, MAX_DIGEST_RESULTS) : undefined;
  const envelope = snsEnvelope<PublishedReport>({ subject, text, https }, options.maxBytes);
  const withDigest = (published: PublishedReport): PublishedReport =>
    digest ? { ...published, remediation: digest } : published;
  const maxBytes = envelope.maxBytes;

  if (envelope.fits(withDigest(report))) return envelope.build(withDigest(report));

  // Priorities: leaking non-exempt subnets before the others; worst findings first.
  const subnetPriority = [
    ...report.subnets.filter((s) => isLeaking(s) && !s.exempt),
    ...report.subnets.filter((s) => !(isLeaking(s) && !s.exempt)),
  ];
  const findingPriority: Finding[] = findingsBySeverity(report.findings);
  const errors = boundErrors(report.errors);

  const trimmed = (subnets: number, findings: number, errorCount: number): PublishedReport => {
    const keptSubnets = keepFirst(report.subnets, subnetPriority, subnets);
    const keptFindings = keepFirst(report.findings, findingPriority, findings);
    const subnetsOmitted = report.subnets.length - keptSubnets.length;
    const findingsOmitted = report.findings.length - keptFindings.length;
    const errorsOmitted = report.errors.length - Math.min(errorCount, errors.length);
    const keptVpcs = new Set(keptFindings.map((f) => `${f.accountId}/${f.region}/${f.vpcId}`));
    return withDigest({
      ...report,
      subnets: keptSubnets,
      findings: keptFindings,
      ...(report.vpcs
        ? {
            vpcs: report.vpcs.filter((v) => keptVpcs.has(`${v.accountId}/${v.region}/${v.vpcId}`)),
          }
        : {}),
      errors: errors.slice(0, errorCount),
      truncated: {
        subnetsOmitted,
        findingsOmitted,
        errorsOmitted,
        note:
          `The report exceeded the SNS limit of ${maxBytes} bytes: ${subnetsOmitted} of ${report.subnets.length} subnets, ` +
          `${findingsOmitted} of ${report.findings.length} findings and ${errorsOmitted} of ${report.errors.length} region errors were left out ` +
          '(healthy subnets first, then leaking subnets, then the least severe findings; the summary counts everything). ' +
          'Run `vpce-auditor audit --format json` for the full report.',
      },
    });
  };

  const allErrors = errors.length;
  const allFindings = report.findings.length;
  let subnets = envelope.largestFitting(report.subnets.length, (k) =>
    trimmed(k, allFindings, allErrors),
  );
  let findings = allFindings;
  let errorCount = allErrors;
  if (subnets < 0) {
    subnets = 0;
    findings = envelope.largestFitting(allFindings, (k) => trimmed(0, k, allErrors));
    if (findings < 0) {
      findings = 0;
      errorCount = envelope.largestFitting(allErrors, (k) => trimmed(0, 0, k));
      if (errorCount < 0) {
        throw new RangeError(
          `the SNS message cannot fit ${maxBytes} bytes even without subnets, findings and errors`,
        );
      }
    }
  }
  const result = trimmed(subnets, findings, errorCount);
  return {
    ...envelope.build(result),
    ...(result.truncated ? { truncated: result.truncated } : {}),
  };
}
