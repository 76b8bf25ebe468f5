/**
 * Opaque pagination cursors. A cursor names what it pages (and, for tenant data, the tenant),
 * so one from another listing or tenant, or one tampered with, is refused with 400. Cursors are
 * not secret, only tamper-evident: the MAC key is the deployment's `CURSOR_SECRET` (generated
 * by the stack in AWS; a fixed local value under `npm start` and the tests), never a constant in
 * the source.
 */
import { createHmac } from 'node:crypto';
import { MalformedRequestError } from '#core/errors';
import type { PageCursors } from '#core/page-cursors';

/** The shortest secret accepted: 32 characters. */
export const MIN_CURSOR_SECRET_LENGTH = 32;

/** Page cursors signed with `secret`. */
export function createPageCursors(secret: string): PageCursors {
  if (secret.length < MIN_CURSOR_SECRET_LENGTH) throw new Error(`the cursor secret needs at least ${MIN_CURSOR_SECRET_LENGTH} characters`);
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
  return {
    encode(position, scope) {
      const payload = Buffer.from(JSON.stringify({ s: scope, p: position })).toString('base64url');
      return `${payload}.${mac(payload)}`;
    },
    decode(cursor, scope) {
      const invalid = () =>
        new MalformedRequestError('the cursor is not valid for this listing', [
          { path: ['query', 'cursor'], code: 'invalid_cursor', message: 'use the nextCursor of the previous page, unchanged' },
        ]);
      const [payload, signature, extra] = cursor.split('.');
      if (!payload || !signature || extra !== undefined || mac(payload) !== signature) throw invalid();
      try {
        const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s?: unknown; p?: unknown };
        if (decoded.s !== scope || typeof decoded.p !== 'string') throw invalid();
        return decoded.p;
      } catch {
        throw invalid();
      }
    },
  };
}
