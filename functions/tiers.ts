/**
 * The nightly tier job, started by an EventBridge schedule (no HTTP). Computes every tenant's
 * tiers, publishes the win-back signals as EventBridge events (`TIER_SIGNALS=eventbridge`, set
 * by the CDK stack; a log line otherwise) and logs one JSON line with the figures. A failure
 * throws, so the invocation counts as failed (EventBridge retries it, and the Lambda error
 * metric shows it).
 */
import type { ScheduledEvent } from 'aws-lambda';
import * as z from 'zod';
import { runTierJob, type TierJobResult } from '#customers/tier-job';
import { EventBridgeTierSignals, LoggedTierSignals } from '#events/win-back-events';
import { TierRepository } from '#store/tier-repository';
import { documentClient, environment, readEnvironment } from './runtime.ts';

const TiersEnvironmentSchema = z.object({ TIER_SIGNALS: z.enum(['eventbridge', 'log']).default('log') });

const tierRepository = new TierRepository(documentClient, environment.TABLE_NAME);
const signals =
  readEnvironment(TiersEnvironmentSchema).TIER_SIGNALS === 'eventbridge' ? new EventBridgeTierSignals() : new LoggedTierSignals();

/**
 * The schedule's time fixes "now" for the 12-month window, so a retried invocation of the same
 * night computes the same tiers; without a readable time, the clock's.
 */
export function jobTime(event: Pick<ScheduledEvent, 'time'> | undefined, clock: () => Date = () => new Date()): Date {
  const scheduled = event?.time ? new Date(event.time) : undefined;
  return scheduled && !Number.isNaN(scheduled.getTime()) ? scheduled : clock();
}

export async function handler(event: ScheduledEvent): Promise<TierJobResult> {
  const started = Date.now();
  const now = jobTime(event);
  const result = await runTierJob(tierRepository, now, signals);
  console.log(
    JSON.stringify({ level: 'INFO', message: 'tiers computed', at: now.toISOString(), ...result, durationMs: Date.now() - started }),
  );
  return result;
}
