/**
 * The `https` part of the SNS message: an Amazon Q Developer in chat applications (formerly AWS
 * Chatbot) custom notification, the only form the chat integration forwards to Slack or Teams
 * (anything else is dropped silently). Sizes are bounded so that it stays readable in a chat client.
 */
import { totalCostText, totals, vpcCostText } from '../format/report-text';
import { oneLine } from '../format/text-width';
import type { Report } from '../types';
import { runFailures } from './run-failures';
import { remediationAdvice } from './text-summary';

/** The estimate for the chat's context: dollars, or `no data` / `unknown`, never `0.00` for those. */
function costContext(report: Report): { estimatedMonthlyUsd?: string } {
  const usd = report.summary.estimatedMonthlyUsd;
  const words = totalCostText(report);
  if (words === 'no data' || words === 'unknown') return { estimatedMonthlyUsd: words };
  return usd === undefined ? {} : { estimatedMonthlyUsd: usd.toFixed(2) };
}

/** A custom notification (Chatbot admin guide, "Custom notifications"). */
export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  id?: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    threadId: string;
    summary: string;
    eventType: string;
    relatedResources: string[];
    additionalContext: Record<string, string>;
  };
}

/** Limits applied to the chat notification's text. */
export const CHAT_LIMITS = {
  title: 250,
  description: 3000,
  findings: 5,
  relatedResources: 20,
} as const;

/** The `eventType` of the notification (usable by custom-action criteria: `[a-zA-Z0-9-]+`). */
export const CHAT_EVENT_TYPE = 'vpce-auditor-report';

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * Builds the custom notification of a report; `subject` is the SNS subject (the summary);
 * `remediationLine` says what the audit's remediation did, when it ran.
 */
export function buildChatNotification(
  report: Report,
  subject: string,
  remediationLine?: string,
): ChatNotification {
  const findings = report.findings.filter((finding) => !finding.exempt);
  const lines = [
    totals(report)
      .map(([label, value]) => `*${label}*: ${value}`)
      .join(' · '),
    ...(remediationLine ? [remediationLine] : []),
  ];
  const vpcs = report.vpcs ?? [];
  if (vpcs.length > 0) {
    lines.push(
      '',
      `*VPCs to fix first* (${Math.min(vpcs.length, CHAT_LIMITS.findings)} of ${vpcs.length}, by $/month then severity):`,
    );
    for (const vpc of vpcs.slice(0, CHAT_LIMITS.findings)) {
      const name = vpc.name !== undefined ? ` ${oneLine(vpc.name).replace(/[`*_]/g, '')}` : '';
      lines.push(
        `• \`${vpc.vpcId}\`${name} · ${vpc.accountId} · ${vpc.region} · ${vpc.leakingSubnets}/${vpc.subnets} subnets · *${vpc.worstPath}* · ${vpcCostText(vpc)} · ${vpc.remediation}`,
      );
    }
  }
  if (report.errors.length > 0) {
    lines.push('', `*Region errors* (${report.errors.length}):`);
    for (const e of report.errors.slice(0, 5)) {
      lines.push(`• ${e.region} ${e.operation} \`${e.code}\`: ${bounded(e.message, 200)}`);
    }
  }

  const nextSteps: string[] = [];
  const first = findings[0];
  if (first) {
    nextSteps.push(`Worst: ${remediationAdvice(first)}`);
    nextSteps.push(
      'Invoke the remediate function with {} for the dry-run plan (it changes nothing), then with {"dryRun": false} to apply it.',
    );
  }
  if (report.errors.length > 0) {
    nextSteps.push(
      'Check the audit function logs and its role permissions for the failed regions.',
    );
  }
  if (nextSteps.length === 0) nextSteps.push('Nothing to do.');

  const relatedResources = [...new Set(findings.flatMap((f) => [f.vpcId, f.routeTableId]))].slice(
    0,
    CHAT_LIMITS.relatedResources,
  );
  const regionsWithLeaks = [...new Set(findings.map((f) => f.region))];

  return {
    version: '1.0',
    source: 'custom',
    id: `vpce-auditor-${report.accountId}-${report.generatedAt}`,
    content: {
      textType: 'client-markdown',
      title: bounded(`:mag: ${subject}`, CHAT_LIMITS.title),
      description: bounded(lines.join('\n'), CHAT_LIMITS.description),
      nextSteps,
      keywords: ['vpce-auditor', report.accountId, ...regionsWithLeaks].slice(0, 10),
    },
    metadata: {
      threadId: `vpce-auditor-${report.accountId}`,
      summary: subject,
      eventType: CHAT_EVENT_TYPE,
      relatedResources,
      additionalContext: {
        accountId: report.accountId,
        generatedAt: report.generatedAt,
        subnetsAudited: String(report.summary.subnets),
        leakingSubnets: String(report.summary.leakingSubnets),
        regionsFailed: String(runFailures(report).accountRegions),
        ...(report.accounts ? { accountsFailed: String(runFailures(report).accounts) } : {}),
        ...costContext(report),
      },
    },
  };
}
