import { join } from 'node:path';
import { packageArguments } from '../../../scripts/package-args';
import { runNode } from '../../helpers/node-process';

describe('npm run package -- <arguments>', () => {
  it('passes stack parameters, the stage and the region on to serverless package', () => {
    // Act
    const parsed = packageArguments([
      '--param=organization=true',
      '--param',
      'memberRoleName=auditor',
      '--stage=prod',
      '--region',
      'eu-west-1',
    ]);

    // Assess
    expect(parsed).toEqual({
      mode: 'package',
      serverless: [
        '--param=organization=true',
        '--param=memberRoleName=auditor',
        '--stage=prod',
        '--region=eu-west-1',
      ],
    });
  });

  it('keeps --check and --if-stale as modes', () => {
    expect(packageArguments(['--check']).mode).toBe('check');
    expect(packageArguments(['--if-stale', '--param=organization=true'])).toEqual({
      mode: 'if-stale',
      serverless: ['--param=organization=true'],
    });
  });

  it.each([
    [['--organization=true'], /--organization=true/],
    [['organization=true'], /organization=true/],
    [['--param'], /--param needs name=value/],
    [['--param=organization'], /--param needs name=value/],
    [['--stage'], /--stage needs a value/],
  ])('refuses %j rather than packaging something else than asked', (argv, message) => {
    expect(() => packageArguments(argv)).toThrow(message);
  });
});

describe('scripts/package.mjs', () => {
  it('stops with exit 2 and the argument it does not understand, before packaging anything', async () => {
    // Act
    const run = await runNode([
      join(__dirname, '..', '..', '..', 'scripts', 'package.mjs'),
      '--organization=true',
    ]);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"--organization=true" is not understood');
  });
});
