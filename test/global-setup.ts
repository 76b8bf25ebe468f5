/**
 * Starts one in-memory DynamoDB Local for the integration project and stops it by PID at
 * teardown. `stopOnExit`-style guards also kill it when the run is interrupted, so no JVM
 * outlives `npm test`.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    dynamoPid: number;
  }
}

export default async function setup(project: TestProject) {
  const database = await startDynamoDbLocal({ port: 0 });
  const killNow = () => {
    try {
      process.kill(database.pid, 'SIGKILL');
    } catch {
      // already stopped
    }
  };
  process.once('exit', killNow);
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      killNow();
      process.exit(130);
    });
  project.provide('dynamoEndpoint', database.endpoint);
  project.provide('dynamoPid', database.pid);
  return async () => {
    await database.stop();
  };
}
