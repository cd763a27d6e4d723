/** asl-validator (no type declarations): the definition in, the validity and the errors out. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errors: unknown[];
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { definitionWith } = require('../../../deploy/org-state-machine.js') as {
  definitionWith: (value: unknown) => Definition;
};

interface Definition {
  States: Record<string, Record<string, unknown>>;
}

/** The definition as CloudFormation hands it to Step Functions (its substitutions made). */
function substituted(definition: Definition): Definition {
  const text = JSON.stringify(definition)
    .replace(
      /\$\{(ListAccounts|AuditAccount|Aggregate)FunctionArn\}/g,
      (_, name: string) =>
        `arn:aws:lambda:us-east-1:111111111111:function:vpce-auditor-dev-org${name}`,
    )
    .replace(/\$\{ReportBucket\}/g, 'vpce-auditor-reports');
  expect(text).not.toMatch(/\$\{/);
  return JSON.parse(text) as Definition;
}

const LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

describe('the organization state machine definition', () => {
  it('is valid Amazon States Language (asl-validator)', () => {
    // Act
    const result = aslValidator(substituted(definitionWith(40)));

    // Assess
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it('maps over the account list with a distributed map that tolerates every account failing', () => {
    // Act
    const map = definitionWith('40').States.AuditAccounts as Record<string, unknown>;

    // Assess
    expect(map).toMatchObject({
      Type: 'Map',
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON' },
        Parameters: { 'Bucket.$': '$.run.bucket', 'Key.$': '$.run.accountsKey' },
      },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
      MaxConcurrency: 40,
      ToleratedFailurePercentage: 100,
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: {
          Bucket: '${ReportBucket}',
          'Prefix.$': "States.Format('runs/{}/map', $.run.runId)",
        },
      },
    });
  });

  it('retries the Lambda service and throttling errors with backoff on every task, and turns any other failure of an account into its result', () => {
    // Prepare
    const definition = definitionWith(40);
    const processor = (definition.States.AuditAccounts as { ItemProcessor: Definition })
      .ItemProcessor;
    const tasks = [
      definition.States.ListAccounts,
      processor.States.AuditAccount,
      definition.States.Aggregate,
    ] as { Retry: { ErrorEquals: string[]; BackoffRate: number }[] }[];

    // Assess
    for (const task of tasks) {
      expect(task.Retry).toEqual([
        expect.objectContaining({ ErrorEquals: LAMBDA_ERRORS, BackoffRate: 2 }),
      ]);
    }
    expect(processor.States.AuditAccount?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'AccountFailed' },
    ]);
    expect(processor.States.AccountFailed).toEqual({
      Type: 'Pass',
      Parameters: { 'accountId.$': '$.account.accountId', status: 'failed', 'error.$': '$.error' },
      End: true,
    });
  });

  it.each([0, '0', 10001, '4O', 1.5, ''])('refuses MaxConcurrency %j', (value) => {
    // Act / Assess
    expect(() => definitionWith(value)).toThrow(
      /orgMaxConcurrency: .* is not a whole number from 1 to 10000/,
    );
  });
});
