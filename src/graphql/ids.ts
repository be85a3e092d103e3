import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { ValidationError } from '../domain/errors.js';

/**
 * Global ids (docs/graphql-schema.md, "Ids"): `base64("Type:databaseId")`, opaque to clients. Every
 * entity answers one as `id`; its row id stays readable as `databaseId`. Inputs that name an entity take
 * its global id, decoded here, so a malformed id or one of the wrong type is a VALIDATION error naming
 * the input field, never a database error.
 */

/** The types with global ids, and whether their database id is numeric. */
export const NODE_TYPES = { Job: 'int', Provider: 'int', Renter: 'int', ApiKey: 'int', Model: 'string' } as const;
export type NodeTypeName = keyof typeof NODE_TYPES;

const MAX_ROW_ID = 2_147_483_647;

function invalid(field: string, message: string): never {
  throw ValidationError.field(field, message);
}

/** Decodes any global id for `node`/`nodes`, refusing unknown types and malformed row ids. */
export function decodeGlobalId(value: string, field: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(String(value));
  } catch {
    return invalid(field, `${field} is not a valid id`);
  }
  const kind = NODE_TYPES[decoded.typename as NodeTypeName] as string | undefined;
  if (!kind) return invalid(field, `${field} is not a valid id`);
  if (kind === 'int' && !isRowId(decoded.id)) return invalid(field, `${field} is not a valid ${decoded.typename} id`);
  return decoded;
}

const isRowId = (id: string) => /^\d{1,10}$/.test(id) && Number(id) <= MAX_ROW_ID;

/**
 * The row id behind a global id that must name a `typename`. `field` is the domain-style path of the
 * input (e.g. `provider_id`), which error mapping turns into the GraphQL path (`input.providerId`).
 */
export function rowId(value: string, typename: Exclude<NodeTypeName, 'Model'>, field: string): number {
  const decoded = decodeGlobalId(value, field);
  if (decoded.typename !== typename) return invalid(field, `${field} must be a ${typename} id, not a ${decoded.typename} id`);
  return Number(decoded.id);
}

/** A row id given as an optional input. */
export const optionalRowId = (value: string | null | undefined, typename: Exclude<NodeTypeName, 'Model'>, field: string) =>
  value == null ? undefined : rowId(value, typename, field);

export const globalId = (typename: NodeTypeName, id: number | string) => encodeGlobalID(typename, id);
