/**
 * The SNS message of a remediation run (the remediate function with `dryRun: false`): one `Publish`
 * with `MessageStructure: json`. `default` carries the JSON of the plan and its results (trimmed to
 * the SNS limit, saying what was left out), `email` a short human summary, `https` a
 * chat-applications custom notification. Also the bounded digest and the text
 * section that the audit's message carries when `AUTO_REMEDIATE` applied its plan.
 */
import { resultActionText, resultSummaryLine, scopeLine } from '../format/plan-labels';
import { oneLine } from '../format/text-width';
import { ownerPlaces } from '../remediation/plan-iac-owner';
import type { ActionResult, RemediationResult } from '../remediation/result-types';
import { CHAT_EVENT_TYPE, type ChatNotification } from './chat-notification';
import { snsEnvelope } from './sns-envelope';
import { sanitizeSubject } from './sns-limits';
import type {
  AppliedRemediation,
  BuiltSnsMessage,
  PublishedRemediation,
  RemediationDigest,
} from './types';
import { shorten } from './shorten';

/** Order of importance when results must be cut: what needs a person first. */
const STATUS_PRIORITY: Record<ActionResult['status'], number> = {
  failed: 0,
  applied: 1,
  verified: 2,
  skipped: 3,
};

/**
 * The digest of a run, keeping at most `maxResults` results (failed, then unverified, then verified,
 * then skipped ones), in plan order.
 */
export function remediationDigest(
  { plan, result }: AppliedRemediation,
  maxResults = Number.POSITIVE_INFINITY,
): RemediationDigest {
  const candidates = result.overCap ? [] : result.results;
  const kept = new Set(
    [...candidates]
      .sort((a, b) => STATUS_PRIORITY[a.status] - STATUS_PRIORITY[b.status])
      .slice(0, Math.max(0, maxResults)),
  );
  const results = candidates.filter((r) => kept.has(r));
  return {
    accountId: result.accountId,
    reportGeneratedAt: plan.reportGeneratedAt,
    scope: plan.scope,
    planSummary: plan.summary,
    overCap: result.overCap,
    ...(result.overCapReason !== undefined ? { overCapReason: result.overCapReason } : {}),
    verification: result.verification,
    counts: result.counts,
    errors: result.errors,
    results,
    resultsOmitted: result.results.length - results.length,
  };
}

/** The counts of a run in a few words: `2 endpoints created, 3 route tables attached, 1 failed`. */
export function remediationCountsText(result: RemediationResult): string {
  if (result.overCap) return 'over the cap on changes, nothing changed';
  const c = result.counts;
  if (result.results.length === 0) return 'nothing to do';
  const failed = c.failed > 0 ? `, ${c.failed} failed` : '';
  return `${c.endpointsCreated} endpoints created, ${c.routeTablesAttached} route tables attached${failed}`;
}

/**
 * The subject of a remediation message (under 100 characters), the failure count first so that no
 * truncation hides it.
 */
export function buildRemediationSubject(result: RemediationResult): string {
  const failed = result.overCap ? 0 : result.counts.failed;
  const prefix = failed > 0 ? `${failed} action(s) failed: ` : '';
  return sanitizeSubject(
    `${prefix}vpce-auditor ${result.accountId} remediation: ${remediationCountsText(result)}`,
  );
}

/** The results left to infrastructure as code (skipped as iac-managed), with their plan actions. */
function leftToIac({
  plan,
  result,
}: AppliedRemediation): { result: ActionResult; owners: string }[] {
  if (plan.scope.allowDrift === true || result.overCap) return [];
  const owned = new Map(
    plan.actions.flatMap((a) => (a.iacManaged ? [[a.id, a.iacManaged] as const] : [])),
  );
  return result.results.flatMap((r) => {
    const iac = owned.get(r.actionId);
    return r.status === 'skipped' && iac ? [{ result: r, owners: ownerPlaces(iac.owners) }] : [];
  });
}

/**
 * The changes skipped because infrastructure as code owns what they touch, and where to make each
 * (at most `max` listed).
 */
export function iacLeftLines(applied: AppliedRemediation, max = 10): string[] {
  const left = leftToIac(applied);
  if (left.length === 0) return [];
  const lines = [
    `Left to infrastructure as code (${left.length}): these change resources that a CloudFormation stack or an IaC tool owns, so they were not made through the API (that would be drift); make them there (vpce-auditor remediate --format terraform or --format cloudformation writes them):`,
    ...left
      .slice(0, max)
      .map(
        ({ result: r, owners }) =>
          `- ${r.region} ${r.vpcId} ${r.service} (${r.routeTableIds.join(', ')}): make it in ${oneLine(shorten(owners, 300))}`,
      ),
  ];
  if (left.length > max) lines.push(`- ... and ${left.length - max} more`);
  lines.push('');
  return lines;
}

/**
 * The remediation section of a human summary: scope, each result (at most `maxResults`, failed
 * first), what was left alone, region errors and the counts.
 */
