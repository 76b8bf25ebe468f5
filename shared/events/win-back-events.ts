/**
 * Where the tier job's win-back signals go (`TierSignals` of `#customers/tier-job`): in AWS one
 * EventBridge event each on the account's default bus, for whoever subscribes (a CRM, a sales
 * queue); locally one JSON log line each. Building the events is pure and unit-tested.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { TierSignals } from '#customers/tier-job';
import type { TierChange } from '#customers/win-back';

/** The `source` of every event; a rule matches on it and on {@link WIN_BACK_DETAIL_TYPE}. */
export const WIN_BACK_SOURCE = 'order-configurator.tiers';
export const WIN_BACK_DETAIL_TYPE = 'Customer win-back signal';
/** PutEvents takes at most ten entries per call. */
export const EVENTS_PER_CALL = 10;

/** The event of one signal: what changed and why, never personal data beyond the customer id (pure). */
export function winBackEntry(signal: TierChange, eventBusName: string): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: WIN_BACK_SOURCE,
    DetailType: WIN_BACK_DETAIL_TYPE,
    Time: new Date(signal.at),
    Detail: JSON.stringify({
      tenantId: signal.tenantId,
      customerId: signal.customerId,
      at: signal.at,
      from: signal.from,
      to: signal.to,
      reasons: signal.reasons,
      value90: signal.value90,
      previous90: signal.previous90,
    }),
  };
}

/** The PutEvents requests of a batch of signals, at most {@link EVENTS_PER_CALL} entries each (pure). */
export function buildWinBackEvents(signals: readonly TierChange[], eventBusName: string): PutEventsCommandInput[] {
  const requests: PutEventsCommandInput[] = [];
  for (let start = 0; start < signals.length; start += EVENTS_PER_CALL)
    requests.push({ Entries: signals.slice(start, start + EVENTS_PER_CALL).map((s) => winBackEntry(s, eventBusName)) });
  return requests;
}

/** Publishes to EventBridge; any entry EventBridge did not take fails the batch (the job is then retried). */
export class EventBridgeTierSignals implements TierSignals {
  constructor(
    private readonly client: Pick<EventBridgeClient, 'send'> = new EventBridgeClient({}),
    private readonly eventBusName = 'default',
  ) {}

  async publish(signals: readonly TierChange[]): Promise<void> {
    for (const request of buildWinBackEvents(signals, this.eventBusName)) {
      const result = await this.client.send(new PutEventsCommand(request));
      if ((result.FailedEntryCount ?? 0) > 0) {
        const codes = [...new Set((result.Entries ?? []).flatMap((e) => (e.ErrorCode ? [e.ErrorCode] : [])))];
        throw new Error(`EventBridge refused ${result.FailedEntryCount} win-back event(s): ${codes.join(', ') || 'no error code'}`);
      }
    }
  }
}

/** Locally: one JSON line per signal (`npm run tiers` also lists them after the run). */
export class LoggedTierSignals implements TierSignals {
  readonly published: TierChange[] = [];

  constructor(private readonly log: (line: string) => void = (line) => console.log(line)) {}

  async publish(signals: readonly TierChange[]): Promise<void> {
    for (const signal of signals) {
      this.published.push(signal);
      this.log(JSON.stringify({ level: 'INFO', message: 'win-back signal', ...signal }));
    }
  }
}
