import { Hono } from 'hono';
import type { ApiKeyInfo } from '../domain/queries.js';
import { apiKeyState } from '../domain/subKeys.js';
import type { Gateway } from '../gateway.js';
import { FAMILIES, requireRenter, type AuthMessages } from './credentials.js';
import { handle, pathParam, readJsonBody, type ErrorOverrides } from './http.js';
import { isoTime } from './present.js';

/**
 * Renter sub-keys (docs/sub-keys.md), mounted at /renters/me/keys. Only the master key manages them: the
 * original read it from `x-renter-key`, then `?key=`, and so do these routes; a sub-key is refused by the domain.
 */

const MASTER_KEY_AUTH: AuthMessages = {
  missing: { status: 401, message: 'Master API key required' },
  invalid: { status: 403, message: 'Invalid or inactive master API key' },
};

/** The original answered the limit with 429 and this message; clients may match on either. */
const LIMIT: ErrorOverrides = { SUB_KEY_LIMIT: { status: 429 } };

/** A sub-key as listed: never the key or its hash, only the display prefix. */
function presentSubKey(key: ApiKeyInfo, now: Date) {
  const state = apiKeyState(key, now);
  return {
    id: key.id,
    label: key.label,
    scopes: key.scopes,
    prefix: key.prefix,
    expires_at: isoTime(key.expiresAt),
    created_at: isoTime(key.createdAt),
    revoked: state === 'revoked',
    revoked_at: isoTime(key.revokedAt),
    status: state,
  };
}

export function subKeyRoutes(gateway: Gateway): Hono {
  const app = new Hono();
  const { domain } = gateway;
  const master = (c: Parameters<typeof requireRenter>[0]) => requireRenter(c, gateway, FAMILIES.renterAccount, MASTER_KEY_AUTH);

  app.get(
    '/',
    handle(async (c) => {
      const keys = await domain.subKeys.list(await master(c));
      const now = domain.ctx.now();
      return c.json({ keys: keys.map((k) => presentSubKey(k, now)) });
    }),
  );

  app.post(
    '/',
    handle(async (c) => {
      const { subKey, key } = await domain.subKeys.create(await master(c), await readJsonBody(c));
      return c.json(
        {
          id: subKey.id,
          key,
          label: subKey.label,
          scopes: subKey.scopes,
          prefix: subKey.prefix,
          expires_at: isoTime(subKey.expiresAt),
          created_at: isoTime(subKey.createdAt),
        },
        201,
      );
    }, LIMIT),
  );

  app.delete(
    '/:keyId',
    handle(async (c) => {
      const revoked = await domain.subKeys.revoke(await master(c), pathParam(c, 'keyId'));
      return c.json({ success: true, id: revoked.id, revoked_at: isoTime(revoked.revokedAt) });
    }),
  );

  return app;
}
