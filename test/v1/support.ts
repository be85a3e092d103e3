import { eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { models, providers, renters } from '../../src/db/schema.js';
import { ADMIN } from '../../src/domain/auth.js';
import { ledgerBalance } from '../../src/domain/billing.js';
import { startTestGateway, type TestGateway } from '../helpers/index.js';
import { FakeProvider, type FakeBehaviour } from './fake-provider.js';

/** A gateway for /v1 tests plus shortcuts to make renters, providers and models through the domain. */
export interface V1Harness {
  t: TestGateway;
  /** A fresh active renter whose balance is exactly `balanceHalala`. */
  renter(balanceHalala?: number): Promise<{ id: number; key: string }>;
  /** An approved provider heartbeating with the fake's URL and these cached models. */
  provider(endpoint: { url: string }, cachedModels: string[]): Promise<{ id: number; key: string }>;
  /** Starts a fake provider that is closed with the harness. */
  fake(behaviour?: FakeBehaviour): Promise<FakeProvider>;
  /** Adds (or replaces) a registry model with these prices. */
  model(id: string, priceIn: number, priceOut: number, contextLength?: number): Promise<void>;
  /** The official OpenAI SDK pointed at the gateway's /v1 with this key; no SDK retries. */
  openai(key: string): OpenAI;
  /** Waits for the settlements of answers already sent (they are charged just after they leave). */
  settled(): Promise<void>;
  balance(renterId: number): Promise<number>;
  earnings(providerId: number): Promise<number>;
  /** Sum of the ledger for one account (what it received minus what it sent). */
  ledger(accountName: string): Promise<number>;
  close(): Promise<void>;
}

let sequence = 0;

/** `postgresUrl` puts the database on that Postgres server instead of the suite's store (race tests). */
export async function startV1(env: Record<string, string> = {}, now?: () => Date, postgresUrl?: string): Promise<V1Harness> {
  const t = await startTestGateway({ env, now, postgresUrl });
  const { domain } = t.gateway;
  const { db } = t.gateway.store;
  const fakes: FakeProvider[] = [];
  const settled = () => domain.inference.drain();

  return {
    t,
    async renter(balanceHalala = 10_000) {
      const n = ++sequence;
      const { renter, apiKey } = await domain.renters.register({ name: `Renter ${n}`, email: `renter${n}-${Date.now()}@example.com` });
      const delta = balanceHalala - renter.balanceHalala;
      if (delta !== 0) await domain.renters.adjustBalance(ADMIN, renter.id, { amount_halala: delta, reason: 'test setup' });
      return { id: renter.id, key: apiKey };
    },
    async provider(fake, cachedModels) {
      const n = ++sequence;
      const { provider, apiKey } = await domain.providers.register({ name: `Provider ${n}`, email: `provider${n}-${Date.now()}@example.com`, gpu_model: 'RTX 4090', os: 'linux' });
      if (provider.approvalStatus !== 'approved') await domain.providers.approve(ADMIN, provider.id);
      const principal = await domain.principal(apiKey);
      await domain.providers.heartbeat(principal!, { vllm_endpoint_url: fake.url, cached_models: cachedModels });
      return { id: provider.id, key: apiKey };
    },
    async fake(behaviour) {
      const fake = await FakeProvider.start(behaviour);
      fakes.push(fake);
      return fake;
    },
    async model(id, priceIn, priceOut, contextLength = 8192) {
      const row = { modelId: id, displayName: id, family: id.split(/[-/]/)[0].toLowerCase(), contextLength, priceInHalalaPerM: priceIn, priceOutHalalaPerM: priceOut };
      await db.insert(models).values(row).onConflictDoUpdate({ target: models.modelId, set: row });
    },
    openai(key) {
      return new OpenAI({ apiKey: key, baseURL: `${t.url}/v1`, maxRetries: 0, timeout: 20_000 });
    },
    settled,
    async balance(renterId) {
      await settled();
      const [row] = await db.select({ balance: renters.balanceHalala }).from(renters).where(eq(renters.id, renterId));
      return row.balance;
    },
    async earnings(providerId) {
      await settled();
      const [row] = await db.select({ earnings: providers.earningsHalala }).from(providers).where(eq(providers.id, providerId));
      return row.earnings;
    },
    async ledger(accountName) {
      await settled();
      return ledgerBalance(db, accountName);
    },
    async close() {
      await Promise.all(fakes.map((f) => f.close()));
      await t.close();
    },
  };
}

/** Reads a streamed /v1 answer as raw SSE text. */
export async function sseText(url: string, key: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export const dataLines = (text: string) => text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
