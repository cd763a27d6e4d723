/**
 * moto (`python3 -m moto.server`), an implementation of the AWS APIs written independently of this
 * project, started on a free loopback port for an integration test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A running moto server. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`: the SDK's endpoint. */
  endpoint: string;
  process: ChildProcess;
}

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
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

/** Starts moto and waits (at most 30 s) until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  });
  const started = Date.now();
  for (;;) {
    try {
      const answer = await fetch(`${endpoint}/moto-api/`);
      if (answer.ok) return { endpoint, process: child };
    } catch {
      // Not listening yet.
    }
    if (Date.now() - started > 30_000) {
      child.kill();
      throw new Error('moto.server did not start in 30 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
