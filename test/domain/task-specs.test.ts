import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.js';
import { buildTaskSpec, structuredResult, type TaskSpecInput } from '../../src/domain/taskSpecs.js';
import { createTaskRunner, scriptOf } from '../helpers/taskRunner.js';

const spec = (jobType: TaskSpecInput['jobType'], params: Record<string, unknown> = {}, extra: Partial<TaskSpecInput> = {}) =>
  buildTaskSpec({ jobType, params, source: 'params', extraImages: [], ...extra });

function problems(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('generated task specs run on the daemon', () => {
  const runner = createTaskRunner();
  afterAll(() => runner.close());

  it('text generation: a Python script that reports phases and prints a parseable text result', async () => {
    const prompt = 'Say "hi" \\ and\nthen \'bye\' — مرحبا 👋 """ \u2028 {x}';
    const { taskSpec } = spec('llm_inference', { prompt, model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', max_tokens: 64, temperature: 0 });
    // The daemon runs a string that is not JSON as Python source; the signed bytes are plain ASCII.
    expect(() => JSON.parse(taskSpec)).toThrow();
    expect(scriptOf(taskSpec)).toBe(taskSpec);
    expect(/^[\x09\x0a\x20-\x7e]*$/.test(taskSpec)).toBe(true);

    const run = await runner.run('job-1', taskSpec);
    expect(run.exitCode, run.output).toBe(0);
    expect(run.phases).toEqual(['loading_model', 'generating', 'formatting']);
    const result = structuredResult(run.output);
    expect(result).toMatchObject({
      type: 'text',
      prompt,
      response: `echo: ${prompt}`,
      model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
      tokens_generated: 7,
      device: 'Stub GPU',
    });
    expect(result?.gen_time_s).toEqual(expect.any(Number));
  });

  it('text generation defaults to the model baked into the stock worker image', async () => {
    const run = await runner.run('job-2', spec('llm-inference').taskSpec);
    expect(structuredResult(run.output)).toMatchObject({ type: 'text', model: 'nvidia/Nemotron-Mini-4B-Instruct', prompt: 'What is the capital of Saudi Arabia?' });
  });

  it('a model the provider has not cached fails the run with a message naming it (the daemon reports the tail)', async () => {
    const run = await runner.run('job-3', spec('llm_inference', { model: 'microsoft/phi-2' }).taskSpec, { STUB_MISSING_MODELS: 'microsoft/phi-2' });
    expect(run.exitCode).not.toBe(0);
    expect(run.output).toContain('model microsoft/phi-2 is not available offline on this provider');
    expect(structuredResult(run.output)).toBeUndefined();
  });

  it('image generation: a script printing a base64 image result with the requested size and seed', async () => {
    const { taskSpec } = spec('image_generation', { prompt: 'A falcon over Jeddah', width: 256, height: 384, steps: 5, seed: 0 });
    const run = await runner.run('job-4', taskSpec);
    expect(run.exitCode, run.output).toBe(0);
    expect(run.phases).toEqual(['loading_model', 'generating', 'formatting']);
    const result = structuredResult(run.output)!;
    expect(result).toMatchObject({ type: 'image', format: 'png', encoding: 'base64', width: 256, height: 384, steps: 5, seed: 0, prompt: 'A falcon over Jeddah' });
    expect(Buffer.from(String(result.data), 'base64').subarray(0, 4).toString('latin1')).toBe('\x89PNG');
  });

  it('an image too large to travel through the daemon inline goes out as JPEG, and a missing seed is drawn and reported', async () => {
    const run = await runner.run('job-5', spec('image_generation', { width: 1024, height: 1024 }).taskSpec);
    const result = structuredResult(run.output)!;
    expect(result.format).toBe('jpeg');
    expect(String(result.data).length).toBeLessThan(2_097_152);
    expect(result.seed).toEqual(expect.any(Number));
    expect(result.model).toBe('stabilityai/stable-diffusion-xl-base-1.0');
  });

  it('custom containers run the renter’s script in the named image, or a GPU probe without one', async () => {
    const custom = spec('custom_container', { script: 'print("DC1_RESULT_JSON:" + \'{"type":"text","response":"42"}\')', image_override: 'dc1/general-worker:latest' });
    expect(custom.image).toBe('dc1/general-worker:latest');
    expect(JSON.parse(custom.taskSpec)).toEqual({ script: expect.any(String) });
    expect(structuredResult((await runner.run('job-6', custom.taskSpec)).output)).toEqual({ type: 'text', response: '42' });
    const probe = await runner.run('job-7', spec('custom_container').taskSpec);
    expect(structuredResult(probe.output)).toMatchObject({ type: 'text', response: 'Stub GPU' });
  });

  it('training, rendering and RAG jobs carry the renter’s script and refuse to go without one', () => {
    for (const jobType of ['training', 'rendering', 'rag-pipeline'] as const) {
      expect(JSON.parse(spec(jobType, { script: 'print("training step 1")' }).taskSpec)).toEqual({ script: 'print("training step 1")' });
      expect(problems(() => spec(jobType))).toEqual([{ field: 'params.script', message: `Required for ${jobType} jobs: the Python script to run` }]);
    }
    expect(problems(() => spec('training', {}, { source: 'task_spec' }))[0].field).toBe('task_spec.script');
  });

  it('vllm_serve and benchmark specs are the JSON objects the daemon reads', () => {
    expect(spec('vllm_serve', { model: 'google/gemma-2b-it', max_model_len: 8192 }).taskSpec).toBe(
      '{"serve_mode":true,"model":"google/gemma-2b-it","max_model_len":8192,"dtype":"float16"}',
    );
    expect(spec('benchmark', { iterations: 3 }).taskSpec).toBe('{"matrix_size":4096,"iterations":3}');
  });

  it('refuses values out of bounds or off the lists, naming the parameter, instead of clamping them', () => {
    expect(problems(() => spec('llm_inference', { max_tokens: 5000, temperature: 3 }))).toEqual([
      { field: 'params.max_tokens', message: 'Must be at most 4096' },
      { field: 'params.temperature', message: 'Must be at most 2' },
    ]);
    expect(problems(() => spec('llm_inference', { model: 'gpt-4' }))[0]).toMatchObject({ field: 'params.model', message: expect.stringContaining('Must be one of: nvidia/Nemotron') });
    expect(problems(() => spec('image_generation', { width: 500, steps: 2 }))).toEqual([
      { field: 'params.steps', message: 'Must be at least 5' },
      { field: 'params.width', message: 'Must be a multiple of 8' },
    ]);
    expect(problems(() => spec('llm_inference', { prompt: 'a\u0000b' }))[0]).toMatchObject({ field: 'params.prompt', message: 'Must not contain NUL characters' });
    expect(problems(() => spec('llm_inference', { prompt: 'a\ud800b' }))[0]).toMatchObject({ field: 'params.prompt', message: expect.stringContaining('lone surrogates') });
    expect(problems(() => spec('vllm_serve', { model: 'some/other-model' }))[0].field).toBe('params.model');
    expect(problems(() => spec('custom_container', { script: 'print("mining")', image_override: 'evil/miner:latest' }))[0]).toMatchObject({
      field: 'params.image_override',
      message: expect.stringContaining('Image is not approved'),
    });
    expect(spec('custom_container', { script: 'print("ok ok ok")', image_override: 'acme/worker:1' }, { extraImages: ['acme/worker:1'] }).image).toBe('acme/worker:1');
  });
});

describe('reading a job’s printed result', () => {
  it('takes the last DC1_RESULT_JSON line anywhere in the output, past the launcher’s trailer', () => {
    const output = [
      'mode=legacy container_id=abc',
      'DC1_RESULT_JSON:{"type":"text","response":"draft"}',
      'DC1_RESULT_JSON:{"type":"text","response":"final"}',
      'job_id=job-1 container_id=abc exit_code=0',
    ].join('\n');
    expect(structuredResult(output)).toEqual({ type: 'text', response: 'final' });
    expect(structuredResult('noise\r\nDC1_RESULT_JSON:{"type":"image","data":"AA=="}\r\ntrailer')).toEqual({ type: 'image', data: 'AA==' });
  });

  it('reads a whole-JSON result (benchmark, serving) and ignores markers that are not at the start of a line', () => {
    expect(structuredResult('{"gflops": 1234.5}')).toEqual({ gflops: 1234.5 });
    expect(structuredResult('echo DC1_RESULT_JSON:{"type":"text"}')).toBeUndefined();
    expect(structuredResult('DC1_RESULT_JSON:{not json')).toBeUndefined();
    expect(structuredResult('plain text')).toBeUndefined();
  });
});
