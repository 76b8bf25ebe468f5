/** `GET /health` and `GET /openapi.json`: no credentials. */
import * as z from 'zod';
import { route } from './common.ts';

export const HealthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  table: z.enum(['ok', 'unavailable']),
  tableLatencyMs: z.number().int().min(0).optional(),
});

/** The OpenAPI document itself (described, not repeated). */
export const OpenApiDocumentSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) });

export const HEALTH_ROUTES = {
  'GET /health': route({
    function: 'health',
    auth: 'none',
    summary: 'Liveness and whether the table answers',
    operationId: 'getHealth',
    tag: 'health',
    responses: {
      200: { description: 'The API answers and so does the table', schema: HealthSchema },
      503: {
        description: 'The API is alive but the table does not answer',
        schema: HealthSchema,
        headers: { 'Retry-After': 'Seconds to wait before retrying' },
      },
    },
    problems: [400],
  }),
  'GET /openapi.json': route({
    function: 'health',
    auth: 'none',
    summary: 'The OpenAPI 3.1 document',
    operationId: 'getOpenApiDocument',
    tag: 'health',
    description: 'This document. Generate a typed client from it (see the README).',
    responses: { 200: { description: 'The OpenAPI 3.1 document', schema: OpenApiDocumentSchema } },
    problems: [400],
  }),
} as const;
