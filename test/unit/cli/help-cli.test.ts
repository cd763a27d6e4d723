import { runInMemory } from '../../helpers';

/** The option entries of a help text: each starts on a line indented by two spaces and a dash. */
function optionEntries(help: string): string[] {
  const entries: string[] = [];
  for (const line of help.split('\n')) {
    if (/^ {2}-/.test(line)) entries.push(line);
    else if (/^ {3,}\S/.test(line) && entries.length > 0) entries[entries.length - 1] += line;
  }
  return entries;
}

describe('the help of every command', () => {
  it.each(['audit', 'snapshot', 'remediate', 'diff'])(
    '%s --help states each default once, and exits 0',
    async (command) => {
      // Act
      const { code, stdout } = await runInMemory([command, '--help']);

      // Assess
      expect(code).toBe(0);
      const twice = optionEntries(stdout).filter(
        (entry) => (entry.match(/\(default/g) ?? []).length > 1,
      );
      expect(twice).toEqual([]);
    },
  );

  it('help <command> prints that command’s help and exits 0', async () => {
    // Act
    const { code, stdout } = await runInMemory(['help', 'audit']);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: vpce-auditor audit');
  });

  it('a bare vpce-auditor still shows the usage and exits 2', async () => {
    // Act
    const { code } = await runInMemory([]);

    // Assess
    expect(code).toBe(2);
  });
});

describe('a multi-account option without --org, --ou or --accounts', () => {
  it.each([
    ['--role-name', 'auditor'],
    ['--external-id', 'x-1'],
    ['--exclude-accounts', '111111111111'],
  ])('%s is refused with exit 2 rather than ignored', async (flag, value) => {
    // Act
    const { code, stderr } = await runInMemory(['audit', '--snapshot', 'none.json', flag, value]);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(`${flag} needs --org, --ou or --accounts`);
  });
});
