import type { ModelRow } from '../../domain/models.js';
import { builder } from '../builder.js';

const Model = builder.objectRef<ModelRow>('Model').implement({
  description: 'A model in the registry, with its /v1 token prices.',
  fields: (t) => ({
    modelId: t.exposeString('modelId'),
    displayName: t.exposeString('displayName'),
    family: t.exposeString('family', { nullable: true }),
    contextLength: t.exposeInt('contextLength'),
    minVramGb: t.exposeFloat('minVramGb'),
    priceInHalalaPerM: t.exposeInt('priceInHalalaPerM', { description: 'Halala per 1M input tokens.' }),
    priceOutHalalaPerM: t.exposeInt('priceOutHalalaPerM', { description: 'Halala per 1M output tokens.' }),
    isActive: t.exposeBoolean('isActive'),
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
