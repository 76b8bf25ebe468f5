/**
 * The local stand-in for the webhook queue and delivery function: events wait in this process
 * (a timer per pending attempt) and each attempt runs the same use case as the delivery
 * function in AWS (`deliverWebhook`, shared/webhooks/delivery.ts) with the same schedule,
 * optionally compressed for tests (`delayScale`). After the last attempt an event is parked:
 * one log line, as the dead-letter queue would hold it. A restart of `npm start` forgets pending
 * retries (docs/adr/0007-partner-webhooks.md).
 */
import { deliverWebhook, type DeliveryDeps } from '#webhooks/delivery';
import type { WebhookQueue } from '#webhooks/ports';
import type { WebhookMessage } from '#webhooks/webhook';

export interface LocalWebhookQueueOptions {
  deps: () => Promise<DeliveryDeps>;
  /** Multiplies the schedule's waits (tests: 0.001 makes 30 s 30 ms). @default 1 */
  delayScale?: number;
  /** Runs each attempt as a table user (key-families recording). */
  run?: <T>(work: () => Promise<T>) => Promise<T>;
  log?: (line: string) => void;
}

export interface LocalWebhookQueue extends WebhookQueue {
  /** Events parked after their last attempt (what the dead-letter queue would hold). */
  readonly parked: readonly WebhookMessage[];
  stop(): void;
}

export function createLocalWebhookQueue(options: LocalWebhookQueueOptions): LocalWebhookQueue {
  const scale = options.delayScale ?? 1;
  const log = options.log ?? (() => {});
  const run = options.run ?? ((work) => work());
  const timers = new Set<NodeJS.Timeout>();
  const parked: WebhookMessage[] = [];
  let stopped = false;

  const later = (ms: number, work: () => Promise<void>) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void work();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const attempt = async (message: WebhookMessage, n: number): Promise<void> => {
    if (stopped) return;
    try {
      const outcome = await run(async () => deliverWebhook(await options.deps(), message, n));
      if (outcome.kind === 'retry') {
        log(
          `webhook ${message.webhookId} to ${message.partnerId}: attempt ${n} failed (${outcome.reason}); again in ${outcome.afterSeconds} s`,
        );
        later(outcome.afterSeconds * 1000 * scale, () => attempt(message, n + 1));
      } else if (outcome.kind === 'exhausted') {
        parked.push(message);
        log(`webhook ${message.webhookId} to ${message.partnerId}: parked after ${n} attempts (${outcome.reason})`);
      }
    } catch (error) {
      // The table did not answer: like an SQS message whose function failed, it comes back.
      log(`webhook ${message.webhookId}: ${error instanceof Error ? error.message : String(error)}; again in 1 s`);
      later(1000 * scale, () => attempt(message, n + 1));
    }
  };

  return {
    parked,
    async send(messages) {
      for (const message of messages) later(0, () => attempt(message, 1));
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
