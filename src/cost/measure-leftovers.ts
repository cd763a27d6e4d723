/**
 * What a measurement left behind (a run ended at once by a second Ctrl-C, a process killed, a
 * deletion refused): the flow logs tagged {@link MEASURE_TAG_KEY} (`DescribeFlowLogs` filter
 * `tag-key`) and the log groups named `/vpce-auditor/measure/…` of a region; `measure --cleanup`
 * lists them and, with `--apply`, deletes them and checks they are gone.
 */
import {
  DeleteLogGroupCommand,
  paginateDescribeLogGroups,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteFlowLogsCommand,
  paginateDescribeFlowLogs,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { classifyAwsError } from '../aws-errors';
import { MEASURE_LOG_GROUP_PREFIX, MEASURE_TAG_KEY } from './measure-plan';

/** The leftovers of one region. */
export interface RegionLeftovers {
  region: string;
  flowLogIds: string[];
  logGroupNames: string[];
  /** Why the region could not be looked at, or what could not be deleted. */
  errors: string[];
}

/** Finds the leftovers of a region (never throws: a failed call is in `errors`). */
export async function findLeftovers(
  region: string,
  ec2: EC2Client,
  logs: CloudWatchLogsClient,
): Promise<RegionLeftovers> {
  const out: RegionLeftovers = { region, flowLogIds: [], logGroupNames: [], errors: [] };
  try {
    const Filter = [{ Name: 'tag-key', Values: [MEASURE_TAG_KEY] }];
    for await (const page of paginateDescribeFlowLogs({ client: ec2 }, { Filter })) {
      out.flowLogIds.push(
        ...(page.FlowLogs ?? []).flatMap((f) => (f.FlowLogId ? [f.FlowLogId] : [])),
      );
    }
  } catch (error) {
    const { code, message } = classifyAwsError(error);
    out.errors.push(`DescribeFlowLogs: ${code}: ${message}`);
  }
  try {
    for await (const page of paginateDescribeLogGroups(
      { client: logs },
      { logGroupNamePrefix: MEASURE_LOG_GROUP_PREFIX },
    )) {
      out.logGroupNames.push(
        ...(page.logGroups ?? []).flatMap((g) => (g.logGroupName ? [g.logGroupName] : [])),
      );
    }
  } catch (error) {
    const { code, message } = classifyAwsError(error);
    out.errors.push(`DescribeLogGroups: ${code}: ${message}`);
  }
  out.flowLogIds.sort();
  out.logGroupNames.sort();
  return out;
}

/**
 * Deletes the leftovers found, then looks again: returns what is still there (empty when all is
 * gone), with the errors met.
 */
export async function removeLeftovers(
  found: RegionLeftovers,
  ec2: EC2Client,
  logs: CloudWatchLogsClient,
  log: (message: string) => void,
): Promise<RegionLeftovers> {
  const errors: string[] = [];
  if (found.flowLogIds.length > 0) {
    try {
      const answer = await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: found.flowLogIds }));
      for (const u of answer.Unsuccessful ?? []) {
        if (u.Error?.Code !== 'InvalidFlowLogId.NotFound')
          errors.push(`DeleteFlowLogs ${u.ResourceId ?? '?'}: ${u.Error?.Code ?? '?'}`);
      }
      log(`${found.region}: deleted flow log(s) ${found.flowLogIds.join(', ')}`);
    } catch (error) {
      const { code, message } = classifyAwsError(error);
      errors.push(`DeleteFlowLogs: ${code}: ${message}`);
    }
  }
  for (const name of found.logGroupNames) {
    try {
      await logs.send(new DeleteLogGroupCommand({ logGroupName: name }));
      log(`${found.region}: deleted log group ${name}`);
    } catch (error) {
      const { code, message } = classifyAwsError(error);
      if (code !== 'ResourceNotFoundException')
        errors.push(`DeleteLogGroup ${name}: ${code}: ${message}`);
    }
  }
  const again = await findLeftovers(found.region, ec2, logs);
  return { ...again, errors: [...errors, ...again.errors] };
}
