/**
 * The deadline of one request: every database call a request makes waits at most until
 * `REQUEST_DEADLINE_MS` after the request arrived, however many calls it chains, so a database
 * that does not answer gets the caller a 503 within 3 s. The HTTP layer starts each request
 * inside `runWithDeadline`; the store's client reads `currentDeadline()` before every call.
 * Pure Node (AsyncLocalStorage), no AWS and no HTTP types.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** A request's store calls end this long after it arrived: its 503 goes out within 3 s. */
export const REQUEST_DEADLINE_MS = 2_500;

/** What a call still gets past the deadline while none of the request's calls has timed out: one attempt. */
export const PAST_DEADLINE_FLOOR_MS = 1_000;

/** The store deadline of one request (pure: times are passed in). */
export class RequestDeadline {
  private timedOut = false;

  constructor(
    /** Epoch ms after which the request's calls stop waiting. */
    readonly at: number,
    readonly floorMs: number = PAST_DEADLINE_FLOOR_MS,
  ) {}

  /** The deadline of a request that arrived at `arrivedAt` (epoch ms). */
  static after(arrivedAt: number, budgetMs: number = REQUEST_DEADLINE_MS, floorMs: number = PAST_DEADLINE_FLOOR_MS): RequestDeadline {
    return new RequestDeadline(arrivedAt + budgetMs, floorMs);
  }

  /** Milliseconds a call begun at `now` may wait (never negative). */
  leftMs(now: number): number {
    const left = this.at - now;
    return Math.max(0, this.timedOut ? left : Math.max(left, this.floorMs));
  }

  /** A call of this request ran out of time: from now on only the time left counts. */
  markTimedOut(): void {
    this.timedOut = true;
  }

  get hasTimedOut(): boolean {
    return this.timedOut;
  }
}

const deadlines = new AsyncLocalStorage<RequestDeadline>();

/** Runs one request with a deadline: every store call inside `run` honours it. */
export function runWithDeadline<T>(deadline: RequestDeadline, run: () => Promise<T>): Promise<T> {
  return deadlines.run(deadline, run);
}

/** The deadline of the request being served, if any. */
export function currentDeadline(): RequestDeadline | undefined {
  return deadlines.getStore();
}
