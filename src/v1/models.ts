import type { ModelListing } from '../domain/inference.js';
import { jobTypeRatePerMinute } from '../domain/pricing.js';
import { usd } from './pricing.js';

/**
 * The /v1/models entry shape of the /v1 contract (key order included; docs/decisions.md#v1-models), with the prices actually billed:
 * per-token USD with enough decimals that a priced model never reads as free (the original printed
 * "0.000000"), and the per-1M fields holding per-1M prices.
 */

type Json = Record<string, unknown>;

const CAPABILITY_WORDS: Array<[string, RegExp]> = [
  ['reasoning', /r1|qwq|reason|think/],
  ['code_generation', /code|coder/],
  ['embeddings', /embed/],
  ['multilingual', /arab|allam|jais|aya|multilingual/],
];

function capabilityFlags(id: string): Record<string, boolean> {
  const lower = id.toLowerCase();
  const flags: Record<string, boolean> = {
    chat_completions: true,
    reasoning: false,
    code_generation: false,
    tool_calling: false,
    embeddings: false,
    image_generation: false,
    multilingual: false,
  };
  for (const [flag, pattern] of CAPABILITY_WORDS) flags[flag] = pattern.test(lower);
  return flags;
}

function quantization(id: string): string {
  return /awq|gptq|gguf|int4|int8|fp8|q[2-8]_?k/i.exec(id)?.[0].toLowerCase() ?? 'fp16';
}

export function presentModel(m: ModelListing, origin: string, created: number): Json {
  const perMinute = jobTypeRatePerMinute('llm-inference');
  return {
    id: m.id,
    name: m.displayName,
    created,
    modalities: ['text'],
    context_length: m.contextLength,
    max_output_tokens: Math.min(16384, Math.max(512, Math.floor(m.contextLength / 2))),
    quantization: quantization(m.id),
    pricing: {
      prompt_tokens: usd(m.price.inHalalaPerM / 1e6, 12),
      completion_tokens: usd(m.price.outHalalaPerM / 1e6, 12),
      usd_per_minute: usd(perMinute, 6),
      usd_per_1m_input_tokens: usd(m.price.inHalalaPerM, 6),
      usd_per_1m_output_tokens: usd(m.price.outHalalaPerM, 6),
      halala_per_1m_input_tokens: m.price.inHalalaPerM,
      halala_per_1m_output_tokens: m.price.outHalalaPerM,
    },
    capability_flags: capabilityFlags(m.id),
    supported_features: ['chat.completions'],
    provider_count: m.providerCount,
    max_vram_gb: m.minVramGb,
    object: 'model',
    owned_by: 'dc1-platform',
    permission: [],
    root: m.id,
    parent: null,
    description: `${m.displayName} hosted by DCP for chat.completions.`,
    architecture: { tokenizer: m.family ?? m.id.split('/')[0].toLowerCase(), instruct_type: 'instruct', modality: 'text' },
    endpoints: [{ url: `${origin}/v1/chat/completions`, type: 'chat' }],
    provider_priority: ['dcp'],
    display_name: m.displayName,
    context_window: m.contextLength,
    parameter_count: null,
  };
}
