import fc from 'fast-check';
import {
  applyToTemplate,
  evaluateConditions,
  parseBooleanParams,
  type Template,
} from '../../../deploy/package-conditions';

describe('the boolean stack parameters', () => {
  it('accept exactly true and false', () => {
    // Act
    const values = parseBooleanParams({ a: 'true', b: 'false', c: true, d: false });

    // Assess
    expect(values).toEqual({ a: true, b: false, c: true, d: false });
  });

  it('refuse any other spelling, naming each parameter and value', () => {
    // Act
    const parse = () =>
      parseBooleanParams({ autoRemediate: 'TRUE', costEstimate: 'yes', ok: 'false', x: '' });

    // Assess
    expect(parse).toThrow(
      'invalid stack parameters: autoRemediate: "TRUE" is not true or false (exactly, in lower case); ' +
        'costEstimate: "yes" is not true or false (exactly, in lower case); ' +
        'x: "" is not true or false (exactly, in lower case)',
    );
  });

  it('refuse every string but the two', () => {
    fc.assert(
      fc.property(
        fc.string().filter((text) => text !== 'true' && text !== 'false'),
        (text) => {
          // Assess
          expect(() => parseBooleanParams({ flag: text })).toThrow(
            /^invalid stack parameter: flag: /,
          );
        },
      ),
    );
  });
});

describe('the package-time conditions', () => {
  it('evaluate Equals, Not, And, Or and names, booleans included', () => {
    // Act
    const values = evaluateConditions({
      booleanParams: { organization: 'true', securityHub: 'false' },
      conditions: {
        CreateTopic: { Equals: ['', ''] },
        CustomKey: { Not: { Equals: ['alias/aws/sns', 'alias/aws/sns'] } },
        Both: { And: ['organization', 'CreateTopic'] },
        Either: { Or: ['securityHub', 'CustomKey'] },
      },
    });

    // Assess
    expect(values).toEqual({
      organization: true,
      securityHub: false,
      CreateTopic: true,
      CustomKey: false,
      Both: true,
      Either: false,
    });
  });

  it.each([
    [{ conditions: { A: 'B' } }, 'condition A: unknown condition B'],
    [{ conditions: { A: 'A' } }, 'condition A refers to itself'],
    [{ conditions: { A: { Equals: ['x'] } } }, 'condition A: {"Equals":["x"]} is not a condition'],
    [{ booleanParams: { a: 'true' }, conditions: { a: 'a' } }, 'condition a is also a boolean'],
  ])('refuse the malformed %j', (config, message) => {
    // Assess
    expect(() => evaluateConditions(config)).toThrow(message);
  });
});

describe('the template after packaging', () => {
  function template(): Template {
    return {
      Resources: {
        Topic: { Type: 'AWS::SNS::Topic', Condition: 'CreateTopic', Properties: {} },
        Other: { Type: 'AWS::SNS::Topic', Condition: 'LeftToCloudFormation', Properties: {} },
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            Statement: [
              { Sid: 'Always' },
              { 'Fn::If': ['autoRemediate', { Sid: 'Remediate' }, { Ref: 'AWS::NoValue' }] },
              { 'Fn::If': ['CustomKey', { Sid: 'Kms' }, { Ref: 'AWS::NoValue' }] },
              { 'Fn::If': ['LeftToCloudFormation', { Sid: 'Cfn' }, { Ref: 'AWS::NoValue' }] },
            ],
            Topic: { 'Fn::If': ['CreateTopic', { Ref: 'Topic' }, 'arn:given'] },
          },
        },
        Function: {
          Type: 'AWS::Lambda::Function',
          DependsOn: ['Role', 'LogGroup'],
          Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } },
        },
        Alone: {
          Type: 'AWS::Lambda::Function',
          DependsOn: ['Role'],
          Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } },
        },
      },
      Outputs: {
        TopicArn: { Condition: 'CreateTopic', Value: { Ref: 'Topic' } },
        KeyId: { Condition: 'CustomKey', Value: 'k' },
      },
    };
  }

  it('keeps what applies, chooses the branches and leaves CloudFormation its own conditions', () => {
    // Prepare
    const conditions = { autoRemediate: true, CustomKey: false, CreateTopic: true };

    // Act
    const result = applyToTemplate(template(), conditions);

    // Assess
    expect(result.Resources.Topic).toEqual({ Type: 'AWS::SNS::Topic', Properties: {} });
    expect(result.Resources.Other?.Condition).toBe('LeftToCloudFormation');
    expect(result.Resources.Role?.Properties).toEqual({
      Statement: [
        { Sid: 'Always' },
        { Sid: 'Remediate' },
        { 'Fn::If': ['LeftToCloudFormation', { Sid: 'Cfn' }, { Ref: 'AWS::NoValue' }] },
      ],
      Topic: { Ref: 'Topic' },
    });
    expect(result.Outputs).toEqual({ TopicArn: { Value: { Ref: 'Topic' } } });
  });

  it('leaves out what does not apply and the role dependencies the GetAtt already makes', () => {
    // Prepare
    const conditions = { autoRemediate: false, CustomKey: true, CreateTopic: false };

    // Act
    const result = applyToTemplate(template(), conditions);

    // Assess
    expect(result.Resources.Topic).toBeUndefined();
    expect(result.Resources.Role?.Properties).toMatchObject({
      Statement: [{ Sid: 'Always' }, { Sid: 'Kms' }, expect.anything()],
      Topic: 'arn:given',
    });
    expect(result.Resources.Function?.DependsOn).toEqual(['LogGroup']);
    expect(result.Resources.Alone?.DependsOn).toBeUndefined();
    expect(result.Outputs).toEqual({ KeyId: { Value: 'k' } });
  });
});
