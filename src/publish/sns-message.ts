/**
 * The SNS message of a run: one `Publish` with `MessageStructure: json`. `default` carries the JSON
 * document (docs/report.md) once, for SQS, Lambda, HTTP and email-json subscribers alike; `email`
 * the human summary; `https` the chat-applications custom notification; `sms` the subject.
 *
 * The message fits by construction, whatever the size of the estate or the organization:
 * - the subject, the `email` text and the `https` notification have fixed bounds (the text is cut
 *   at a fixed number of encoded bytes), and say where the full report is stored;
 * - `default` carries the whole report when its measured size fits what is left (measured piece by
 *   piece, stopping at the budget: the report is never serialised to learn that it does not fit);
 * - otherwise `default` carries a digest with a fixed budget: the summary (which counts everything),
 *   the top VPCs, accounts and findings by dollars then severity up to the budget, the first region
 *   errors, counts instead of lists for everything else, and the `s3://` location of the full
 *   report (`reportObject`), saying so in `truncated`.
 */
import { resultSummaryLine } from '../format/plan-labels';
import { changeHeadline } from '../history/headline';
import type {
  AccountReport,
  CostSummary,
  Finding,
  RegionError,
  Report,
  ReportSummary,
  ReportTotals,
  SecurityHubSummary,
} from '../types';
import { buildChatNotification, type ChatNotification } from './chat-notification';
import { clampEncodedText, encodedStringBytes, nestedJsonBytes, utf8Bytes } from './json-budget';
import {
  remediationCountsText,
  remediationDigest,
  remediationTextLines,
} from './remediation-message';
import { displaySafe } from '../format/safe-text';
import { runFailures, runScope } from './run-failures';
import { SNS_MAX_MESSAGE_BYTES, sanitizeSubject } from './sns-limits';
import { buildTextSummary } from './text-summary';
import type {
  AppliedRemediation,
  BuiltSnsMessage,
  PublishedReport,
  RemediationDigest,
  TruncationNote,
} from './types';
import { shorten } from './shorten';

/** Options of {@link buildSnsMessage}. */
export interface SnsMessageOptions {
  /** Byte budget of the whole `Message` (default: the SNS limit, 256 KB). */
  maxBytes?: number;
  /** The remediation the audit applied after auditing (`AUTO_REMEDIATE=true`). */
  remediation?: AppliedRemediation;
  /** The full report as stored in the report bucket: every message points to it. */
  fullReport?: { uri: string };
  /**
   * Set when `report` is already a digest (the organization run keeps only the top of its lists in
   * memory): the real sizes of the lists. The message is then always a digest.
   */
  totals?: ReportTotals;
}

/** Results listed in an audit message's remediation digest (the cap is 25 changes by default). */
export const MAX_DIGEST_RESULTS = 100;

/** The fixed budget of the digest's lists (findings take what is left). */
export const DIGEST_LIMITS = {
  vpcs: 25,
  accounts: 25,
  errors: 10,
  costLines: 10,
  notes: 10,
  securityHubErrors: 10,
} as const;

/** Encoded bytes of the `email` text at most. */
export const MAX_TEXT_BYTES = 64 * 1024;
/** Encoded bytes of the `https` notification at most (it is bounded far below this). */
export const MAX_CHAT_BYTES = 48 * 1024;

/** The message of a region error, bounded so that errors never crowd out the findings. */
const MAX_ERROR_MESSAGE = 1000;
/** A note of the cost summary, bounded. */
const MAX_NOTE = 300;
/** Digits of the largest count a truncation note may hold (reserved before filling the lists). */
const COUNT_PLACEHOLDER = 999_999_999_999;

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

const SEVERITY_RANK: Record<Finding['severity'], number> = { high: 0, medium: 1, low: 2 };

/**
 * Findings by estimated dollars (unknown last), then severity, then id: the ones worth fixing first.
 * Plain comparisons only: an organization's findings are sorted in well under a second.
 */
