/**
 * A DynamoDB Local that a benchmark script owns: started by the script, restartable on the same
 * port and data directory (the chaos run kills and restarts it), frozen and thawed by PID, and
 * killed by PID on every exit path of the script (normal end, failure, Ctrl-C, SIGTERM, crash).
 * Never by process name: other JVMs on the machine are not ours.
 */
import { startDynamoDbLocal, type DynamoDbLocal } from '../../infra/local/dynamodb-local.ts';

export interface OwnedDynamoDb {
  readonly endpoint: string;
  readonly port: number;
  /** The current JVM's PID (changes on restart). */
  pid(): number;
  /** Every PID this owner has started, for the report. */
  pids(): number[];
  /** SIGKILL, then wait until the PID is gone. */
  kill(): Promise<void>;
  /** Start again on the same port and data directory (after `kill`). */
  restart(): Promise<void>;
  freeze(): void;
  thaw(): void;
  /** Stop for good (SIGCONT first in case it is frozen, then SIGTERM/SIGKILL by PID). */
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/**
 * Starts DynamoDB Local (`dataDir` omitted = in memory) and installs the exit guards. The guards
 * are removed by `stop()`, so a long-lived process (a test worker) is not left with handlers.
 */
export async function startOwnedDynamoDb(options: { dataDir?: string; port?: number } = {}): Promise<OwnedDynamoDb> {
  let current: DynamoDbLocal = await startDynamoDbLocal({
    ...(options.port ? { port: options.port } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  const started = [current.pid];
  const port = current.port;
  let stopped = false;

  const killNow = () => {
    signal(current.pid, 'SIGCONT');
    signal(current.pid, 'SIGKILL');
  };
  const onSignal = (name: NodeJS.Signals) => {
    killNow();
    process.exit(name === 'SIGINT' ? 130 : 143);
  };
  const onInterrupt = () => onSignal('SIGINT');
  const onTerminate = () => onSignal('SIGTERM');
  const onHangup = () => onSignal('SIGHUP');
  process.on('exit', killNow);
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  process.on('SIGHUP', onHangup);
  const removeGuards = () => {
    process.off('exit', killNow);
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onTerminate);
    process.off('SIGHUP', onHangup);
  };

  const waitGone = async (pid: number) => {
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };

  return {
    endpoint: current.endpoint,
    port,
    pid: () => current.pid,
    pids: () => [...started],
    async kill() {
      const pid = current.pid;
      signal(pid, 'SIGKILL');
      await waitGone(pid);
    },
    async restart() {
      if (stopped) throw new Error('DynamoDB Local was stopped for good');
      // The port may linger for a moment after the kill: try for up to 15 s.
      const deadline = Date.now() + 15_000;
      for (;;) {
        try {
          current = await startDynamoDbLocal({ port, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
          started.push(current.pid);
          return;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    },
    freeze: () => signal(current.pid, 'SIGSTOP'),
    thaw: () => signal(current.pid, 'SIGCONT'),
    async stop() {
      stopped = true;
      signal(current.pid, 'SIGCONT');
      await current.stop();
      removeGuards();
    },
  };
}
