import type { ApiKeyInfo } from '../../domain/queries.js';
import { builder } from '../builder.js';

export const ApiKey = builder.objectRef<ApiKeyInfo>('ApiKey').implement({
  description: 'An API key as it may be shown after creation: its display prefix, never the key or its hash.',
  fields: (t) => ({
    prefix: t.exposeString('prefix'),
    origin: t.exposeString('origin', { description: 'registration, self_rotation or admin_rotation' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    active: t.boolean({ resolve: (k) => k.revokedAt == null }),
  }),
});
