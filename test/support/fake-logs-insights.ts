/**
 * A stand-in for CloudWatch Logs Insights over flow-log events: it implements the few commands the
 * flow-log measurement sends (StartQuery, GetQueryResults, StopQuery) and evaluates the subset of
 * the query language those queries use, from the query text: `parse @message "* * …" as …`,
 * `filter f in [...]`, `filter f = "v"`, `filter isIpv4InSubnet(f, "c") or …`,
 * `filter not isIpv4InSubnet(f, "c") and …`, `stats sum(bytes) as bytes [by f]`, `limit n`.
 *
 * moto (the independent AWS implementation the integration tests use) stores log groups and flow
 * logs but does not evaluate Logs Insights aggregations; this fake is what tests the semantics of the
 * queries (which records count, which bytes), so it parses the text rather than trusting the builder.
 * Anything it does not understand throws: a query outside the subset fails the test.
 */
import type {
  GetQueryResultsCommandOutput,
  StartQueryCommandInput,
  StartQueryCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';

/** A log event: seconds since the epoch and the flow-log record text. */
export interface FakeLogEvent {
  timestamp: number;
  message: string;
}

type Row = Record<string, string>;

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

function inSubnet(address: string | undefined, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const a = address === undefined ? undefined : ipv4(address);
  const b = base === undefined ? undefined : ipv4(base);
  if (a === undefined || b === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(a / size) === Math.floor(b / size);
}

const CALL = /^(not )?isIpv4InSubnet\((\w+), "([^"]+)"\)$/;

function predicate(expression: string): (row: Row) => boolean {
  let match = /^(\w+) in \[(.*)\]$/.exec(expression);
  if (match) {
    const field = match[1] as string;
    const values = JSON.parse(`[${match[2] ?? ''}]`) as string[];
    return (row) => values.includes(row[field] ?? '');
  }
  match = /^(\w+) = "([^"]*)"$/.exec(expression);
  if (match) {
    const [, field, value] = match as unknown as [string, string, string];
    return (row) => row[field] === value;
  }
  const orParts = expression.split(' or ');
  const andParts = expression.split(' and ');
  const parts = orParts.length > 1 ? orParts : andParts;
  const tests = parts.map((part) => {
    const call = CALL.exec(part);
    if (!call) throw new Error(`fake Logs Insights: cannot evaluate "${part}"`);
    const negated = call[1] !== undefined;
    const field = call[2] as string;
    const cidr = call[3] as string;
    return (row: Row) => inSubnet(row[field], cidr) !== negated;
  });
  return orParts.length > 1
    ? (row) => tests.some((test) => test(row))
    : (row) => tests.every((test) => test(row));
}

/** Evaluates one query over the events of a window. */
export function evaluateQuery(
  queryString: string,
  events: readonly FakeLogEvent[],
): Record<string, string>[] {
  let rows: Row[] = events.map((event) => ({ '@message': event.message }));
  let output: Row[] | undefined;
  let limit = Number.POSITIVE_INFINITY;
  for (const command of queryString.split('\n| ')) {
    let match = /^parse @message "([* ]+)" as (.+)$/.exec(command);
    if (match) {
      const count = (match[1] ?? '').split(' ').length;
      const names = (match[2] ?? '').split(', ');
      if (names.length !== count)
        throw new Error('fake Logs Insights: parse pattern and names differ');
      rows = rows.flatMap((row) => {
        const values = (row['@message'] ?? '').split(' ');
        if (values.length !== count) return [];
        return [Object.fromEntries(names.map((name, i) => [name, values[i] as string]))];
      });
      continue;
    }
    match = /^filter (.+)$/.exec(command);
    if (match) {
      const test = predicate(match[1] as string);
      rows = rows.filter(test);
      continue;
    }
    match = /^stats sum\((\w+)\) as (\w+)(?: by (\w+))?$/.exec(command);
    if (match) {
      const [, summed, alias, by] = match as unknown as [string, string, string, string?];
      const groups = new Map<string, number>();
      for (const row of rows) {
        const value = Number(row[summed]);
        if (!Number.isFinite(value)) continue;
        const key = by ? (row[by] ?? '') : '';
        groups.set(key, (groups.get(key) ?? 0) + value);
      }
      output = [...groups].map(([key, sum]) => ({
        ...(by ? { [by]: key } : {}),
        [alias]: String(sum),
      }));
      continue;
    }
    match = /^limit (\d+)$/.exec(command);
    if (match) {
      limit = Number(match[1]);
      continue;
    }
    throw new Error(`fake Logs Insights: unknown command "${command}"`);
  }
  return (output ?? rows).slice(0, limit);
}

/** The fake service: log groups of events, and the queries started against them. */
export class FakeLogsInsights {
  public readonly started: StartQueryCommandInput[] = [];
  public readonly stopped: string[] = [];
  private readonly groups = new Map<string, FakeLogEvent[]>();
  private readonly queries = new Map<string, { rows: Row[]; scanned: number; polls: number }>();

  /** Adds events to a log group. */
  public put(group: string, events: readonly FakeLogEvent[]): void {
    this.groups.set(group, [...(this.groups.get(group) ?? []), ...events]);
  }

  public startQuery = (input: StartQueryCommandInput): StartQueryCommandOutput => {
    this.started.push(input);
    const events = (input.logGroupNames ?? []).flatMap((group) => this.groups.get(group) ?? []);
    const inWindow = events.filter(
      (e) => e.timestamp >= (input.startTime ?? 0) && e.timestamp <= (input.endTime ?? 0),
    );
    const rows = evaluateQuery(input.queryString ?? '', inWindow).slice(0, input.limit ?? 1000);
    const scanned = inWindow.reduce((sum, e) => sum + Buffer.byteLength(e.message), 0);
    const queryId = `q-${this.started.length}`;
    this.queries.set(queryId, { rows, scanned, polls: 0 });
    return { queryId, $metadata: {} };
  };

  /** Answers `Running` once, then `Complete` with the rows. */
  public getQueryResults = (input: { queryId?: string }): GetQueryResultsCommandOutput => {
    const query = this.queries.get(input.queryId ?? '');
    if (!query) throw new Error(`unknown query ${input.queryId ?? ''}`);
    query.polls += 1;
    if (query.polls === 1) return { status: 'Running', results: [], $metadata: {} };
    return {
      status: 'Complete',
      results: query.rows.map((row) =>
        Object.entries(row).map(([field, value]) => ({ field, value })),
      ),
      statistics: {
        bytesScanned: query.scanned,
        recordsMatched: query.rows.length,
        recordsScanned: 0,
      },
      $metadata: {},
    };
  };

  public stopQuery = (input: { queryId?: string }) => {
    this.stopped.push(input.queryId ?? '');
    return { success: true, $metadata: {} };
  };
}