export function remediationTextLines(
  { plan, result }: AppliedRemediation,
  maxResults = 20,
): string[] {
  const lines = [`Scope: ${scopeLine(plan)}`, ''];
  if (result.overCap) {
    lines.push(`Over the cap, nothing changed: ${result.overCapReason ?? ''}`, '');
  } else if (result.results.length === 0) {
    lines.push('Nothing to do: no leak that a gateway endpoint fixes is in scope.', '');
  } else {
    const digest = remediationDigest({ plan, result }, maxResults);
    lines.push(`Changes (${result.results.length}):`);
    for (const r of digest.results) {
      lines.push(
        `- ${r.status.toUpperCase()} ${r.region} ${r.vpcId} ${r.service}: ${resultActionText(r)} for ${r.routeTableIds.join(', ')}`,
      );
      if (r.reason) lines.push(`    ${shorten(r.reason, 300)}`);
    }
    if (digest.resultsOmitted > 0) lines.push(`- ... and ${digest.resultsOmitted} more`);
    lines.push('');
  }
  lines.push(...iacLeftLines({ plan, result }));
  if (plan.skipped.length > 0) {
    const kinds = [...new Set(plan.skipped.map((s) => s.kind))].join(', ');
    lines.push(
      `Left alone: ${plan.skipped.length} finding(s) (${kinds}); invoke the remediate function with {} for the reasons.`,
    );
  }
  if (result.errors.length > 0) {
    lines.push(`Region errors (${result.errors.length}):`);
    for (const e of result.errors.slice(0, 10)) {
      lines.push(`- ${e.region} ${e.operation} ${e.code}: ${shorten(e.message, 300)}`);
    }
  }
  const changed = result.results.some((r) => r.status === 'applied' || r.status === 'verified');
  if (changed) for (const warning of plan.warnings ?? []) lines.push(`Warning: ${warning}`);
  lines.push(`Summary: ${resultSummaryLine(result)}`);
  return lines;
}

/** The `default`/`email` text of a remediation message. */
export function buildRemediationText(applied: AppliedRemediation): string {
  const { plan, result } = applied;
  return `${[
    `vpce-auditor remediation for account ${result.accountId} (from the audit of ${plan.reportGeneratedAt})`,
    ...remediationTextLines(applied),
  ].join('\n')}\n`;
}

/** The `https` part: a chat-applications custom notification of the run. */
export function buildRemediationChatNotification(
  { plan, result }: AppliedRemediation,
  subject: string,
): ChatNotification {
  const shown = remediationDigest({ plan, result }, 5).results;
  const lines = [resultSummaryLine(result)];
  for (const r of shown) {
    lines.push(
      `• *${r.status}* ${r.region} \`${r.vpcId}\` ${r.service}: ${resultActionText(r)} for \`${r.routeTableIds.join('`, `')}\``,
    );
  }
  const nextSteps: string[] = [];
  if (result.overCap) {
    nextSteps.push('Raise MAX_CHANGES or narrow the scope (regions, vpcIds), then invoke again.');
  }
  if (result.counts.failed > 0 || result.counts.applied > 0 || result.errors.length > 0) {
    nextSteps.push('Check the remediate function logs; invoke again with {} for a fresh plan.');
  }
  const iac = leftToIac({ plan, result });
  if (iac.length > 0) {
    nextSteps.push(
      oneLine(
        shorten(
          `${iac.length} change(s) are IaC-managed and were not applied: make them in ${[...new Set(iac.map((i) => i.owners))].join('; ')}.`,
          500,
        ),
      ),
    );
  }
  if (nextSteps.length === 0) nextSteps.push('Nothing to do.');
  return {
    version: '1.0',
    source: 'custom',
    id: `vpce-auditor-remediation-${result.accountId}-${plan.reportGeneratedAt}`,
    content: {
      textType: 'client-markdown',
      title: shorten(`:wrench: ${subject}`, 250),
      description: shorten(lines.join('\n'), 3000),
      nextSteps,
      keywords: ['vpce-auditor', 'remediation', result.accountId],
    },
    metadata: {
      threadId: `vpce-auditor-${result.accountId}`,
      summary: subject,
      eventType: `${CHAT_EVENT_TYPE}-remediation`,
      relatedResources: [
        ...new Set(shown.flatMap((r) => [r.vpcId, ...(r.endpointId ? [r.endpointId] : [])])),
      ].slice(0, 20),
      additionalContext: {
        accountId: result.accountId,
        endpointsCreated: String(result.counts.endpointsCreated),
        routeTablesAttached: String(result.counts.routeTablesAttached),
        failed: String(result.counts.failed),
        overCap: String(result.overCap),
      },
    },
  };
}

/**
 * Builds the message of an applied remediation: the full plan and result when they fit, else a
 * digest with as many results as fit (failed first), saying so.
 *
 * @throws RangeError when even the digest without results does not fit `maxBytes`
 */
export function buildRemediationSnsMessage(
  applied: AppliedRemediation,
  options: { maxBytes?: number } = {},
): BuiltSnsMessage {
  const subject = buildRemediationSubject(applied.result);
  const text = buildRemediationText(applied);
  const https = JSON.stringify(buildRemediationChatNotification(applied, subject));
  const envelope = snsEnvelope<PublishedRemediation>({ subject, text, https }, options.maxBytes);

  const full: PublishedRemediation = { schemaVersion: 1, kind: 'remediation', ...applied };
  if (envelope.fits(full)) return envelope.build(full);

  const digestOf = (k: number): PublishedRemediation => {
    const digest = remediationDigest(applied, k);
    return {
      schemaVersion: 1,
      kind: 'remediation',
      digest,
      truncated: {
        note:
          `The plan and results exceeded the SNS limit of ${envelope.maxBytes} bytes: the plan's actions and skipped findings ` +
          `and ${digest.resultsOmitted} of ${applied.result.results.length} results were left out (failed results kept first; the counts cover everything). ` +
          'The remediate function returns the whole plan and results.',
      },
    };
  };
  const kept = envelope.largestFitting(applied.result.results.length, digestOf);
  if (kept < 0) {
    throw new RangeError(
      `the remediation message cannot fit ${envelope.maxBytes} bytes even without results`,
    );
  }
  return envelope.build(digestOf(kept));
}
