/**
 * Runs the organization state machine's definition in-process, the way Step Functions would for
 * this definition: each Task's `Parameters` (JSONPath `$.…`, context `$$.…`, `States.Format`),
 * `ResultSelector`, `ResultPath` and `OutputPath`; the distributed map's `ItemReader` (a JSON array
 * from the bucket), `ItemSelector`, each child's `Catch` into the `Pass` state, and its
 * `ResultWriter` (a `manifest.json` and `SUCCEEDED_0.json` / `FAILED_0.json` result files with
 * each child's `Input` and `Output` as JSON text). Only what this definition uses is supported.
 */
import type { MemoryBucket } from './memory-bucket';

/** The report bucket as the distributed map reads and writes it (in memory, or over S3). */
export interface MapBucket {
  readJson(key: string): Promise<unknown>;
  write(key: string, text: string): Promise<void>;
}

/** A {@link MapBucket} over a mocked in-memory bucket. */
export function memoryMapBucket(bucket: MemoryBucket): MapBucket {
  return {
    readJson: (key) => Promise.resolve(bucket.json(key)),
    write: (key, text) => {
      bucket.objects.set(key, text);
      return Promise.resolve();
    },
  };
}

type Json = unknown;
type Handler = (payload: unknown) => Promise<unknown>;

interface Definition {
  States: Record<string, State>;
}
interface State {
  Type: string;
  Parameters?: Record<string, Json>;
  ResultSelector?: Record<string, Json>;
  ResultPath?: string;
  OutputPath?: string;
  ItemReader?: { Parameters: Record<string, Json> };
  ItemSelector?: Record<string, Json>;
  ItemProcessor?: { StartAt: string; States: Record<string, State & { Catch?: Catch[] }> };
  ResultWriter?: { Parameters: Record<string, Json> };
  Catch?: Catch[];
  Next?: string;
}
interface Catch {
  ErrorEquals: string[];
  ResultPath: string;
  Next: string;
}

function get(path: string, input: Json, context: Json): Json {
  const [root, ...parts] = path.split('.');
  let value: Json = root === '$$' ? context : input;
  if (root !== '$' && root !== '$$') throw new Error(`unsupported path ${path}`);
  for (const part of parts.filter((p) => p !== '')) {
    value = (value as Record<string, Json> | undefined)?.[part];
  }
  return value;
}

function evaluate(expression: string, input: Json, context: Json): Json {
  const format = /^States\.Format\('([^']*)',\s*(\$[^)]*)\)$/.exec(expression);
  if (format) {
    return (format[1] as string).replace('{}', String(get(format[2] as string, input, context)));
  }
  return get(expression, input, context);
}

/** A payload template applied to an input. */
export function applyTemplate(template: Json, input: Json, context: Json): Json {
  if (Array.isArray(template)) return template.map((item) => applyTemplate(item, input, context));
  if (template === null || typeof template !== 'object') return template;
  const result: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template as Record<string, Json>)) {
    if (key.endsWith('.$')) result[key.slice(0, -2)] = evaluate(String(value), input, context);
    else result[key] = applyTemplate(value, input, context);
  }
  return result;
}

function withResult(input: Json, path: string | undefined, result: Json): Json {
  if (path === undefined || path === '$') return result;
  const key = path.replace(/^\$\./, '');
  return { ...(input as Record<string, Json>), [key]: result };
}

function substitute(definition: Json, substitutions: Record<string, string>): Definition {
  let text = JSON.stringify(definition);
  for (const [name, value] of Object.entries(substitutions)) {
    text = text.split(`\${${name}}`).join(value);
  }
  return JSON.parse(text) as Definition;
}

/** Errors a child's Task raises, as Step Functions names them for a Lambda that threw. */
function stepFunctionsError(error: unknown): { Error: string; Cause: string } {
  const named = error as { name?: string; message?: string };
  return {
    Error: named.name ?? 'Error',
    Cause: JSON.stringify({ errorType: named.name, errorMessage: named.message }),
  };
}

/** What the run did. */
export interface StateMachineRun {
  output: Json;
  /** The payload each function received, in order. */
  payloads: Record<string, unknown[]>;
}

/**
 * Runs the definition. `functions` maps the FunctionName substitutions to handlers; `aborted`
 * names accounts whose child execution Step Functions would record as failed without a result
 * (the FAILED result file).
 */
