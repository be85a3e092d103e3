import { z } from 'zod';
import type { CredentialSource } from '../credentials.js';

/**
 * The vocabulary of the REST face's OpenAPI description (docs/rest-api.md): wire formats as zod schemas,
 * the shape of one operation's description, and the registry that names the shared response shapes.
 * Response schemas describe what the presenters (present.ts, jobViews.ts, the route files) send, field
 * for field; test/rest/openapi-responses.test.ts checks real answers against them.
 */

/** Shared schemas with a name, emitted once under `components.schemas` and referenced from every use. */
export const components = z.registry<{ id: string }>();

/** Registers `schema` under `id` in the document's components. */
export function named<T extends z.ZodType>(id: string, schema: T): T {
  components.add(schema, { id });
  return schema;
}

// ---------------------------------------------------------------------------------------------------------
// Wire formats

/** ISO-8601 with milliseconds and `Z` (present.ts `isoTime`). */
export const iso = z.string().meta({ format: 'date-time' });
export const isoOrNull = iso.nullable();
/** The original API's `timeout_at` form (docs/decisions.md#timestamps): `YYYY-MM-DD HH:MM:SS.sss`, UTC without a zone (present.ts `sqlTime`). */
export const sqlTimeOrNull = z
  .string()
  .meta({ pattern: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}$', description: 'UTC, `YYYY-MM-DD HH:MM:SS.sss`' })
  .nullable();
export const int = z.int();
export const intOrNull = z.int().nullable();
export const num = z.number();
export const numOrNull = z.number().nullable();
export const str = z.string();
export const strOrNull = z.string().nullable();
export const bool = z.boolean();
/** Amounts in halala (100 halala = 1 SAR), integers. */
export const halala = z.int().meta({ description: 'halala (100 halala = 1 SAR)' });
export const halalaOrNull = halala.nullable();
/** A SAR amount as a two-decimal string (`"0.35"`), where the contract shows a string. */
export const sarText = z.string().meta({ pattern: '^-?\\d+\\.\\d{2}$' });
/** Stored JSON sent back as it was received (GPU status reports, event details). */
export const anyJson = z.unknown();
export const success = z.literal(true);

// ---------------------------------------------------------------------------------------------------------
// Error answers (http.ts): every error is JSON with an `error` message plus context fields

export const ErrorBody = named(
  'Error',
  z.looseObject({ error: z.string() }).meta({
    description: 'Every REST error: `error` names the problem; some answers add context fields (`current_status`, `code`, `required_halala`, ...).',
  }),
);
export const ValidationErrorBody = named(
  'ValidationError',
  z.looseObject({
    error: z.string().meta({ description: '`Validation failed`, or on some routes the first field problem itself' }),
    fields: z.array(z.looseObject({ field: z.string(), message: z.string() })),
  }),
);
export const RateLimitedBody = named(
  'RateLimited',
  z.looseObject({ error: z.string(), retryAfterSeconds: z.number(), retryAfterMs: z.number() }).meta({
    description: 'Rate limit exceeded (also the `Retry-After` header); a 503 during a database outage has the same shape.',
  }),
);
export const InsufficientBalanceBody = named(
  'InsufficientBalance',
  z.looseObject({ error: z.string(), balance_halala: z.number().optional(), required_halala: z.number(), shortfall_halala: z.number().optional() }),
);

// ---------------------------------------------------------------------------------------------------------
// One operation

/**
 * Who may call an operation and where each kind of caller's credential is read, in the order the route
 * reads them (the credential families of credentials.ts). No kind at all: a public route.
 */
export interface Auth {
  /** The admin token (`X-Admin-Token`, then `Authorization: Bearer`); tried before any other kind. */
  admin?: boolean;
  renter?: readonly CredentialSource[];
  provider?: readonly CredentialSource[];
}

export const PUBLIC: Auth = {};
export const ADMIN: Auth = { admin: true };

/** A non-JSON or non-200 answer: its media types and what the body holds. */
export interface Answer {
  description: string;
  /** A JSON body. */
  json?: z.ZodType;
  /** Other media types, each with its raw JSON schema (files, images). */
  media?: Record<string, Record<string, unknown>>;
  /** Server-sent events: the JSON carried by each `data:` line. */
  events?: z.ZodType;
}

export interface OperationSpec {
  summary: string;
  description?: string;
  auth: Auth;
  /** The JSON body, as the zod schema the domain validates it with (credential fields are added from `auth`). */
  body?: z.ZodType;
  /** Query parameters, one property each (credentials in the query come from `auth`). */
  query?: z.ZodObject;
  /** Path parameter descriptions, by name (every `:name` of the path is a required string parameter). */
  params?: Record<string, string>;
  /** Answers by status: a zod schema for a JSON body, or an Answer. */
  responses: Record<number, z.ZodType | Answer>;
  /** Error statuses beyond the ones every operation has (400, 429, 503, and 401/403 where a credential is read). */
  errors?: number[];
}

/** Operations by `METHOD /path`, the path as the REST app routes it (Hono syntax, relative to /api). */
export type OperationTable = Record<string, OperationSpec>;
