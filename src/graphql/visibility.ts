import { isMasterKey, requireScope } from '../domain/access.js';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../domain/errors.js';
import { assertReadable, type Job } from '../domain/jobs.js';
import { canReadRenterPrivate, MAX_PAGE_SIZE, providerVisible, type ApiKeyInfo, type ProviderCard } from '../domain/queries.js';
import { CREDENTIAL_HINT, type GraphQLContext } from './context.js';

/**
 * `node(id:)` and `nodes(ids:)` load through each type's dataloader, then apply the rule the type's own
 * query applies (docs/graphql-schema.md, "Ids"): a renter cannot reach another renter's job by its global
 * id, and a provider off the marketplace is as absent as it is from `provider(id:)`.
 */

type Rule = (ctx: GraphQLContext, row: never) => void;

function signedIn(ctx: GraphQLContext): void {
  if (ctx.principal.kind === 'anonymous') throw new UnauthorizedError(`Authentication required: ${CREDENTIAL_HINT}`);
}

const RULES: Record<string, Rule> = {
  // As `job(ref:)`: its renter (with the read scope), its assigned provider, admins.
  Job: (ctx, job: Job) => {
    signedIn(ctx);
    assertReadable(ctx.principal, job);
  },
  // As `provider(id:)`: the marketplace for anyone, every provider for admins and itself.
  Provider: (ctx, provider: ProviderCard) => {
    if (!providerVisible(ctx.principal, provider)) throw new NotFoundError('Provider');
  },
  // As `renter(id:)`: admins, or the renter itself with the read scope.
  Renter: (ctx, renter: { id: number }) => {
    signedIn(ctx);
    if (!canReadRenterPrivate(ctx.principal, renter.id)) throw new ForbiddenError('Forbidden');
    requireScope(ctx.principal, 'read');
  },
  // Keys are managed with the master key (renters), by the provider itself, or by admins.
  ApiKey: (ctx, key: ApiKeyInfo) => {
    signedIn(ctx);
    const p = ctx.principal;
    const own = p.kind === 'admin' || (p.kind === 'renter' && isMasterKey(p) && key.renterId === p.renterId) || (p.kind === 'provider' && key.providerId === p.providerId);
    if (!own) throw new ForbiddenError('Forbidden');
  },
  Model: () => undefined,
};

/** One loaded node, or null when it does not exist or is hidden as absent; a refusal is an error. */
async function visible(ctx: GraphQLContext, typename: string, loaded: unknown): Promise<unknown> {
  const value = await loaded;
  if (value == null || value instanceof NotFoundError) return null;
  if (value instanceof Error) throw value;
  try {
    RULES[typename](ctx, value as never);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
  return value;
}

export function resolveVisibleNode(ctx: GraphQLContext, typename: string, loaded: unknown): Promise<unknown> {
  return visible(ctx, typename, loaded);
}

/** Each id on its own: one hidden node is an error at its index, the others still answer. */
export function resolveVisibleNodes(ctx: GraphQLContext, ids: { typename: string }[], loaded: Promise<unknown[]>): Promise<unknown>[] {
  if (ids.length > MAX_PAGE_SIZE) throw ValidationError.field('ids', `ids takes at most ${MAX_PAGE_SIZE} ids`);
  return ids.map((id, i) => visible(ctx, id.typename, loaded.then((values) => values[i])).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))));
}
