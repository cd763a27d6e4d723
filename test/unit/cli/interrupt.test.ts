import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  signalExitCode,
  watchInterrupts,
  type InterruptHost,
  type InterruptSignal,
} from '../../../src/cli/interrupt';
import { writeFileAtomic } from '../../../src/cli/io';

/** A process whose signals the test sends and whose exits it records. */
function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const warnings: string[] = [];
  const host: InterruptHost = {
    on: (signal, listener) => emitter.on(signal, listener),
    exit: (code) => exits.push(code),
    warn: (text) => warnings.push(text),
  };
  return { host, exits, warnings, send: (signal: InterruptSignal) => emitter.emit(signal) };
}

describe('interrupts', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s ends a command that changes nothing at once with %d', (signal, code) => {
    // Prepare
    const proc = fakeProcess();
    const interrupts = watchInterrupts(proc.host);

    // Act
    proc.send(signal);

    // Assess
    expect(proc.exits).toEqual([code]);
    expect(signalExitCode(signal)).toBe(code);
    expect(interrupts.exitCode()).toBeUndefined();
  });

  it('once changes started, a first signal asks them to stop and a second one ends the process', () => {
    // Prepare
    const proc = fakeProcess();
    const interrupts = watchInterrupts(proc.host);
    const stop = interrupts.deferExit();

    // Act
    proc.send('SIGTERM');
    const afterFirst = { aborted: stop.aborted, exits: [...proc.exits] };
    proc.send('SIGINT');

    // Assess
    expect(afterFirst).toEqual({ aborted: true, exits: [] });
    expect(stop.reason).toBe('SIGTERM');
    expect(interrupts.exitCode()).toBe(143);
    expect(proc.warnings.join('')).toContain(
      'SIGTERM received: no new change is started; the one in progress finishes and the results are written',
    );
    expect(proc.exits).toEqual([130]);
  });

  it('a signal during an atomic write leaves no temporary file behind', async () => {
    // Prepare
    const proc = fakeProcess();
    watchInterrupts(proc.host);
    const dir = mkdtempSync(join(tmpdir(), 'interrupt-'));
    const file = join(dir, 'report.json');
    const seen: string[][] = [];
    function* pieces() {
      yield '{"a":';
      seen.push(readdirSync(dir));
      proc.send('SIGINT');
      seen.push(readdirSync(dir));
      yield '1}';
    }

    // Act
    await writeFileAtomic(file, pieces()).catch(() => undefined);

    // Assess
    expect(seen[0]).toEqual([`report.json.${process.pid}.tmp`]);
    expect(seen[1]).toEqual([]);
    expect(proc.exits).toEqual([130]);
    expect(existsSync(`${file}.${process.pid}.tmp`)).toBe(false);
  });
});
