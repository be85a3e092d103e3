import { NotFoundError } from '../../domain/errors.js';
import type { ModelRow } from '../../domain/models.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';

export const Model = builder.loadableNode('Model', {
  description: 'A model in the registry, with its /v1 token prices in halala.',
  id: { resolve: (m) => m.modelId },
  // The registry is small and read as a whole; a batch of ids is answered from one read.
  load: async (ids: string[], ctx: GraphQLContext) => {
    const byId = new Map((await ctx.gateway.domain.models.list()).map((m) => [m.modelId, m]));
    return ids.map((id) => byId.get(id) ?? new NotFoundError('Model'));
  },
  fields: (t) => ({
    modelId: t.exposeString('modelId', { description: 'The id `/v1` requests name, e.g. `TinyLlama/TinyLlama-1.1B-Chat-v1.0`.' }),
    displayName: t.exposeString('displayName', { description: 'A name for people.' }),
    family: t.exposeString('family', { nullable: true, description: 'Null when not classified.' }),
    contextLength: t.exposeInt('contextLength', { description: 'The longest context it takes, in tokens.' }),
    minVramGb: t.exposeFloat('minVramGb', { description: 'The GPU memory it needs, in GB.' }),
    priceInHalalaPerM: t.expose('priceInHalalaPerM', { type: 'SafeInt', description: 'Halala per 1M input tokens.' }),
    priceOutHalalaPerM: t.expose('priceOutHalalaPerM', { type: 'SafeInt', description: 'Halala per 1M output tokens.' }),
    isActive: t.exposeBoolean('isActive', { description: 'Whether `/v1` serves it.' }),
  }),
});

builder.queryField('models', (t) =>
  t.field({
    type: [Model],
    description: 'The active models of the registry.',
    authScopes: { public: true },
    resolve: (_root, _args, ctx) => ctx.gateway.domain.models.list(),
  }),
);
