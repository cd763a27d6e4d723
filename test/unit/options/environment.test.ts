import fc from 'fast-check';
import { SETTING_LIST } from '../../../src/config';
import { UserInputError } from '../../../src/errors';
import {
  booleanVariable,
  enumVariable,
  matches,
  parsedVariable,
  textVariable,
  unsetAs,
} from '../../../src/options/environment';

/** A parser in the style of src/options/parsers: whole numbers, naming the variable. */
function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new UserInputError(`COUNT: "${value}" is not a whole number`);
  return Number(value);
}

describe('parsedVariable', () => {
  it.each([undefined, '', '   ', '\t\n'])('takes %j as unset', (text) => {
    // Prepare
    const schema = parsedVariable(wholeNumber);

    // Act
    const value = schema.parse(text, 'COUNT');

    // Assess
    expect(value).toBeUndefined();
  });

  it('parses its default text when unset, and says what that text is', () => {
    // Prepare
    const schema = parsedVariable(wholeNumber, '12');

    // Act
    const value = schema.parse(' ', 'COUNT');

    // Assess
    expect(value).toBe(12);
    expect(schema.defaultText).toBe('12');
  });

  it("trims the text and leaves the parser's message as it is", () => {
    // Prepare
    const schema = parsedVariable(wholeNumber);

    // Act
    const parsed = schema.parse(' 7 ', 'COUNT');
    const bad = () => schema.parse('seven', 'COUNT');

    // Assess
    expect(parsed).toBe(7);
    expect(bad).toThrow(new UserInputError('COUNT: "seven" is not a whole number'));
  });
});

describe('enumVariable and booleanVariable', () => {
  it('take a choice in any case and with spaces around it', () => {
    // Prepare
    const mode = enumVariable(['always', 'on-leak'], 'always');
    const flag = booleanVariable('false');

    // Act
    const values = [mode.parse(' ON-LEAK ', 'NOTIFY'), flag.parse('True', 'FLAG')];

    // Assess
    expect(values).toEqual(['on-leak', true]);
  });

  it('give their default for a blank variable', () => {
    // Prepare
    const mode = enumVariable(['always', 'on-leak'], 'on-leak');
    const flag = booleanVariable('true');

    // Act
    const values = [mode.parse('', 'NOTIFY'), flag.parse(undefined, 'FLAG')];

    // Assess
    expect(values).toEqual(['on-leak', true]);
    expect([mode.defaultText, flag.defaultText]).toEqual(['on-leak', 'true']);
  });

  it('name the variable, the value as given and every choice', () => {
    // Prepare
    const mode = enumVariable(['always', 'on-leak'], 'always');
    const flag = booleanVariable('false');

    // Act
    const badMode = () => mode.parse('Hourly', 'NOTIFY');
    const badFlag = () => flag.parse('yes', 'FLAG');

    // Assess
    expect(badMode).toThrow(
      new UserInputError('NOTIFY: "Hourly" is not one of "always", "on-leak"'),
    );
    expect(badFlag).toThrow(new UserInputError('FLAG: "yes" is not one of "true", "false"'));
  });
});

describe('textVariable', () => {
  const rules = [
    matches(/^[a-z/]+$/, 'is not lower-case letters'),
    { test: (value: string) => !value.startsWith('aws/'), message: 'must not start with "aws/"' },
  ];

  it('trims the text and checks the rules in order, the first broken one speaking', () => {
    // Prepare
    const schema = textVariable(rules);

    // Act
    const value = schema.parse(' name ', 'NAME');
    const upper = () => schema.parse('AWS/x', 'NAME');
    const reserved = () => schema.parse('aws/x', 'NAME');

    // Assess
    expect(value).toBe('name');
    expect(upper).toThrow(new UserInputError('NAME: "AWS/x" is not lower-case letters'));
    expect(reserved).toThrow(new UserInputError('NAME: "aws/x" must not start with "aws/"'));
  });

  it('gives its default (not checked again) for a blank variable', () => {
    // Prepare
    const schema = textVariable(rules, 'Default');

    // Act
    const value = schema.parse('  ', 'NAME');

    // Assess
    expect(value).toBe('Default');
  });
});

describe('unsetAs', () => {
  it('gives its value for an unset variable and the parsed value otherwise', () => {
    // Prepare
    const schema = unsetAs(parsedVariable(wholeNumber), 0);

    // Act
    const values = [schema.parse(undefined, 'COUNT'), schema.parse('3', 'COUNT')];

    // Assess
    expect(values).toEqual([0, 3]);
    expect(schema.defaultText).toBeUndefined();
  });
});

describe('every setting', () => {
  it('means by its default text what it means unset (the stack writes that text as the default)', () => {
    // Prepare
    const withDefaults = SETTING_LIST.filter(
      ({ setting }) => setting.schema.defaultText !== undefined,
    );

    // Act
    const differing = withDefaults.filter(({ setting }) => {
      const unset = setting.schema.parse(undefined, setting.variable);
      const written = setting.schema.parse(setting.schema.defaultText, setting.variable);
      return JSON.stringify(unset) !== JSON.stringify(written);
    });

    // Assess
    expect(withDefaults.length).toBeGreaterThan(10);
    expect(differing.map(({ setting }) => setting.variable)).toEqual([]);
  });

  it('takes any blank text as unset', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SETTING_LIST),
        fc.stringMatching(/^[ \t\r\n]*$/),
        ({ setting }, blank) => {
          // Act
          const unset = setting.schema.parse(undefined, setting.variable);
          const parsed = setting.schema.parse(blank, setting.variable);

          // Assess
          expect(parsed).toEqual(unset);
        },
      ),
    );
  });
});
