/**
 * `vpce-auditor measure`: measures the S3 and DynamoDB bytes of the leaking NAT gateways that no
 * existing flow log covers, with temporary flow logs (docs/cost.md, "Measuring where no flow log
 * exists"). It prints the plan by default; `--apply` creates the flow logs, records for `--minutes`,
 * measures, removes everything it created (on success, failure and Ctrl-C) and writes the
 * measurement file that `audit --traffic FILE` reads. `--cleanup` finds and removes what an
 * interrupted run left behind (by its tags).
 */
import { Command, Option } from 'commander';
import { UserInputError } from '../errors';
import {
  DEFAULT_MAX_MEASURED_GATEWAYS,
  DEFAULT_MEASURE_MINUTES,
  MAX_MEASURE_MINUTES,
  type MeasurePlan,
} from '../cost/measure-plan';
import { measurementFileOf, newRunId } from '../cost/measurement-file';
import type { RegionLeftovers } from '../cost/measure-leftovers';
import { oneLine } from '../format/safe-text';
import {
  parsePositiveInteger,
  parseRegions,
  parseRoleArn,
  parseServices,
} from '../options/parsers';
import type { ServiceName } from '../types';
import { ExitCode } from './exit-codes';
import type { CliIo } from './io';
import {
  addLiveOptions,
  parseLiveOptions,
  printRegionErrors,
  withProgress,
  type LiveDependencies,
  type LiveOptions,
} from './live-options';
import { checkOutput, emitResult } from './output';
import {
  formatMeasurePlan,
  MEASURE_PLAN_FORMAT_NAMES,
  type MeasurePlanFormat,
} from './measure-plan-format';
import { measureResultLines } from './measure-text';

/** The parsed options of `measure`. */
export interface MeasureCommandOptions extends LiveOptions {
  regions: 'all' | string[];
  services: ServiceName[];
  minutes: number;
  maxGateways: number;
  apply: boolean;
  keepLogs: boolean;
  cleanup: boolean;
  deliveryRoleArn?: string;
  format: MeasurePlanFormat;
  out?: string;
}

/** `--minutes`: whole minutes from 1 to {@link MAX_MEASURE_MINUTES}. */
export function parseMinutes(value: string, flag = '--minutes'): number {
  const minutes = parsePositiveInteger(value, flag);
  if (minutes > MAX_MEASURE_MINUTES) {
    throw new UserInputError(
      `${flag}: "${value}" is more than ${MAX_MEASURE_MINUTES} minutes (a measurement is a sample, not a log)`,
    );
  }
  return minutes;
}

/** Declares `measure`; `run` receives the parsed options and returns the exit code. */
export function measureCommand(
  run: (options: MeasureCommandOptions) => Promise<ExitCode>,
): Command {
  const command = new Command('measure')
    .description(
      'measure the S3/DynamoDB bytes of leaking NAT gateways with temporary flow logs (dry run unless --apply)',
    )
    .option('--regions <regions>', 'all, or a comma-separated list of regions', 'all')
    .option('--services <services>', 'comma-separated: s3, dynamodb', 's3,dynamodb')
    .option(
      '--minutes <minutes>',
      `minutes to record (1-${MAX_MEASURE_MINUTES})`,
      String(DEFAULT_MEASURE_MINUTES),
    )
    .option(
      '--max-gateways <n>',
      'the most NAT gateways one run measures; over it nothing is created',
      String(DEFAULT_MAX_MEASURED_GATEWAYS),
    )
    .option(
      '--delivery-role-arn <arn>',
      'the role the flow logs deliver with (trusted by vpc-flow-logs.amazonaws.com); required with --apply',
    )
    .option('--apply', 'create the flow logs, measure, and remove them (default: print the plan)')
    .option('--keep-logs', 'keep the log group (it expires after a day) instead of deleting it')
    .option(
      '--cleanup',
      'find what an interrupted run left behind (by its tags); --apply removes it',
    )
    .addOption(
      new Option('--format <format>', 'plan format')
        .choices([...MEASURE_PLAN_FORMAT_NAMES])
        .default('text'),
    )
    .option('--out <file>', 'write the measurement file (or the plan) to a file instead of stdout');
  addLiveOptions(command);
  command.action(async (raw: Record<string, unknown>) => {
    const apply = raw.apply === true;
    const cleanup = raw.cleanup === true;
    const role =
      typeof raw.deliveryRoleArn === 'string' ? parseRoleArn(raw.deliveryRoleArn) : undefined;
    if (apply && !cleanup && role === undefined) {
      throw new UserInputError(
        '--delivery-role-arn: required with --apply (a role trusted by vpc-flow-logs.amazonaws.com that may write to CloudWatch Logs; docs/cost.md)',
      );
    }
    const options: MeasureCommandOptions = {
      regions: parseRegions(String(raw.regions)),
      services: parseServices(String(raw.services)),
      minutes: parseMinutes(String(raw.minutes)),
      maxGateways: parsePositiveInteger(String(raw.maxGateways), '--max-gateways'),
      apply,
      keepLogs: raw.keepLogs === true,
      cleanup,
      ...(role !== undefined ? { deliveryRoleArn: role } : {}),
      format: raw.format as MeasurePlanFormat,
      ...(typeof raw.out === 'string' ? { out: raw.out } : {}),
      ...parseLiveOptions(raw),
    };
    await run(options);
  });
  return command;
}

/** The regions `--regions` names, `all` resolved to the account's enabled regions. */
async function regionsOf(
  options: MeasureCommandOptions,
  deps: LiveDependencies,
): Promise<string[]> {
  if (options.regions !== 'all') return options.regions;
  const clients = deps.clients();
  const home = await (clients.homeRegion?.() ?? clients.sts().config.region());
  return deps.live.enabledRegions(clients.ec2(home), {});
}

