import type { z } from 'zod';
import { MissingFieldsError, ValidationError } from './errors.js';

const isAbsent = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Validates an action's input: first the required fields (all missing ones reported together, in the
 * order the action documents them), then the schema, whose problems name each field by its dot path.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, required: string[] = []): z.output<S> {
  const body = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const missing = required.filter((name) => isAbsent(body[name]));
  if (missing.length) throw new MissingFieldsError(missing);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({
        field: issue.path.length ? issue.path.join('.') : '(root)',
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}
