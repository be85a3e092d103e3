import type { ProviderCard, RenterRow } from '../../domain/queries.js';
import { builder } from '../builder.js';
import { Provider } from './provider.js';
import { assertRenterVisible, Renter } from './renter.js';
import { AdminDashboard } from './stats.js';

interface AdminViewer {
  kind: 'admin';
}

const Admin = builder.objectRef<AdminViewer>('Admin').implement({
  description: 'The operator, signed in with the admin token.',
  fields: (t) => ({
    dashboard: t.field({ type: AdminDashboard, description: 'Same as `adminDashboard`.', resolve: (_a, _args, ctx) => ctx.gateway.domain.stats.dashboard(ctx.principal) }),
  }),
});

type ViewerShape = RenterRow | ProviderCard | AdminViewer;

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
    description:
      'The caller: its renter account (master key or the read scope; a sub-key without it gets FORBIDDEN and can use `myBalance`), its provider, or the admin. Null when anonymous.',
    authScopes: { public: true },
    resolve: async (_root, _args, ctx): Promise<ViewerShape | null> => {
      const p = ctx.principal;
      if (p.kind === 'admin') return { kind: 'admin' };
      if (p.kind === 'renter') {
        assertRenterVisible(ctx, p.renterId);
        return ctx.gateway.domain.queries.renter(p, p.renterId);
      }
      if (p.kind === 'provider') return ctx.gateway.domain.queries.provider(p, p.providerId);
      return null;
    },
  }),
);
