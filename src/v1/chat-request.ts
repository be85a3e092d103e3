import type { Prompt } from '../domain/inference.js';
import { invalidRequest, V1Error } from './envelope.js';

/**
 * Validation of POST /v1/chat/completions bodies (the OpenAI request shape, with the product rule that
 * input is validated, never rewritten): a bad value is a 400 naming the field, and the body reaches the
 * provider exactly as sent except for `model`, which becomes the provider's own id for the model.
 */
export interface ChatRequest {
  model: string;
  stream: boolean;
  body: Record<string, unknown>;
  /** The completion-token cap the request sets (max_tokens or max_completion_tokens), if any. */
  maxTokens: number | undefined;
  /** Completions asked for (`n`); each may use up to `maxTokens`. */
  choices: number;
  /** What the prompt is made of: it bounds the reservation and is counted when a provider reports no usage. */
  prompt: Prompt;
}

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];
const MAX_MODEL_LENGTH = 200;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const fieldError = (param: string, message: string) => invalidRequest('invalid_request_field', `${param}: ${message}`, param);

/** An optional number in [min, max] (integer when asked); `null` counts as absent, as in OpenAI's API. */
function optionalNumber(body: Json, name: string, min: number, max: number, integer = false): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  const ok = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= min && value <= max;
  if (!ok) throw fieldError(name, `must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
  return value;
}

/** Text of a message's content: a string, or an array of text parts; other part types are refused. */
function contentText(content: unknown, path: string, required: boolean): string {
  if (content === undefined || content === null) {
    if (required) throw fieldError(path, 'is required');
    return '';
  }
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw fieldError(path, 'must be a string or an array of text parts');
  return content
    .map((part, j) => {
      if (!isObject(part)) throw fieldError(`${path}[${j}]`, 'must be a content part object');
      if (part.type !== 'text') throw fieldError(`${path}[${j}].type`, `unsupported content part type '${String(part.type)}'; only 'text' parts are accepted`);
      if (typeof part.text !== 'string') throw fieldError(`${path}[${j}].text`, 'must be a string');
      return part.text;
    })
    .join('\n');
}

function toolCallsText(toolCalls: unknown, path: string): string {
  if (toolCalls === undefined || toolCalls === null) return '';
  if (!Array.isArray(toolCalls)) throw fieldError(path, 'must be an array');
  return toolCalls
    .map((call, j) => {
      const fn = isObject(call) ? call.function : undefined;
      if (!isObject(call) || typeof call.id !== 'string') throw fieldError(`${path}[${j}].id`, 'must be a string');
      if (!isObject(fn) || typeof fn.name !== 'string') throw fieldError(`${path}[${j}].function.name`, 'must be a string');
      if (typeof fn.arguments !== 'string') throw fieldError(`${path}[${j}].function.arguments`, 'must be a JSON string');
      return `${fn.name}(${fn.arguments})`;
    })
    .join('\n');
}

function messageText(message: unknown, i: number): string {
  const path = `messages[${i}]`;
  if (!isObject(message)) throw fieldError(path, 'must be an object');
  const role = message.role;
  if (typeof role !== 'string' || !ROLES.includes(role)) throw fieldError(`${path}.role`, `must be one of ${ROLES.join(', ')}`);
  if (role === 'tool' && typeof message.tool_call_id !== 'string') throw fieldError(`${path}.tool_call_id`, 'is required for tool messages');
  const calls = role === 'assistant' ? toolCallsText(message.tool_calls, `${path}.tool_calls`) : '';
  // An assistant turn that only calls tools has no content.
  const text = contentText(message.content, `${path}.content`, role !== 'assistant');
  return `${role}: ${[text, calls].filter(Boolean).join('\n')}`;
}

function modelOf(body: Json): string {
  const model = body.model;
  if (typeof model !== 'string' || model.trim() === '') throw invalidRequest('invalid_request_model_required', 'model is required', 'model');
  if (model.length > MAX_MODEL_LENGTH) throw fieldError('model', `must be at most ${MAX_MODEL_LENGTH} characters`);
  return model;
}

function promptOf(body: Json): Prompt {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0)
    throw invalidRequest('invalid_request_messages_required', 'messages must be a non-empty array', 'messages');
  const text = messages.map(messageText).join('\n');
  const hasTools = body.tools !== undefined && body.tools !== null;
  return { text: hasTools ? `${text}\n${JSON.stringify(body.tools)}` : text, messageCount: messages.length, hasTools };
}

function streamOf(body: Json): boolean {
  const stream = body.stream;
  if (stream === undefined || stream === null) return false;
  if (typeof stream !== 'boolean') throw fieldError('stream', 'must be a boolean');
  return stream;
}

export function parseChatRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw new V1Error(400, 'invalid_request_error', 'invalid_request_body', 'The request body must be a JSON object');
  const model = modelOf(body);
  const prompt = promptOf(body);
  const stream = streamOf(body);
  const caps = [optionalNumber(body, 'max_tokens', 1, 1_000_000, true), optionalNumber(body, 'max_completion_tokens', 1, 1_000_000, true)];
  optionalNumber(body, 'temperature', 0, 2);
  optionalNumber(body, 'top_p', 0, 1);
  optionalNumber(body, 'presence_penalty', -2, 2);
  optionalNumber(body, 'frequency_penalty', -2, 2);
  const choices = optionalNumber(body, 'n', 1, 16, true) ?? 1;
  const set = caps.filter((v): v is number => v !== undefined);
  return { model, stream, body, maxTokens: set.length ? Math.min(...set) : undefined, choices, prompt };
}
