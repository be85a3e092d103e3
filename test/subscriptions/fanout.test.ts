import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import type { Principal } from '../../src/domain/auth.js';
import { globalId } from '../../src/graphql/ids.js';
import { liveFor } from '../../src/graphql/pubsub.js';
import { startTestGateway, TEST_ADMIN_TOKEN, type TestGateway } from '../helpers/index.js';
import { eventually, heartbeat, newProvider, newRenter, subscribers, subscribeWs, wsClient, type Account } from './support.js';

/**
 * The WebSocket fan-out runs a subscription's operation once per event for all subscribers who may see the
 * same thing, and writes that one result to each of them. What one principal may see must never reach another.
 */

const BEAT = `subscription ($id: ID!) { providerHeartbeat(providerId: $id) { id: databaseId status account { email earningsHalala } } }`;
const BEAT_WITH_KEYS = `subscription ($id: ID!) { providerHeartbeat(providerId: $id) { id account { apiKeys { prefix status } } } }`;

let t: TestGateway;
let provider: Account<Principal & { kind: 'provider' }>;
let otherProvider: Account<Principal & { kind: 'provider' }>;
let renter: Account<Principal & { kind: 'renter' }>;
const clients: Client[] = [];

function client(params?: Record<string, string>): Client {
  const c = wsClient(t.url, params);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  t = await startTestGateway();
  [provider, otherProvider, renter] = await Promise.all([newProvider(t.gateway), newProvider(t.gateway), newRenter(t.gateway)]);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 0, 'subscriptions released');
});

afterAll(async () => {
  await t?.close();
});

describe('one execution per visibility class', () => {
  it('subscribers with different rights on the same operation each get their own view of the provider', async () => {
    // Those who may see everything subscribe first, so a shared result would be theirs.
    const admin = subscribeWs(client({ 'x-admin-token': TEST_ADMIN_TOKEN }), BEAT, { id: globalId('Provider', provider.id) });
    const itself = subscribeWs(client({ 'x-provider-key': provider.apiKey }), BEAT, { id: globalId('Provider', provider.id) });
    const anonymous = [subscribeWs(client(), BEAT, { id: globalId('Provider', provider.id) }), subscribeWs(client(), BEAT, { id: globalId('Provider', provider.id) })];
    const other = subscribeWs(client({ 'x-provider-key': otherProvider.apiKey }), BEAT, { id: globalId('Provider', provider.id) });
    const aRenter = subscribeWs(client({ 'x-renter-key': renter.apiKey }), BEAT, { id: globalId('Provider', provider.id) });
    await subscribers(t.gateway, 6);
    await heartbeat(t.gateway, provider.principal);
    for (const s of [admin, itself, ...anonymous, other, aRenter]) await s.count(1);

    for (const privileged of [admin, itself]) {
      expect(privileged.data[0].providerHeartbeat).toMatchObject({ id: provider.id, account: { email: expect.stringMatching(/@example\.sa$/), earningsHalala: 0 } });
      expect(privileged.errors).toEqual([]);
    }
    for (const outsider of [...anonymous, other, aRenter]) {
      expect(outsider.data[0].providerHeartbeat).toEqual({ id: provider.id, status: 'ONLINE', account: null });
    }
    // Refusals are worded for whoever asked.
    for (const s of anonymous) expect(s.errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    for (const s of [other, aRenter]) expect(s.errors.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('subscribers following one stream together: whoever leaves first, the others keep receiving, and the last releases it', async () => {
    const first = subscribeWs(client(), BEAT, { id: globalId('Provider', provider.id) });
    await subscribers(t.gateway, 1);
    const second = subscribeWs(client(), BEAT, { id: globalId('Provider', provider.id) });
    await subscribers(t.gateway, 2);
    await heartbeat(t.gateway, provider.principal);
    await Promise.all([first.count(1), second.count(1)]);

    // The first opened the stream the two share.
    first.stop();
    await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 1, 'the first to leave');
    await heartbeat(t.gateway, provider.principal);
    await second.count(2);
    expect(first.results).toHaveLength(1);
    expect(second.data.map((d) => d.providerHeartbeat.id)).toEqual([provider.id, provider.id]);
    second.stop();
    await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 0, 'the stream released');
  });

  it('subscribers who see the same thing share one execution: four cost the SQL of one', async () => {
    async function statementsPerBeat(count: number): Promise<number> {
      const followers = Array.from({ length: count }, () => subscribeWs(client({ 'x-admin-token': TEST_ADMIN_TOKEN }), BEAT_WITH_KEYS, { id: globalId('Provider', provider.id) }));
      await subscribers(t.gateway, count);
      const { count: statements } = await t.gateway.store.statements.measure(async () => {
        await heartbeat(t.gateway, provider.principal);
        for (const f of followers) await f.count(1);
      });
      for (const f of followers) expect(f.data[0].providerHeartbeat.account.apiKeys).toEqual([{ prefix: expect.any(String), status: 'ACTIVE' }]);
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
      await eventually(() => liveFor(t.gateway).pubsub.subscriberCount === 0, 'subscriptions released');
      return statements;
    }
    const alone = await statementsPerBeat(1);
    expect(await statementsPerBeat(4)).toBe(alone);
  });
});