/** `measure --cleanup`: lists the leftovers and, with `--apply`, removes them. */
async function runCleanup(
  options: MeasureCommandOptions,
  io: CliIo,
  deps: LiveDependencies,
): Promise<ExitCode> {
  const { findLeftovers, removeLeftovers } = deps.live;
  const clients = deps.clients();
  const logs = (region: string) => clients.logs(region);
  const log = (message: string) => {
    if (options.verbosity !== 'quiet') io.err(`${oneLine(message)}\n`);
  };
  const found: RegionLeftovers[] = [];
  for (const region of await regionsOf(options, deps)) {
    found.push(await findLeftovers(region, clients.ec2(region), logs(region)));
  }
  const some = found.filter((f) => f.flowLogIds.length + f.logGroupNames.length > 0);
  const lines = some.map(
    (f) =>
      `${f.region}: flow logs ${f.flowLogIds.join(', ') || 'none'}; log groups ${f.logGroupNames.join(', ') || 'none'}`,
  );
  let remaining = some;
  if (options.apply && some.length > 0) {
    io.interrupts?.deferExit();
    remaining = [];
    for (const f of some) {
      const again = await removeLeftovers(f, clients.ec2(f.region), logs(f.region), log);
      if (again.flowLogIds.length + again.logGroupNames.length > 0) remaining.push(again);
    }
  }
  const errors = found.flatMap((f) => f.errors.map((e) => `${f.region}: ${e}`));
  for (const error of errors) io.err(`vpce-auditor: ${oneLine(error)}\n`);
  const text =
    some.length === 0
      ? 'No leftovers of vpce-auditor measure.\n'
      : options.apply
        ? `${remaining.length === 0 ? 'Removed' : 'Could not remove all of'}: ${lines.join('; ')}\n`
        : `Leftovers of vpce-auditor measure (remove them with measure --cleanup --apply):\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
  const written = await emitResult(text, options.out, io, 'cleanup', true);
  if (!written || errors.length > 0) return ExitCode.Failure;
  return options.apply && remaining.length > 0 ? ExitCode.Failure : ExitCode.Ok;
}

/** Runs `measure`: plans from a fresh audit; with `--apply`, measures and writes the file. */
export async function runMeasure(
  options: MeasureCommandOptions,
  io: CliIo,
  live: () => Promise<LiveDependencies>,
): Promise<ExitCode> {
  await checkOutput(options.out);
  const deps = await live();
  if (options.cleanup) return runCleanup(options, io, deps);
  const { auditLive, measureCandidates, measureInputsOf, planMeasurement, runMeasurement } =
    deps.live;
  const clients = deps.clients();
  const audited = await withProgress(io, options.verbosity, async (progress) => {
    const { report, snapshot } = await auditLive({
      regions: options.regions,
      services: options.services,
      clients,
      concurrency: options.concurrency,
      progress,
    });
    const candidates = await measureCandidates(report, snapshot, (region) => clients.ec2(region));
    return { report, snapshot, candidates };
  });
  printRegionErrors(audited.report.errors, io);
  const plan: MeasurePlan = planMeasurement(audited.candidates, {
    runId: newRunId(),
    minutes: options.minutes,
    maxGateways: options.maxGateways,
    services: options.services,
  });
  const planText = formatMeasurePlan(plan, options.format, { apply: options.apply });
  if (!options.apply) {
    const written = await emitResult(planText, options.out, io, 'plan');
    if (!written) return ExitCode.Failure;
    return plan.overCap || audited.report.errors.length > 0 ? ExitCode.Failure : ExitCode.Ok;
  }
  io.err(planText);
  if (plan.overCap) {
    io.err(`vpce-auditor: nothing created: ${plan.overCapReason ?? 'over the cap'}\n`);
    return ExitCode.Failure;
  }
  if (plan.regions.length === 0) {
    io.err('vpce-auditor: nothing to measure: no leaking NAT gateway lacks a flow log\n');
    const file = measurementFileOf(
      audited.report.accountId,
      {
        status: 'measured',
        measurements: {},
        changes: [],
        bytesScanned: 0,
        queryUsd: 0,
      },
      new Date(),
    );
    const written = await emitResult(
      `${JSON.stringify(file, null, 2)}\n`,
      options.out,
      io,
      'measurement',
    );
    return written ? ExitCode.Ok : ExitCode.Failure;
  }
  // From the first change on, a first signal removes what was created instead of ending at once.
  const signal = io.interrupts?.deferExit();
  const result = await runMeasurement(plan, {
    ec2: (region) => clients.ec2(region),
    logs: (region) => clients.logs(region),
    deliveryRoleArn: options.deliveryRoleArn ?? '',
    keepLogs: options.keepLogs,
    inputs: (region) => measureInputsOf(audited.snapshot, region),
    ...(signal ? { signal } : {}),
    log: (message) => {
      if (options.verbosity !== 'quiet') io.err(`${oneLine(message)}\n`);
    },
    ...(deps.measureTiming ?? {}),
  });
  for (const line of measureResultLines(result)) io.err(`${oneLine(line)}\n`);
  const leftovers = result.changes.flatMap((c) => c.leftovers);
  let written = true;
  if (result.status === 'measured') {
    const file = measurementFileOf(audited.report.accountId, result, new Date());
    written = await emitResult(
      `${JSON.stringify(file, null, 2)}\n`,
      options.out,
      io,
      'measurement',
    );
  }
  const signalCode = io.interrupts?.exitCode();
  if (signalCode !== undefined) return signalCode;
  return result.status === 'measured' && leftovers.length === 0 && written
    ? ExitCode.Ok
    : ExitCode.Failure;
}
