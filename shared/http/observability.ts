/**
 * Structured logs and metrics (AWS Lambda Powertools). Every log line is JSON and carries the
 * request id, the tenant and the caller kind; nothing a caller sent (headers, bodies, keys,
 * tokens, e-mail addresses) is ever logged. Metrics go out as CloudWatch EMF lines at the end
 * of each request: orders placed, repeat orders served, conflicts repaired.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const SERVICE_NAME = 'order-configurator';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME });

const metrics = new Metrics({ namespace: 'OrderConfigurator', serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME });

/** The business metrics we publish; names are part of dashboards, so they are fixed here. */
export type BusinessMetric =
  | 'OrdersPlaced'
  | 'OrderReplays'
  | 'RepeatOrdersServed'
  | 'RepeatOrdersRepaired'
  | 'ConflictsReported'
  | 'OrdersLearned';

/** Counts one occurrence (or `value`) of a business event in the current request. */
export function recordMetric(name: BusinessMetric, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

/** Sets the keys every log line of this request carries. */
export function beginRequestLog(keys: {
  requestId: string;
  route: string;
  tenant?: string | undefined;
  callerKind?: string | undefined;
}): void {
  logger.resetKeys();
  logger.appendKeys({ requestId: keys.requestId, route: keys.route, tenant: keys.tenant ?? 'none', callerKind: keys.callerKind ?? 'none' });
}

/** One line per request, then the request's metrics. */
export function endRequestLog(status: number, durationMs: number): void {
  logger.info('request handled', { status, durationMs });
  publishMetrics();
}

/** Sends the metrics recorded so far (functions without HTTP requests call it at the end of an invocation). */
export function publishMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
