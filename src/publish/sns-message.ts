/**
 * The SNS message of a run: one `Publish` with `MessageStructure: json`. `default` carries the JSON
 * report (docs/report.md) once, for SQS, Lambda and HTTP subscribers alike; `email` the human
 * summary; `https` the chat-applications custom notification. The whole `Message` (the JSON-encoded
 * structure, in UTF-8 bytes) stays within the SNS limit. A report that does not fit is replaced by
 * a pointer to the full report in the report bucket: the summary, the top findings by estimated
 * dollars and the object's `s3://` location, saying so in `truncated`. Without a stored report the
 * report is trimmed instead, healthy subnets first, then leaking subnets, then the least severe
 * findings, and says what was left out.
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
import { displaySafe } from '../format/safe-text';
import { runFailures, runScope } from './run-failures';
import { sanitizeSubject } from './sns-limits';
import { buildTextSummary } from './text-summary';
import type { AppliedRemediation, BuiltSnsMessage, PublishedReport } from './types';

/** Options of {@link buildSnsMessage}. */
export interface SnsMessageOptions {
  /** Byte budget of the whole `Message` (default: the SNS limit, 256 KB). */
  maxBytes?: number;
  /** The remediation the audit applied after auditing (`AUTO_REMEDIATE=true`). */
  remediation?: AppliedRemediation;
  /** The full report as stored in the report bucket: a report too large for SNS points to it. */
  fullReport?: { uri: string };
}

/** Results listed in an audit message's remediation digest (the cap is 25 changes by default). */
export const MAX_DIGEST_RESULTS = 100;

/** The message of a region error, bounded so that errors never crowd out the findings. */
const MAX_ERROR_MESSAGE = 1000;

/**
 * The subject: the failures first (failed regions, failed remediation actions), so that cutting it
 * to 100 characters never hides them, then the verdict of the run and what the remediation did when
 * the audit applied its plan (shorter wording then).
 */
export function buildSubject(report: Report, remediation?: AppliedRemediation): string {
  const { summary } = report;
  const failed = runFailures(report);
  const failedActions =
    remediation && !remediation.result.overCap ? remediation.result.counts.failed : 0;
  const scope = runScope(report);
  const failures = [
    ...(failed.accounts > 0 ? [`${failed.accounts} account(s) failed`] : []),
    ...(failed.regions > 0 ? [`${failed.regions} region(s) failed`] : []),
    ...(failedActions > 0 ? [`${failedActions} action(s) failed`] : []),
  ];
  const prefix = failures.length > 0 ? `${failures.join(', ')}: ` : '';
  if (remediation) {
    return sanitizeSubject(
      `${prefix}vpce-auditor ${scope}: ${summary.leakingSubnets}/${summary.subnets} subnets leaked; ${remediationCountsText(remediation.result)}`,
    );
  }
  const headline = changeHeadline(report);
  if (headline !== undefined) {
    return sanitizeSubject(`${prefix}vpce-auditor ${scope}: ${headline}`);
  }
  const verdict =
    summary.leakingSubnets > 0
      ? `${summary.leakingSubnets} of ${summary.subnets} subnet(s) bypass gateway endpoints`
      : `no leaks in ${summary.subnets} subnet(s)`;
  return sanitizeSubject(`${prefix}vpce-auditor ${scope}: ${verdict}`);
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
  // The human parts show names and messages from AWS as one-line text (format/safe-text).
  const shown = displaySafe(report);
  const text = remediation
    ? `${buildTextSummary(shown)}\nRemediation (AUTO_REMEDIATE): ${remediationCountsText(remediation.result)}\n${remediationTextLines(remediation).join('\n')}\n`
    : buildTextSummary(shown);
  const https = JSON.stringify(
    buildChatNotification(
      shown,
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
  if (options.fullReport) {
    return pointerMessage(report, options.fullReport.uri, {
      subject,
      text,
      https,
      withDigest,
      maxBytes: options.maxBytes,
    });
  }

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

/** Findings by estimated dollars (unknown last), then severity: the ones worth fixing first. */
export function findingsByDollars(findings: readonly Finding[]): Finding[] {
  const bySeverity = findingsBySeverity(findings);
  const rank = new Map(bySeverity.map((finding, index) => [finding, index]));
  return [...findings].sort(
    (a, b) =>
      (b.estimatedMonthlyUsd ?? -1) - (a.estimatedMonthlyUsd ?? -1) ||
      (rank.get(a) ?? 0) - (rank.get(b) ?? 0),
  );
}

/**
 * The message of a report too large for SNS whose full text is in the report bucket: the summary,
 * the region errors and as many of the top findings by dollars as fit, no subnets, and `truncated`
 * and `reportObject` saying where the whole report is.
 */
function pointerMessage(
  report: Report,
  uri: string,
  parts: {
    subject: string;
    text: string;
    https: string;
    withDigest: (published: PublishedReport) => PublishedReport;
    maxBytes: number | undefined;
  },
): BuiltSnsMessage {
  const text = `${parts.text}\nThe full report (too large for one SNS message): ${uri}\n`;
  const envelope = snsEnvelope<PublishedReport>(
    { subject: parts.subject, text, https: parts.https },
    parts.maxBytes,
  );
  const ranked = findingsByDollars(report.findings);
  const errors = boundErrors(report.errors);
  const documentOf = (findings: number, errorCount: number): PublishedReport => {
    const subnetsOmitted = report.subnets.length;
    const findingsOmitted = report.findings.length - findings;
    const errorsOmitted = report.errors.length - errorCount;
    return parts.withDigest({
      ...report,
      subnets: [],
      findings: ranked.slice(0, findings),
      errors: errors.slice(0, errorCount),
      reportObject: uri,
      truncated: {
        subnetsOmitted,
        findingsOmitted,
        errorsOmitted,
        note:
          `The report exceeds the SNS limit of ${envelope.maxBytes} bytes: the full report is ${uri}. ` +
          `This message carries the summary (which counts everything), the top ${findings} of ${report.findings.length} findings by estimated monthly dollars ` +
          `and ${errorCount} of ${report.errors.length} region errors; no subnets.`,
      },
    });
  };
  let errorCount = errors.length;
  let findings = envelope.largestFitting(report.findings.length, (k) => documentOf(k, errorCount));
  if (findings < 0) {
    findings = 0;
    errorCount = envelope.largestFitting(errors.length, (k) => documentOf(0, k));
    if (errorCount < 0) {
      throw new RangeError(
        `the SNS message cannot fit ${envelope.maxBytes} bytes even as a pointer to ${uri}`,
      );
    }
  }
  const document = documentOf(findings, errorCount);
  return {
    ...envelope.build(document),
    ...(document.truncated ? { truncated: document.truncated } : {}),
  };
}
