/**
 * moto (`python3 -m moto.server`), an implementation of the AWS APIs written independently of this
 * project, started on loopback on a free port for one test file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A running moto server. */
export interface MotoServer {
  endpoint: string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts moto and waits until it answers (at most 30 s). */
export async function startMotoServer(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'python3',
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    { stdio: 'ignore' },
  );
  const stop = () => {
    child.kill('SIGTERM');
  };
  const started = Date.now();
  for (;;) {
    try {
      const answer = await fetch(`${endpoint}/moto-api/`);
      if (answer.ok) return { endpoint, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() - started > 30_000) {
      stop();
      throw new Error('moto.server did not start in 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
