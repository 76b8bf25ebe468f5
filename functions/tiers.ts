/**
 * The nightly tier job (no HTTP). In AWS the Step Functions workflow of the stateless stack
 * (infra/stacks/tier-workflow.ts) invokes it once per part: the tenants, each shard's count,
 * narrowing and apply (shared/customers/tier-parts.ts); invoked with a scheduled event instead,
 * it runs every part in this one invocation (a small deployment, or by hand). Win-back signals go
 * out as EventBridge events (`TIER_SIGNALS=eventbridge`, set by the CDK stack; a log line
 * otherwise). A failure throws, so the part is retried by the workflow.
 */
import type { ScheduledEvent } from 'aws-lambda';
import * as z from 'zod';
import { runShardedTierJob, runTierPart, type TierPart } from '#customers/tier-parts';
import { EventBridgeTierSignals, LoggedTierSignals } from '#events/win-back-events';
import { TierRepository } from '#store/tier-repository';
import { documentClient, environment, readEnvironment } from './runtime.ts';

const TiersEnvironmentSchema = z.object({ TIER_SIGNALS: z.enum(['eventbridge', 'log']).default('log') });

const tierRepository = new TierRepository(documentClient, environment.TABLE_NAME);
const signals =
  readEnvironment(TiersEnvironmentSchema).TIER_SIGNALS === 'eventbridge' ? new EventBridgeTierSignals() : new LoggedTierSignals();

/** Shard parts at once when one invocation runs the whole job. */
const IN_PROCESS_CONCURRENCY = 8;

/**
 * The schedule's time fixes "now" for the 12-month window, so a retried invocation of the same
 * night computes the same tiers; without a readable time, the clock's.
 */
export function jobTime(event: Pick<ScheduledEvent, 'time'> | undefined, clock: () => Date = () => new Date()): Date {
  const scheduled = event?.time ? new Date(event.time) : undefined;
  return scheduled && !Number.isNaN(scheduled.getTime()) ? scheduled : clock();
}

export async function handler(event: ScheduledEvent | TierPart): Promise<unknown> {
  if ('part' in event) return runTierPart(tierRepository, signals, event);
  const started = Date.now();
  const now = jobTime(event);
  const result = await runShardedTierJob(tierRepository, now, signals, IN_PROCESS_CONCURRENCY);
  console.log(
    JSON.stringify({ level: 'INFO', message: 'tiers computed', at: now.toISOString(), ...result, durationMs: Date.now() - started }),
  );
  return result;
}
