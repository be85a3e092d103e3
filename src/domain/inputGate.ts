/// <reference lib="es2024.string" />

/**
 * What every face checks on untrusted input before anything else reads it (docs/input-limits.md):
 * strings Postgres can store (no NUL, which text and jsonb refuse, and no unpaired UTF-16 surrogate,
 * which cannot be encoded as UTF-8), and JSON no deeper than a limit, so that no later step — the
 * gateway's own JSON.stringify, a recursive validator, the database's JSON parser — can run out of
 * stack on it. The faces turn a problem into their own 400 (REST fields, GraphQL BAD_USER_INPUT, the
 * /v1 envelope); this module only judges.
 */

export const DEFAULT_MAX_JSON_DEPTH = 32;

export type PathSegment = string | number;

/** The first thing in an input that cannot be accepted: where it is and why. */
export interface InputProblem {
  path: PathSegment[];
  message: string;
}

export const NUL_MESSAGE = 'must not contain NUL (U+0000) characters';
export const SURROGATE_MESSAGE = 'must not contain unpaired UTF-16 surrogates';
export const depthMessage = (maxDepth: number) => `must not nest objects and arrays more than ${maxDepth} levels deep`;

/** Why a string cannot be stored, or undefined when it can. */
export function stringProblem(value: string): string | undefined {
  if (value.includes('\0')) return NUL_MESSAGE;
  if (!value.isWellFormed()) return SURROGATE_MESSAGE;
  return undefined;
}

/** The first named parameter (a decoded path segment or query parameter) whose name or value the gate refuses. */
export function findParameterProblem(params: Iterable<[string, string]>): { field: string; message: string } | undefined {
  for (const [name, value] of params) {
    const message = stringProblem(name) ?? stringProblem(value);
    if (message) return { field: fieldName([name]), message };
  }
  return undefined;
}

/** A container being walked, with a link to its parent so a path is built only for a problem. */
interface Frame {
  value: object;
  /** The object's keys (undefined for an array) and the next member to look at. */
  keys: string[] | undefined;
  next: number;
  segment: PathSegment | undefined;
  parent: Frame | undefined;
}

function pathOf(frame: Frame, last: PathSegment): PathSegment[] {
  const path: PathSegment[] = [last];
  for (let f: Frame | undefined = frame; f && f.segment !== undefined; f = f.parent) path.unshift(f.segment);
  return path;
}

function open(value: object, segment: PathSegment | undefined, parent: Frame | undefined): Frame {
  return { value, keys: Array.isArray(value) ? undefined : Object.keys(value), next: 0, segment, parent };
}

/**
 * The first problem in a parsed JSON value, in document order (every string, object key and nesting
 * level), or undefined. It walks with an explicit stack, never recursion, so a value nested a million
 * levels deep is refused as calmly as one nested 33, and the walk stops at the limit.
 */
export function findInputProblem(value: unknown, maxDepth: number): InputProblem | undefined {
  if (typeof value === 'string') {
    const message = stringProblem(value);
    return message === undefined ? undefined : { path: [], message };
  }
  if (value === null || typeof value !== 'object') return undefined;
  const stack: Frame[] = [open(value, undefined, undefined)];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    const size = frame.keys ? frame.keys.length : (frame.value as unknown[]).length;
    if (frame.next >= size) {
      stack.pop();
      continue;
    }
    const segment: PathSegment = frame.keys ? frame.keys[frame.next] : frame.next;
    frame.next++;
    if (typeof segment === 'string') {
      const message = stringProblem(segment);
      if (message !== undefined) return { path: pathOf(frame, segment), message: `has a key that ${message}` };
    }
    const child = (frame.value as Record<PathSegment, unknown>)[segment];
    if (typeof child === 'string') {
      const message = stringProblem(child);
      if (message !== undefined) return { path: pathOf(frame, segment), message };
    } else if (child !== null && typeof child === 'object') {
      // The outermost container is level 1.
      if (stack.length >= maxDepth) return { path: pathOf(frame, segment), message: depthMessage(maxDepth) };
      stack.push(open(child, segment, frame));
    }
  }
  return undefined;
}

/** How many segments of a path an error names before it is cut short (a depth problem has dozens). */
const MAX_NAMED_SEGMENTS = 8;
const MAX_SEGMENT_LENGTH = 64;

/** A segment as an error can quote it: offending characters escaped, long keys cut. */
function printable(segment: PathSegment): string {
  const text = String(segment)
    .replace(/\0/g, '\\u0000')
    .replace(/[\uD800-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return text.length > MAX_SEGMENT_LENGTH ? `${text.slice(0, MAX_SEGMENT_LENGTH)}...` : text;
}

/**
 * A path as a field name: `params.prompt`, `messages.0.content` (dots, as the domain's validation names
 * fields) or `messages[0].content` (brackets, as /v1 names its params); past a few segments it ends in
 * `...`. A prefix (a parameter or variable name) comes first.
 */
export function fieldName(path: PathSegment[], style: 'dot' | 'bracket' = 'dot', prefix: PathSegment[] = []): string {
  const all = [...prefix, ...path];
  const named = all.slice(0, MAX_NAMED_SEGMENTS);
  let text = '';
  for (const segment of named) {
    if (style === 'bracket' && typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${printable(segment)}` : printable(segment);
  }
  if (all.length > named.length) text += '...';
  return text || '(root)';
}
