/**
 * The port of page cursors: a listing's position turned into an opaque, tamper-evident cursor
 * scoped to one listing (and tenant), and back. The HTTP layer implements it
 * (shared/http/cursor.ts, signed with the deployment's secret); use cases that page take it.
 */
export interface PageCursors {
  encode(position: string, scope: string): string;
  /** The position in a cursor of this scope; throws a MalformedRequestError otherwise. */
  decode(cursor: string, scope: string): string;
}
