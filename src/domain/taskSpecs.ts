import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from './errors.js';
import type { JobType } from './pricing.js';
import { generatedScript, GPU_PROBE_SCRIPT } from './taskScripts.js';

/**
 * Task specs: what the provider daemon runs for a job, built at submit (and retry) from the job type and
 * its parameters. The result is one exact string, signed and sent byte for byte (docs/task-specs.md):
 * - text and image generation: a generated Python script (the daemon runs a non-JSON string as a script);
 * - custom containers, training, rendering, RAG pipelines: `{"script": "<the renter's Python>"}`;
 * - vllm_serve: `{"serve_mode":true,"model",...}`; benchmark: `{"matrix_size","iterations"}`.
 * Every value is validated against the bounds below; nothing out of range is clamped or replaced.
 */

/** Models the text script accepts; the daemon's stock LLM worker image bakes Nemotron-Mini. */
export const LLM_MODELS = [
  'nvidia/Nemotron-Mini-4B-Instruct',
  'microsoft/phi-2',
  'microsoft/phi-1_5',
  'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
  'google/gemma-2b',
  'mistralai/Mistral-7B-Instruct-v0.2',
] as const;

/** Models the image script accepts; the stock image worker bakes SDXL base. */
export const IMAGE_MODELS = [
  'stabilityai/stable-diffusion-xl-base-1.0',
  'CompVis/stable-diffusion-v1-4',
  'stable-diffusion-v1-5/stable-diffusion-v1-5',
  'runwayml/stable-diffusion-v1-5',
  'stabilityai/stable-diffusion-2-1',
] as const;

/** The models daemon v4.3.0 serves; it silently swaps any other for TinyLlama, so we refuse them instead. */
export const SERVE_MODELS = [
  'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
  'mistralai/Mistral-7B-Instruct-v0.2',
  'meta-llama/Meta-Llama-3-8B-Instruct',
  'microsoft/Phi-3-mini-4k-instruct',
  'google/gemma-2b-it',
  'deepseek-ai/DeepSeek-R1-Distill-Llama-8B',
] as const;

/**
 * Images a script job may name without the operator's say-so (`DCP_ALLOWED_IMAGES` adds more): the daemon's
 * template images, minus the serving ones, whose ENTRYPOINT would take the script command as arguments.
 */
export const BUILT_IN_IMAGES = [
  'dc1/general-worker:latest',
  'dc1/llm-worker:latest',
  'dc1/sd-worker:latest',
  'dc1/base-worker:latest',
  'pytorch/pytorch:2.2.0-cuda12.1-cudnn8-runtime',
  'tensorflow/tensorflow:2.15.0-gpu',
  'dcp/pytorch-cuda:latest',
  'dcp/training:latest',
  'dcp/rendering:latest',
] as const;

const MAX_PROMPT_CHARS = 32_000;
const MAX_SCRIPT_CHARS = 256 * 1024;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text that can travel to Python and be stored in Postgres: no NUL, no lone surrogate halves. */
const text = (max: number) =>
  z
    .string()
    .max(max, `Must be at most ${max} characters`)
    .refine((v) => !v.includes('\u0000'), 'Must not contain NUL characters')
    .refine((v) => !LONE_SURROGATE.test(v), 'Must be valid Unicode (no lone surrogates)');

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `Must be one of: ${values.join(', ')}` });
const wholeNumber = (min: number, max: number) =>
  z.number({ error: `Must be an integer ${min}..${max}` }).int(`Must be an integer ${min}..${max}`).min(min, `Must be at least ${min}`).max(max, `Must be at most ${max}`);
const between = (min: number, max: number) =>
  z.number({ error: `Must be a number ${min}..${max}` }).min(min, `Must be at least ${min}`).max(max, `Must be at most ${max}`);
const multipleOf8 = (min: number, max: number) => wholeNumber(min, max).refine((v) => v % 8 === 0, 'Must be a multiple of 8');

const llmParams = z.looseObject({
  prompt: text(MAX_PROMPT_CHARS).min(1, 'Must not be empty').default('What is the capital of Saudi Arabia?'),
  max_tokens: wholeNumber(32, 4096).default(256),
  temperature: between(0, 2).default(0.7),
  model: oneOf(LLM_MODELS).default('nvidia/Nemotron-Mini-4B-Instruct'),
});

const imageParams = z.looseObject({
  prompt: text(MAX_PROMPT_CHARS).min(1, 'Must not be empty').default('A beautiful sunset over Riyadh skyline'),
  negative_prompt: text(MAX_PROMPT_CHARS).default('blurry, low quality, distorted'),
  steps: wholeNumber(5, 100).default(30),
  width: multipleOf8(256, 1024).default(512),
  height: multipleOf8(256, 1024).default(512),
  guidance_scale: between(1, 20).default(7.5),
  seed: wholeNumber(0, 4_294_967_295).nullable().default(null),
  model: oneOf(IMAGE_MODELS).default('stabilityai/stable-diffusion-xl-base-1.0'),
});

const scriptParams = z.looseObject({
  // The daemon treats a string of 10 characters or fewer as no script at all.
  script: text(MAX_SCRIPT_CHARS).min(11, 'Must be a Python script (more than 10 characters)').optional(),
  image_override: z.string({ error: 'Must be an image name' }).optional(),
});

