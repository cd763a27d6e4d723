/** Why a text is not JSON, said without quoting the text. */
import { jsonSyntaxIssue, parseJsonOrIssue } from '../../src/json-syntax';

describe('jsonSyntaxIssue', () => {
  it.each([
    ['secret-token-123', 'line 1, column 1: an unexpected character'],
    ['{\n  "a": 1,\n  "b": tru\n}', 'line 3, column 8: an unexpected character'],
    ['{"a":1,}', 'line 1, column 8: a property name (in double quotes) was expected'],
    ['[1 2]', 'line 1, column 4: "," was expected'],
    ['{"a" 1}', 'line 1, column 6: ":" was expected'],
    ['[1,2', 'line 1, column 5: "]" was expected'],
    ['{"a":1', 'line 1, column 7: "}" was expected'],
    ['{} {}', 'line 1, column 4: more text follows the JSON value'],
    ['{"a":1 // note\n}', 'line 1, column 8: a comment (JSON has none)'],
    ['["\\q"]', 'line 1, column 2: an invalid escape in a string'],
    ['["\\u12"]', 'line 1, column 2: an invalid \\u escape'],
    ['["a\tb"]', 'line 1, column 2: a control character inside a string'],
    ['[1.]', 'line 1, column 2: a number that ends too early'],
    ['"abc', 'line 1, column 1: a string that is not closed on its line'],
    ['  \n ', 'it is empty'],
  ])('names where %j fails and what was expected, quoting none of it', (text, expected) => {
    // Prepare: the text JSON.parse refuses
    expect(() => JSON.parse(text) as unknown).toThrow();

    // Act
    const issue = jsonSyntaxIssue(text);

    // Assess
    expect(issue).toBe(expected);
  });

  it('never echoes the content of what it refuses', () => {
    // Prepare: a credentials file given by mistake
    const text = '[default]\naws_secret_access_key = wJalrXUtnFEMI\n';

    // Act
    const issue = jsonSyntaxIssue(text);

    // Assess
    expect(issue).not.toMatch(/default|aws_secret|wJalr/);
    expect(issue).toMatch(/^line 1, column 2: /);
  });
});

describe('parseJsonOrIssue', () => {
  it('gives the value of JSON and the issue of anything else', () => {
    // Act
    const good = parseJsonOrIssue('{"a":[1]}');
    const bad = parseJsonOrIssue('{"a":[1]');

    // Assess
    expect(good).toEqual({ value: { a: [1] } });
    expect(bad).toEqual({ issue: 'line 1, column 9: "}" was expected' });
  });
});
