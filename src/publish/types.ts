/**
 * The types of what the auditor publishes: the SNS `Publish` it sends, what became of it, and the
 * JSON documents its `default` part carries (what SQS, Lambda, HTTP and email-json subscribers get). Every module of `src/publish` (and its callers)
 * takes them from here, so the builders and the publisher never import each other for a type.
 */
import type { PlanScope, RemediationPlan } from '../remediation/plan-types';
import type {
  ActionResult,
  RemediationCounts,
  RemediationResult,
} from '../remediation/result-types';
import type { RegionError, Report } from '../types';

/** The parameters of `Publish`, minus the topic. */
export interface SnsMessage {
  Subject: string;
  Message: string;
  MessageStructure: 'json';
}

/** A built message and its size. */
export interface BuiltSnsMessage {
  message: SnsMessage;
  /** UTF-8 bytes of `message.Message`. */
  bytes: number;
  /** Set when the report had to be trimmed to fit. */
  truncated?: TruncationNote;
}

/** What happened to the SNS message of a run. */
export type SnsOutcome =
  | { status: 'published'; messageId: string; bytes: number; truncated?: TruncationNote }
  | { status: 'skipped'; reason: 'no-topic' | 'nothing-to-report' }
  /** SNS refused the message (logged and counted in the `PublishFailed` metric; the run stands). */
  | { status: 'failed'; message: string };

/** What the digest of a report says was left out (each list counted, not listed). */
export interface TruncationNote {
  subnetsOmitted: number;
  findingsOmitted: number;
  errorsOmitted: number;
  /** Leaking VPCs of the rollup left out. */
  vpcsOmitted?: number;
  /** Accounts of a multi-account report left out (only the top accounts with leaks are listed). */
  accountsOmitted?: number;
  /** Resolved findings left out (the history's counts cover them). */
  resolvedOmitted?: number;
  /** Carried findings left out (the history's counts cover them). */
  carriedOmitted?: number;
  note: string;
}

/** A plan and the result of applying it. */
export interface AppliedRemediation {
  plan: RemediationPlan;
  result: RemediationResult;
}

/** A bounded account of a run: the plan's scope and counts, and the results (failed first when cut). */
export interface RemediationDigest {
  accountId: string;
  reportGeneratedAt: string;
  scope: PlanScope;
  planSummary: RemediationPlan['summary'];
  overCap: boolean;
  overCapReason?: string;
  verification: RemediationResult['verification'];
  counts: RemediationCounts;
  errors: RegionError[];
  /** The results, in plan order (empty over the cap: nothing was called). */
  results: ActionResult[];
  /** Results left out to keep the message small. */
  resultsOmitted: number;
}

/**
 * The report as published in the `default` part: the JSON report (or its digest) plus the note of what was left out and,
 * when the audit applied its plan (`AUTO_REMEDIATE`), the digest of the remediation.
 */
export type PublishedReport = Report & {
  truncated?: TruncationNote;
  remediation?: RemediationDigest;
  /** The `s3://` location of the full report, when this message carries only part of it. */
  reportObject?: string;
};

/** The `default` JSON of a remediation message. */
export type PublishedRemediation =
  | { schemaVersion: 1; kind: 'remediation'; plan: RemediationPlan; result: RemediationResult }
  | {
      schemaVersion: 1;
      kind: 'remediation';
      digest: RemediationDigest;
      truncated: { note: string };
    };