const serveParams = z.looseObject({
  model: oneOf(SERVE_MODELS).default('TinyLlama/TinyLlama-1.1B-Chat-v1.0'),
  max_model_len: wholeNumber(512, 32_768).default(4096),
  dtype: oneOf(['float16', 'bfloat16', 'float32']).default('float16'),
  max_num_seqs: wholeNumber(1, 256).optional(),
});

const benchmarkParams = z.looseObject({
  matrix_size: wholeNumber(256, 16_384).default(4096),
  iterations: wholeNumber(1, 100).default(5),
});

export interface TaskSpecInput {
  jobType: JobType;
  /** The job's parameters: `params`, else the submitted `task_spec` object (the original's rule). */
  params: Record<string, unknown>;
  /** Which submitted key the parameters came from, so problems name the field the client sent. */
  source: 'params' | 'task_spec';
  /** An image named in container_spec, when the client chose one there. */
  containerImage?: string;
  /** Images the operator approved on top of the built-in ones. */
  extraImages: readonly string[];
}

export interface TaskSpec {
  /** The exact string the daemon receives and the HMAC covers. */
  taskSpec: string;
  /** The image the daemon must run the script in, when not its default for the job type. */
  image?: string;
}

function parseParams<S extends z.ZodType>(schema: S, input: TaskSpecInput): z.output<S> {
  const parsed = schema.safeParse(input.params);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) => ({ field: [input.source, ...issue.path].join('.'), message: issue.message })),
  );
}

/** Only the keys the script reads go into it, in a fixed order. */
const only = (params: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, params[k]]));

function scriptJob(input: TaskSpecInput, fallback?: string): TaskSpec {
  const params = parseParams(scriptParams, input);
  const script = params.script ?? fallback;
  if (script === undefined) throw ValidationError.field(`${input.source}.script`, `Required for ${input.jobType} jobs: the Python script to run`);
  if (params.image_override !== undefined) checkContainerImage(params.image_override, `${input.source}.image_override`, input.extraImages);
  const image = params.image_override ?? input.containerImage;
  return { taskSpec: JSON.stringify({ script }), ...(image ? { image } : {}) };
}

/** HMAC-SHA256 (lowercase hex) of the exact task-spec string: what the daemon verifies before it runs anything. */
export function signTaskSpec(secret: string, taskSpec: string): string {
  return createHmac('sha256', secret).update(taskSpec).digest('hex');
}

/** Builds the task spec for a job, or throws a ValidationError naming the offending parameter. */
export function buildTaskSpec(input: TaskSpecInput): TaskSpec {
  switch (input.jobType) {
    case 'llm_inference':
    case 'llm-inference':
      return { taskSpec: generatedScript('llm', only(parseParams(llmParams, input), ['prompt', 'max_tokens', 'temperature', 'model'])) };
    case 'image_generation': {
      const keys = ['prompt', 'negative_prompt', 'steps', 'width', 'height', 'guidance_scale', 'seed', 'model'];
      return { taskSpec: generatedScript('image', only(parseParams(imageParams, input), keys)) };
    }
    case 'vllm_serve': {
      const p = parseParams(serveParams, input);
      return {
        taskSpec: JSON.stringify({
          serve_mode: true,
          model: p.model,
          max_model_len: p.max_model_len,
          dtype: p.dtype,
          ...(p.max_num_seqs === undefined ? {} : { max_num_seqs: p.max_num_seqs }),
        }),
      };
    }
    case 'benchmark': {
      const p = parseParams(benchmarkParams, input);
      return { taskSpec: JSON.stringify({ matrix_size: p.matrix_size, iterations: p.iterations }) };
    }
    case 'custom_container':
      return scriptJob(input, GPU_PROBE_SCRIPT);
    default:
      // training, rendering, rag-pipeline: only the renter's own script says what to run. Without one the
      // daemon would silently run its GPU benchmark and bill it as the job.
      return scriptJob(input);
  }
}

/** An image a job names must be approved: built in, or listed by the operator. */
export function checkContainerImage(image: string, field: string, extraImages: readonly string[]): void {
  const approved = [...BUILT_IN_IMAGES, ...extraImages];
  if (!approved.includes(image)) throw ValidationError.field(field, `Image is not approved. Allowed: ${approved.join(', ')}`);
}

const RESULT_MARKER = 'DC1_RESULT_JSON:';

/**
 * The structured result a job printed: the JSON object on the last line that starts with
 * `DC1_RESULT_JSON:`, wherever it stands in the output (the daemon's launcher appends a trailer line after
 * the script's own output), or the whole result when it is itself a JSON object (benchmark and serving
 * results). Undefined when there is none.
 */
export function structuredResult(result: string): Record<string, unknown> | undefined {
  const marked = result
    .split(/\r\n|\r|\n/)
    .reverse()
    .find((line) => line.startsWith(RESULT_MARKER));
  const candidate = marked !== undefined ? marked.slice(RESULT_MARKER.length) : result.trimStart().startsWith('{') ? result : undefined;
  if (candidate === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(candidate);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const parsed = value as Record<string, unknown>;
    return parsed.type === 'llm_inference' ? { ...parsed, type: 'text' } : parsed;
  } catch {
    return undefined;
  }
}