export async function runStateMachine(options: {
  definition: Json;
  functions: Record<'ListAccounts' | 'AuditAccount' | 'Aggregate', Handler>;
  bucket: MapBucket;
  bucketName: string;
  executionName: string;
  aborted?: readonly string[];
}): Promise<StateMachineRun> {
  const definition = substitute(options.definition, {
    ListAccountsFunctionArn: 'ListAccounts',
    AuditAccountFunctionArn: 'AuditAccount',
    AggregateFunctionArn: 'Aggregate',
    ReportBucket: options.bucketName,
  });
  const payloads: Record<string, unknown[]> = { ListAccounts: [], AuditAccount: [], Aggregate: [] };
  const invoke = async (state: State, input: Json, context: Json): Promise<Json> => {
    const parameters = applyTemplate(state.Parameters, input, context) as {
      FunctionName: keyof typeof options.functions;
      Payload: Json;
    };
    payloads[parameters.FunctionName]?.push(parameters.Payload);
    const result = {
      Payload: await options.functions[parameters.FunctionName](parameters.Payload),
    };
    const selected = state.ResultSelector
      ? applyTemplate(state.ResultSelector, result, context)
      : result;
    const placed = withResult(input, state.ResultPath, selected);
    return state.OutputPath ? get(state.OutputPath, placed, context) : placed;
  };
  const context = {
    Execution: { Name: options.executionName, StartTime: '2026-11-29T03:00:00.000Z' },
  };
  let input: Json = {};
  let name: string | undefined = 'ListAccounts';
  while (name) {
    const state: State = definition.States[name] as State;
    if (state.Type === 'Task') {
      input = await invoke(state, input, context);
    } else if (state.Type === 'Map') {
      const reader = applyTemplate(state.ItemReader?.Parameters, input, context) as {
        Bucket: string;
        Key: string;
      };
      const items = (await options.bucket.readJson(reader.Key)) as Json[];
      const processor = state.ItemProcessor as NonNullable<State['ItemProcessor']>;
      const succeeded: object[] = [];
      const failed: object[] = [];
      for (const [index, item] of items.entries()) {
        const childInput = applyTemplate(state.ItemSelector, input, {
          ...context,
          Map: { Item: { Value: item, Index: index } },
        });
        const accountId = (item as { accountId: string }).accountId;
        const record = {
          ExecutionArn: `arn:aws:states:::execution:child-${index}`,
          Input: JSON.stringify(childInput),
        };
        if (options.aborted?.includes(accountId)) {
          failed.push({ ...record, Status: 'ABORTED', Error: 'States.Aborted', Cause: 'aborted' });
          continue;
        }
        const task = processor.States[processor.StartAt] as State & { Catch?: Catch[] };
        let output: Json;
        try {
          output = await invoke(task, childInput, context);
        } catch (error) {
          const caught = task.Catch?.[0] as Catch;
          const withError = withResult(childInput, caught.ResultPath, stepFunctionsError(error));
          const pass = processor.States[caught.Next] as State;
          output = applyTemplate(pass.Parameters, withError, context);
        }
        succeeded.push({ ...record, Status: 'SUCCEEDED', Output: JSON.stringify(output) });
      }
      const writer = applyTemplate(state.ResultWriter?.Parameters, input, context) as {
        Bucket: string;
        Prefix: string;
      };
      const base = `${writer.Prefix}/run-uuid`;
      const files = { SUCCEEDED: [] as object[], FAILED: [] as object[], PENDING: [] as object[] };
      if (succeeded.length > 0) {
        await options.bucket.write(`${base}/SUCCEEDED_0.json`, JSON.stringify(succeeded));
        files.SUCCEEDED.push({ Key: `${base}/SUCCEEDED_0.json`, Size: 1 });
      }
      if (failed.length > 0) {
        await options.bucket.write(`${base}/FAILED_0.json`, JSON.stringify(failed));
        files.FAILED.push({ Key: `${base}/FAILED_0.json`, Size: 1 });
      }
      await options.bucket.write(
        `${base}/manifest.json`,
        JSON.stringify({
          DestinationBucket: writer.Bucket,
          MapRunArn: 'arn:aws:states:::mapRun:x',
          ResultFiles: files,
        }),
      );
      const mapOutput = {
        ResultWriterDetails: { Bucket: writer.Bucket, Key: `${base}/manifest.json` },
      };
      const selected = state.ResultSelector
        ? applyTemplate(state.ResultSelector, mapOutput, context)
        : mapOutput;
      input = withResult(input, state.ResultPath, selected);
    } else {
      throw new Error(`unsupported state type ${state.Type}`);
    }
    name = state.Next;
  }
  return { output: input, payloads };
}
