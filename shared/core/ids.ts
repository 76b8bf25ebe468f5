/**
 * Identifiers: ULIDs (time-ordered, so an order's sort key lists newest first when read
 * backwards) with a prefix that says what the id names.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

/** A ULID; ids made in the same millisecond still sort in creation order. */
export function ulid(now = Date.now()): string {
  let random: number[];
  if (now === lastTime) {
    random = [...lastRandom];
    for (let i = random.length - 1; i >= 0; i--) {
      if (random[i]! < 31) {
        random[i]!++;
        break;
      }
      random[i] = 0;
    }
  } else {
    random = [...randomBytes(16)].map((b) => b & 31);
  }
  lastTime = now;
  lastRandom = random;
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  return time + random.map((r) => ALPHABET[r]).join('');
}

export const newCustomerId = () => `c_${ulid()}`;
export const newOrderId = () => `o_${ulid()}`;
export const newCompanyId = () => `co_${ulid()}`;
export const newQuoteId = () => `q_${ulid()}`;
