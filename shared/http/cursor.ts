/**
 * Opaque pagination cursors. A cursor names what it pages (and, for tenant data, the tenant),
 * so one from another listing or tenant, or one tampered with, is refused with 400.
 */
import { createHmac } from 'node:crypto';
import { MalformedRequestError } from '#core/errors';

/**
 * Cursors are not secret, only tamper-evident: the MAC key only has to be the same in every
 * container of one deployment. Set CURSOR_SECRET in AWS to rotate it.
 */
const secret = process.env.CURSOR_SECRET ?? 'configurator-cursor-v1';

function mac(payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url').slice(0, 22);
}

/** Encodes "continue after `position`" for one listing (`scope`, e.g. "products" or "orders:<tenant>"). */
export function encodeCursor(position: string, scope: string): string {
  const payload = Buffer.from(JSON.stringify({ s: scope, p: position })).toString('base64url');
  return `${payload}.${mac(payload)}`;
}

/** The position in a cursor made by `encodeCursor` for the same scope; 400 otherwise. */
export function decodeCursor(cursor: string, scope: string): string {
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
}
