/** Finding and removing what a measurement left behind, by its tags and its log groups' prefix. */
import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DeleteFlowLogsCommand, DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { findLeftovers, removeLeftovers } from '../../../src/cost/measure-leftovers';
import { awsError } from '../../helpers';

const ec2Client = new EC2Client({ region: 'us-east-1' });
const logsClient = new CloudWatchLogsClient({ region: 'us-east-1' });
const ec2 = mockClient(ec2Client);
const logs = mockClient(logsClient);

beforeEach(() => {
  ec2.reset();
  logs.reset();
});

describe('findLeftovers', () => {
  it('finds the flow logs by their tag and the log groups by their prefix', async () => {
    // Prepare
    ec2
      .on(DescribeFlowLogsCommand)
      .resolves({ FlowLogs: [{ FlowLogId: 'fl-2' }, { FlowLogId: 'fl-1' }] });
    logs
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: '/vpce-auditor/measure/r1' }] });

    // Act
    const found = await findLeftovers('us-east-1', ec2Client, logsClient);

    // Assess
    expect(found).toEqual({
      region: 'us-east-1',
      flowLogIds: ['fl-1', 'fl-2'],
      logGroupNames: ['/vpce-auditor/measure/r1'],
      errors: [],
    });
    expect(ec2).toHaveReceivedCommandWith(DescribeFlowLogsCommand, {
      Filter: [{ Name: 'tag-key', Values: ['vpce-auditor:measure'] }],
    });
    expect(logs).toHaveReceivedCommandWith(DescribeLogGroupsCommand, {
      logGroupNamePrefix: '/vpce-auditor/measure/',
    });
  });

  it('says which look failed instead of throwing', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).rejects(awsError('UnauthorizedOperation', 'no'));
    logs.on(DescribeLogGroupsCommand).rejects(awsError('AccessDeniedException', 'no'));

    // Act
    const found = await findLeftovers('us-east-1', ec2Client, logsClient);

    // Assess
    expect(found.errors).toEqual([
      'DescribeFlowLogs: UnauthorizedOperation: no',
      'DescribeLogGroups: AccessDeniedException: no',
    ]);
  });
});

describe('removeLeftovers', () => {
  it('deletes them and looks again', async () => {
    // Prepare
    ec2.on(DeleteFlowLogsCommand).resolves({
      Unsuccessful: [
        { ResourceId: 'fl-1', Error: { Code: 'InvalidFlowLogId.NotFound', Message: '' } },
      ],
    });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    logs.on(DeleteLogGroupCommand).resolves({});
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
    const lines: string[] = [];

    // Act
    const left = await removeLeftovers(
      {
        region: 'us-east-1',
        flowLogIds: ['fl-1', 'fl-2'],
        logGroupNames: ['/vpce-auditor/measure/r1'],
        errors: [],
      },
      ec2Client,
      logsClient,
      (line) => lines.push(line),
    );

    // Assess
    expect(left).toEqual({ region: 'us-east-1', flowLogIds: [], logGroupNames: [], errors: [] });
    expect(ec2).toHaveReceivedCommandWith(DeleteFlowLogsCommand, { FlowLogIds: ['fl-1', 'fl-2'] });
    expect(logs).toHaveReceivedCommandWith(DeleteLogGroupCommand, {
      logGroupName: '/vpce-auditor/measure/r1',
    });
    expect(lines).toHaveLength(2);
  });

  it('reports what could not be deleted and what is still there', async () => {
    // Prepare
    ec2.on(DeleteFlowLogsCommand).resolves({
      Unsuccessful: [{ ResourceId: 'fl-1', Error: { Code: 'UnauthorizedOperation', Message: '' } }],
    });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ FlowLogId: 'fl-1' }] });
    logs.on(DeleteLogGroupCommand).rejects(awsError('AccessDeniedException', 'no'));
    logs
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: '/vpce-auditor/measure/r1' }] });

    // Act
    const left = await removeLeftovers(
      {
        region: 'us-east-1',
        flowLogIds: ['fl-1'],
        logGroupNames: ['/vpce-auditor/measure/r1'],
        errors: [],
      },
      ec2Client,
      logsClient,
      () => undefined,
    );

    // Assess
    expect(left.flowLogIds).toEqual(['fl-1']);
    expect(left.logGroupNames).toEqual(['/vpce-auditor/measure/r1']);
    expect(left.errors).toEqual([
      'DeleteFlowLogs fl-1: UnauthorizedOperation',
      'DeleteLogGroup /vpce-auditor/measure/r1: AccessDeniedException: no',
    ]);
  });

  it('a DeleteFlowLogs that fails outright is an error, not a throw', async () => {
    // Prepare
    ec2.on(DeleteFlowLogsCommand).rejects(awsError('RequestLimitExceeded', 'slow'));
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ FlowLogId: 'fl-1' }] });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });

    // Act
    const left = await removeLeftovers(
      { region: 'us-east-1', flowLogIds: ['fl-1'], logGroupNames: [], errors: [] },
      ec2Client,
      logsClient,
      () => undefined,
    );

    // Assess
    expect(left.errors[0]).toMatch(/^DeleteFlowLogs: RequestLimitExceeded/);
    expect(left.flowLogIds).toEqual(['fl-1']);
  });
});