export function findingsByDollars(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (b.estimatedMonthlyUsd ?? -1) - (a.estimatedMonthlyUsd ?? -1) ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Accounts with leaks by estimated dollars (unknown last), then leaking subnets, then id. */
export function accountsByDollars(accounts: readonly AccountReport[]): AccountReport[] {
  return accounts
    .filter((account) => account.status === 'audited' && account.summary.leakingSubnets > 0)
    .sort(
      (a, b) =>
        (b.summary.estimatedMonthlyUsd ?? -1) - (a.summary.estimatedMonthlyUsd ?? -1) ||
        b.summary.leakingSubnets - a.summary.leakingSubnets ||
        (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0),
    );
}

function boundError<T extends Pick<RegionError, 'message'>>(error: T): T {
  return error.message.length > MAX_ERROR_MESSAGE
    ? { ...error, message: shorten(error.message, MAX_ERROR_MESSAGE) }
    : error;
}

/**
 * The `email` text: the human summary, what the remediation did, and where the full report is.
 * `report` has been through displaySafe.
 */
function emailText(report: Report, options: SnsMessageOptions): string {
  const { remediation, fullReport } = options;
  const body = remediation
    ? `${buildTextSummary(report)}\nRemediation (AUTO_REMEDIATE): ${remediationCountsText(remediation.result)}\n${remediationTextLines(remediation).join('\n')}\n`
    : buildTextSummary(report);
  // The link is added after the text is cut, so that cutting never loses it.
  const link = fullReport ? `\nThe full report: ${fullReport.uri}\n` : '';
  return `${clampEncodedText(body, MAX_TEXT_BYTES - encodedStringBytes(link))}${link}`;
}

/** The `https` notification, with the link, bounded. `report` has been through displaySafe. */
function chatText(report: Report, subject: string, options: SnsMessageOptions): string {
  const { remediation, fullReport } = options;
  const chat: ChatNotification = buildChatNotification(
    report,
    subject,
    remediation ? `*Remediation*: ${resultSummaryLine(remediation.result)}` : undefined,
  );
  if (fullReport) chat.content.nextSteps.unshift(`Full report: ${fullReport.uri}`);
  const text = JSON.stringify(chat);
  if (encodedStringBytes(text) <= MAX_CHAT_BYTES) return text;
  // Only names of unusual length get here: the notification without its lists.
  return JSON.stringify({
    ...chat,
    content: {
      ...chat.content,
      description: shorten(chat.content.description, 500),
      nextSteps: chat.content.nextSteps.slice(0, 1).map((step) => shorten(step, 1500)),
      keywords: [],
    },
    metadata: { ...chat.metadata, relatedResources: [] },
  });
}

/** The cost summary with its per-gateway lines and notes cut to the digest's budget. */
function boundedCost(cost: CostSummary): CostSummary {
  const top = <T extends { estimatedMonthlyUsd: number }>(lines: readonly T[]): T[] =>
    [...lines]
      .sort((a, b) => b.estimatedMonthlyUsd - a.estimatedMonthlyUsd)
      .slice(0, DIGEST_LIMITS.costLines);
  const bounded: CostSummary = {
    ...cost,
    knownRegions: cost.knownRegions.slice(0, 100),
    unknownRegions: cost.unknownRegions.slice(0, 100),
    gateways: top(cost.gateways),
    notes: cost.notes.slice(0, DIGEST_LIMITS.notes).map((note) => shorten(note, MAX_NOTE)),
  };
  if (cost.transitGatewayAttachments) {
    bounded.transitGatewayAttachments = top(cost.transitGatewayAttachments);
  }
  return bounded;
}

function boundedSecurityHub(summary: SecurityHubSummary): SecurityHubSummary {
  return {
    ...summary,
    errors: summary.errors.slice(0, DIGEST_LIMITS.securityHubErrors).map(boundError),
    ...(summary.message !== undefined
      ? { message: shorten(summary.message, MAX_ERROR_MESSAGE) }
      : {}),
  };
}

function boundedSummary(summary: ReportSummary): ReportSummary {
  const bounded: ReportSummary = { ...summary };
  if (summary.cost) bounded.cost = boundedCost(summary.cost);
  return bounded;
}

/** The sizes of the report's lists: the given totals, else the lists' own lengths. */
function totalsOf(report: Report, totals: ReportTotals | undefined): ReportTotals {
  return (
    totals ?? {
      subnets: report.subnets.length,
      findings: report.findings.length,
      errors: report.errors.length,
      vpcs: report.vpcs?.length ?? 0,
      resolved: report.resolved?.length ?? 0,
      carried: report.carried?.length ?? 0,
    }
  );
}

/** A list being filled within a byte budget: each item is measured on its own. */
class BudgetFill {
  public constructor(private remaining: number) {}

  /** Adds items from `candidates` (in order) while they fit and `max` is not reached. */
  public take<T>(candidates: Iterable<T>, max: number): T[] {
    const kept: T[] = [];
    for (const item of candidates) {
      if (kept.length >= max) break;
      const comma = kept.length > 0 ? 1 : 0;
      const bytes = nestedJsonBytes(item, this.remaining - comma);
      if (bytes === undefined) break;
      this.remaining -= bytes + comma;
      kept.push(item);
    }
    return kept;
  }
}

/** The structure of the message around a `default` document (already serialised). */
function compose(
  parts: { subject: string; text: string; https: string },
  document: string,
): string {
  return JSON.stringify({
    default: document,
    email: parts.text,
    sms: parts.subject,
    https: parts.https,
  });
}

/**
 * Builds the message of a report; see the module's comment for what it carries.
 *
 * @throws RangeError when even the digest without lists does not fit `maxBytes` (a budget far
 *   below SNS's)
 */
export function buildSnsMessage(report: Report, options: SnsMessageOptions = {}): BuiltSnsMessage {
  const maxBytes = options.maxBytes ?? SNS_MAX_MESSAGE_BYTES;
  const { remediation, fullReport } = options;
  const subject = buildSubject(report, remediation);
  // Names and messages from AWS as one-line text (format/safe-text) for both human parts: made once,
  // it walks every string of the report (most of the message's time for a large report).
  const shown = displaySafe(report);
  const parts = {
    subject,
    text: emailText(shown, options),
    https: chatText(shown, subject, options),
  };
  const available = maxBytes - utf8Bytes(compose(parts, ''));
  const link = fullReport ? { reportObject: fullReport.uri } : {};
  const build = (document: PublishedReport, truncated?: TruncationNote): BuiltSnsMessage => {
    const message = compose(parts, JSON.stringify(document));
    const bytes = utf8Bytes(message);
    if (bytes > maxBytes) {
      throw new RangeError(`the SNS message of ${bytes} bytes exceeds its budget of ${maxBytes}`);
    }
    return {
      message: { Subject: subject, Message: message, MessageStructure: 'json' },
      bytes,
      ...(truncated ? { truncated } : {}),
    };
  };

  if (options.totals === undefined) {
    const whole: PublishedReport = {
      ...report,
      ...(remediation ? { remediation: remediationDigest(remediation, MAX_DIGEST_RESULTS) } : {}),
      ...link,
    };
    if (nestedJsonBytes(whole, available) !== undefined) return build(whole);
  }
  return digestMessage(report, options, { available, build });
}

/** The message whose `default` is the digest of the report (see the module's comment). */
function digestMessage(
  report: Report,
  options: SnsMessageOptions,
  message: {
    available: number;
    build: (document: PublishedReport, truncated: TruncationNote) => BuiltSnsMessage;
  },
): BuiltSnsMessage {
  const { remediation, fullReport } = options;
  const totals = totalsOf(report, options.totals);
  const accounts = report.accounts ?? [];
  const note = fullReport
    ? `The report is larger than one SNS message: the full report is ${fullReport.uri}. ` +
      'This message carries the summary (which counts everything), the top VPCs, accounts and findings ' +
      'by estimated monthly dollars then severity, and the first region errors; the other lists are counted in `truncated`.'
    : 'The report is larger than one SNS message and was not stored (no report bucket): this message carries the summary ' +
      '(which counts everything), the top VPCs, accounts and findings by estimated monthly dollars then severity, and the first ' +
      'region errors; the other lists are counted in `truncated`. Run `vpce-auditor audit --format json` for the full report.';
  const truncatedOf = (kept: {
    findings: number;
    errors: number;
    vpcs: number;
    accounts: number;
  }): TruncationNote => ({
    subnetsOmitted: totals.subnets,
    findingsOmitted: totals.findings - kept.findings,
    errorsOmitted: totals.errors - kept.errors,
    vpcsOmitted: totals.vpcs - kept.vpcs,
    accountsOmitted: accounts.length - kept.accounts,
    resolvedOmitted: totals.resolved,
    carriedOmitted: totals.carried,
    note,
  });
  const placeholder = truncatedOf({
    findings: -COUNT_PLACEHOLDER,
    errors: -COUNT_PLACEHOLDER,
    vpcs: -COUNT_PLACEHOLDER,
    accounts: -COUNT_PLACEHOLDER,
  });
  const skeletonOf = (digest: RemediationDigest | undefined): PublishedReport => ({
    schemaVersion: report.schemaVersion,
    generatedAt: report.generatedAt,
    accountId: report.accountId,
    ...(report.organizationId !== undefined ? { organizationId: report.organizationId } : {}),
    ...(report.accounts ? { accounts: [] } : {}),
    regions: report.regions,
    ...(report.services ? { services: report.services } : {}),
    summary: boundedSummary(report.summary),
    subnets: [],
    findings: [],
    errors: [],
    ...(report.resolved ? { resolved: [] } : {}),
    ...(report.carried ? { carried: [] } : {}),
    ...(report.vpcs ? { vpcs: [] } : {}),
    ...(report.securityHub ? { securityHub: boundedSecurityHub(report.securityHub) } : {}),
    ...(digest ? { remediation: digest } : {}),
    ...(fullReport ? { reportObject: fullReport.uri } : {}),
    truncated: placeholder,
  });
  // The remediation digest keeps fewer results when the whole one leaves too little room.
  let skeleton: PublishedReport | undefined;
  let room = -1;
  for (const results of remediation ? [MAX_DIGEST_RESULTS, 10, 0] : [0]) {
    skeleton = skeletonOf(remediation ? remediationDigest(remediation, results) : undefined);
    room =
      message.available -
      (nestedJsonBytes(skeleton, message.available) ?? Number.POSITIVE_INFINITY);
    if (room >= 0) break;
  }
  if (skeleton === undefined || room < 0) {
    throw new RangeError(
      `the SNS message cannot fit ${message.available} bytes for its JSON even without lists`,
    );
  }
  const fill = new BudgetFill(room);
  const errors = fill.take(
    (function* () {
      for (const error of report.errors) yield boundError(error);
    })(),
    DIGEST_LIMITS.errors,
  );
  const vpcs = fill.take(report.vpcs ?? [], DIGEST_LIMITS.vpcs);
  const topAccounts = fill.take(accountsByDollars(accounts), DIGEST_LIMITS.accounts);
  const findings = fill.take(
    findingsByDollars(report.findings.filter((finding) => !finding.exempt)),
    Number.POSITIVE_INFINITY,
  );
  const truncated = truncatedOf({
    findings: findings.length,
    errors: errors.length,
    vpcs: vpcs.length,
    accounts: topAccounts.length,
  });
  return message.build(
    {
      ...skeleton,
      ...(report.accounts ? { accounts: topAccounts } : {}),
      findings,
      errors,
      ...(report.vpcs ? { vpcs } : {}),
      truncated,
    },
    truncated,
  );
}
