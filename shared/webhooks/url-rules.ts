/**
 * Where a webhook may point. In AWS: `https` only, and never at the provider's own network or
 * the caller's (private, loopback, link-local, unique-local, carrier-grade NAT, multicast,
 * reserved), checked on the addresses the host resolves to, at registration and again at each
 * delivery (a name can be re-pointed after it was registered). Locally (`npm start`, the tests)
 * `http://127.0.0.1` is allowed too, so a receiver on the same machine can be used.
 */
import { BlockList, isIP } from 'node:net';
import { InvalidInputError } from '#core/errors';
import type { AddressResolver, WebhookTarget } from './ports.ts';

export type { WebhookTarget };

/** `public-https`: AWS; `local-http`: also `http://127.0.0.1:<port>` (a setting read once at cold start). */
export type UrlPolicy = 'public-https' | 'local-http';

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (and the instance metadata service)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6');

/** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), if any (pure). */
export function embeddedIPv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const words = expandIPv6(lower);
  if (!words) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  // ::ffff:a.b.c.d (mapped), 64:ff9b::a.b.c.d (NAT64), ::a.b.c.d (compatible): the last 32 bits.
  const prefix = words
    .slice(0, 6)
    .map((w) => w.toString(16))
    .join(':');
  if (prefix === '0:0:0:0:0:ffff' || prefix === '64:ff9b:0:0:0:0' || prefix === '0:0:0:0:0:0') return v4(words[6]!, words[7]!);
  // 2002:AABB:CCDD::/48 (6to4): bits 16 to 48.
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return undefined;
}

/** The eight 16-bit words of an IPv6 address written with hex words only, or undefined (pure). */
function expandIPv6(address: string): number[] | undefined {
  const [head, tail, extra] = address.split('::');
  if (extra !== undefined) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(':').map((w) => Number.parseInt(w, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
  const words = [...left, ...Array<number>(Math.max(0, missing)).fill(0), ...right];
  return words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : undefined;
}

/** True for an address anyone on the internet can reach: none of the blocked ranges (pure). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !BLOCKED.check(address, 'ipv4');
  if (family !== 6) return false;
  if (BLOCKED.check(address, 'ipv6')) return false;
  const v4 = embeddedIPv4(address);
  return v4 === undefined || isPublicAddress(v4);
}

/** The host of a URL without the brackets of an IPv6 literal. */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function refuse(message: string): never {
  throw new InvalidInputError(`webhook url refused: ${message}`, [{ path: ['url'], code: 'url-not-allowed', message }]);
}

/**
 * The target of a webhook URL under the policy, or `InvalidInputError` naming `url`. Every
 * address the host resolves to must pass (else a second lookup could pick the one that does
 * not); the first is the one to connect to.
 */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy, resolve: AddressResolver): Promise<WebhookTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('not a URL');
  }
  if (url.username || url.password) refuse('credentials in the URL are not allowed (they would be stored and sent in clear)');
  const host = hostOf(url);
  if (policy === 'local-http' && url.protocol === 'http:' && host === '127.0.0.1') return { url, address: host, family: 4 };
  if (url.protocol !== 'https:') refuse(policy === 'local-http' ? 'https, or http://127.0.0.1 locally' : 'only https URLs are allowed');
  const literal = isIP(host);
  let addresses: { address: string; family: 4 | 6 }[];
  if (literal !== 0) addresses = [{ address: host, family: literal as 4 | 6 }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return refuse(`the host ${host} does not resolve`);
    }
  }
  if (addresses.length === 0) refuse(`the host ${host} does not resolve`);
  const blocked = addresses.find((a) => !isPublicAddress(a.address));
  if (blocked) refuse(`${host} points at ${blocked.address}, a private, loopback, link-local or reserved address`);
  return { url, address: addresses[0]!.address, family: addresses[0]!.family };
}
