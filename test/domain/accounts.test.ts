import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitedError, ValidationError } from '../../src/domain/errors.js';
import { racePostgres } from '../helpers/racePostgres.js';
import { newRenter, startDomain, storeName, type DomainHarness } from './support.js';

describe(`accounts (${storeName})`, () => {
  let h: DomainHarness;
  beforeAll(async () => {
    h = await startDomain();
  });
  afterAll(() => h.close());
  const d = () => h.gateway.domain;

  it('tops up whole halala only: a SAR amount with more than two decimals is refused, not rounded', async () => {
    const renter = await newRenter(h.gateway);
    await expect(d().renters.topup(renter, { amount_sar: 10.555 })).rejects.toBeInstanceOf(ValidationError);
    expect((await d().renters.topup(renter, { amount_sar: 10.55 })).amountHalala).toBe(1055);
  });
});

// Races need transactions running side by side: always Postgres, never PGlite (which runs one at a time).
const postgresUrl = await racePostgres('test/domain/accounts.test.ts');

describe.skipIf(!postgresUrl)('accounts under concurrency (postgres)', () => {
  let h: DomainHarness;
  beforeAll(async () => {
    h = await startDomain({}, postgresUrl);
  });
  afterAll(() => h?.close());
  const d = () => h.gateway.domain;

  it('allows three self-service rotations a day even when four race, and only the last key works', async () => {
    const renter = await newRenter(h.gateway);
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => d().renters.rotateKey(renter)));
    const issued = outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<{ apiKey: string }>).value.apiKey);
    expect(issued).toHaveLength(3);
    expect(outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof RateLimitedError)).toHaveLength(1);
    const live = (await Promise.all(issued.map((k) => d().principal(k)))).filter(Boolean);
    expect(live).toHaveLength(1);
  });
});
