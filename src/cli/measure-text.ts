/** The words of `vpce-auditor measure`: its plan, and what a run did. */
import type { MeasurePlan } from '../cost/measure-plan';
import type { MeasureRunResult } from '../cost/measure-run';

/** The plan as text: what will be created where, with which settings, and what it costs. */
export function measurePlanText(plan: MeasurePlan, apply: boolean): string {
  const lines: string[] = [];
  const gateways = plan.regions.reduce((sum, r) => sum + r.targets.length, 0);
  lines.push(
    `${apply ? 'Measuring' : 'Would measure'} ${gateways} NAT gateway(s) with ${plan.flowLogs} temporary flow log(s) for ${plan.minutes} minute(s) (run ${plan.runId}):`,
  );
  for (const region of plan.regions) {
    lines.push(
      `  ${region.region}: log group ${region.logGroupName} (retention ${plan.retentionDays} day)`,
    );
    for (const target of region.targets) {
      lines.push(
        `    ${target.natGatewayId} (${target.services.join(', ')}): flow logs on ${target.interfaceIds.join(', ')}`,
      );
    }
  }
  lines.push(
    `  format: ${plan.logFormat}`,
    `  aggregation: ${plan.aggregationSeconds} s; tags: ${plan.tags.map((t) => `${t.Key}=${t.Value}`).join(', ')}`,
  );
  for (const skipped of plan.skipped) {
    lines.push(`  skipped ${skipped.region} ${skipped.natGatewayId}: ${skipped.reason}`);
  }
  lines.push('Cost:', ...plan.cost.map((line) => `  ${line}`));
  if (plan.overCap) lines.push(`Over the cap: ${plan.overCapReason ?? ''}`);
  if (!apply && gateways > 0 && !plan.overCap) {
    lines.push(
      'Dry run: nothing created. Run with --apply --delivery-role-arn ARN to measure; everything created is removed afterwards, also after a failure or Ctrl-C.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** What a run did, one line each: its outcome, its queries' cost, what is left behind. */
export function measureResultLines(result: MeasureRunResult): string[] {
  const lines: string[] = [];
  lines.push(
    result.status === 'measured'
      ? `measured ${Object.values(result.measurements).flat().length} NAT gateway(s) from ${result.startTime ?? '?'} to ${result.endTime ?? '?'}`
      : `measurement ${result.status}: ${result.reason ?? ''}`,
  );
  lines.push(
    `Logs Insights scanned ${result.bytesScanned} byte(s): $${result.queryUsd.toFixed(4)}`,
  );
  const leftovers = result.changes.flatMap((c) => c.leftovers.map((l) => `${c.region} ${l}`));
  const kept = result.changes.flatMap((c) =>
    c.keptLogGroup ? [`${c.region} ${c.keptLogGroup}`] : [],
  );
  if (kept.length > 0)
    lines.push(`kept (--keep-logs; they expire after a day): ${kept.join(', ')}`);
  lines.push(
    leftovers.length === 0
      ? 'nothing left behind'
      : `left behind: ${leftovers.join(', ')}; remove them with vpce-auditor measure --cleanup --apply`,
  );
  return lines;
}
