/**
 * Outbound HTTP to partners' webhooks: the DNS lookup the URL rules check, and the POST itself.
 * The POST connects to the address that was checked (a custom `lookup`), so a name re-pointed
 * between the check and the connection (DNS rebinding) cannot reach a private address; TLS still
 * verifies the certificate against the host name. Every POST has a hard time limit: a slow
 * endpoint costs its own delivery at most that long and never an order.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { AddressResolver, PostResult, WebhookPoster } from '#webhooks/ports';
import type { WebhookTarget } from '#webhooks/ports';

/** Whole-request limit of one delivery: connect, send, first byte of the answer. */
export const POST_TIMEOUT_MS = 5_000;

/** Every address a host resolves to (A and AAAA, as the system resolver answers). */
export const resolveAddresses: AddressResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** A `lookup` that answers the checked address whatever the name (node:net's callback shape). */
function pinnedLookup(target: WebhookTarget): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

/** A poster with a time limit (`timeoutMs`, default {@link POST_TIMEOUT_MS}). */
export function createWebhookPoster(timeoutMs = POST_TIMEOUT_MS): WebhookPoster {
  return (target, headers, body) =>
    new Promise<PostResult>((resolve) => {
      const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        target.url,
        {
          method: 'POST',
          lookup: pinnedLookup(target),
          headers: {
            ...headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'order-configurator-webhooks/1',
          },
          // Redirects are not followed (node never does): a 3xx is a failed attempt.
          agent: false,
        },
        (response) => {
          // The answer's body is the partner's business: drained, not read.
          response.resume();
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0 });
          request.destroy();
        },
      );
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        resolve({ status: 0, error: error.message });
      });
      request.end(body);
    });
}
