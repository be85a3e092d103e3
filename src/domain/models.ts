import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { models } from '../db/schema.js';
import type { DomainContext } from './context.js';

export type ModelRow = typeof models.$inferSelect;

/**
 * The catalogue a fresh install starts with (the models the original service whitelisted plus Llama 3 8B).
 * Prices are halala per 1M tokens and never zero, so /v1 usage is always billed.
 */
export const DEFAULT_MODELS: (typeof models.$inferInsert)[] = [
  {
    modelId: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0',
    displayName: 'TinyLlama 1.1B Chat',
    family: 'llama',
    contextLength: 2048,
    minVramGb: 2,
    priceInHalalaPerM: 19,
    priceOutHalalaPerM: 38,
  },
  {
    modelId: 'microsoft/phi-2',
    displayName: 'Phi-2',
    family: 'phi',
    contextLength: 2048,
    minVramGb: 6,
    priceInHalalaPerM: 38,
    priceOutHalalaPerM: 75,
  },
  {
    modelId: 'google/gemma-2b',
    displayName: 'Gemma 2B',
    family: 'gemma',
    contextLength: 8192,
    minVramGb: 6,
    priceInHalalaPerM: 38,
    priceOutHalalaPerM: 75,
  },
  {
    modelId: 'mistralai/Mistral-7B-Instruct-v0.2',
    displayName: 'Mistral 7B Instruct v0.2',
    family: 'mistral',
    contextLength: 32768,
    minVramGb: 16,
    priceInHalalaPerM: 75,
    priceOutHalalaPerM: 150,
  },
  {
    modelId: 'meta-llama/Meta-Llama-3-8B-Instruct',
    displayName: 'Llama 3 8B Instruct',
    family: 'llama',
    contextLength: 8192,
    minVramGb: 16,
    priceInHalalaPerM: 94,
    priceOutHalalaPerM: 188,
  },
];

/** Inserts the default catalogue; rows that already exist (edited by an operator or not) are left alone. */
export async function seedDefaultModels(ex: Executor): Promise<void> {
  await ex.insert(models).values(DEFAULT_MODELS).onConflictDoNothing({ target: models.modelId });
}

export function modelsModule(ctx: DomainContext) {
  return {
    /** The model registry, by model id; inactive models only when asked for. */
    async list(options: { includeInactive?: boolean } = {}): Promise<ModelRow[]> {
      const query = ctx.store.db.select().from(models);
      const filtered = options.includeInactive ? query : query.where(eq(models.isActive, true));
      return filtered.orderBy(asc(models.modelId));
    },
  };
}

export type Models = ReturnType<typeof modelsModule>;
