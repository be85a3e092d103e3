import type { ProviderRow, RenterRow } from '../../domain/queries.js';
import { builder } from '../builder.js';
import { Provider } from './provider.js';
import { Renter } from './renter.js';

interface AdminViewer {
  kind: 'admin';
}

const Admin = builder.objectRef<AdminViewer>('Admin').implement({
  description: 'The operator, signed in with the admin token.',
  fields: (t) => ({ role: t.string({ resolve: () => 'admin' }) }),
});

type ViewerShape = RenterRow | ProviderRow | AdminViewer;

const Viewer = builder.unionType('Viewer', {
  description: 'Whoever the request’s credential belongs to.',
  types: [Renter, Provider, Admin],
  // Rows carry their table's columns: only providers have a GPU model, only renters a use case.
  resolveType: (value: ViewerShape) => ('kind' in value ? 'Admin' : 'gpuModel' in value ? 'Provider' : 'Renter'),
});

builder.queryField('me', (t) =>
  t.field({
    type: Viewer,
    nullable: true,
    description: 'The caller: its renter or provider account, or the admin. Null when anonymous.',
    authScopes: { public: true },
    resolve: async (_root, _args, ctx): Promise<ViewerShape | null> => {
      const p = ctx.principal;
      if (p.kind === 'admin') return { kind: 'admin' };
      if (p.kind === 'renter') return ctx.gateway.domain.queries.renter(p, p.renterId);
      if (p.kind === 'provider') return ctx.gateway.domain.queries.provider(p, p.providerId);
      return null;
    },
  }),
);
