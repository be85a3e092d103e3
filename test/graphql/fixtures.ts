import { expect } from 'vitest';
import type { TestGateway } from '../helpers/index.js';
import {
  ApproveProviderDocument,
  HeartbeatDocument,
  RegisterProviderDocument,
  RegisterRenterDocument,
  SubmitJobDocument,
  type SubmitJobInput,
} from './generated/graphql.js';

/** Shared set-up for the GraphQL suites: accounts and jobs created through the GraphQL face itself. */

let sequence = 0;
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}`;

export const asRenter = (key: string) => ({ 'x-renter-key': key });
export const asProvider = (key: string) => ({ 'x-provider-key': key });
export const asAdmin = (t: TestGateway) => ({ 'x-admin-token': t.adminToken });

/** Narrows a mutation result to the expected union member, failing the test with the actual one. */
export function expectType<T extends { __typename?: string }, N extends NonNullable<T['__typename']>>(
  result: T | null | undefined,
  typename: N,
): Extract<T, { __typename?: N }> {
  expect(result?.__typename, JSON.stringify(result)).toBe(typename);
  return result as Extract<T, { __typename?: N }>;
}

export async function registerRenter(t: TestGateway, overrides: { name?: string } = {}) {
  const res = await t.gql(RegisterRenterDocument, {
    input: { name: overrides.name ?? 'Fatima Al-Saud', email: `renter-${unique()}@example.sa`, organization: 'Riyadh AI Lab' },
  });
  const created = expectType(res.data?.registerRenter, 'RenterCredentials');
  return { id: created.renter.id, key: created.apiKey, email: created.renter.email! };
}

export async function registerProvider(t: TestGateway, overrides: { gpuModel?: string } = {}) {
  const res = await t.gql(RegisterProviderDocument, {
    input: { name: `GPU host ${unique()}`, email: `provider-${unique()}@example.sa`, gpuModel: overrides.gpuModel ?? 'NVIDIA GeForce RTX 4090', os: 'linux' },
  });
  const created = expectType(res.data?.registerProvider, 'ProviderCredentials');
  return { id: created.provider.id, key: created.apiKey };
}

/** Approves (when needed) and heartbeats, so the provider is online and can take work. */
export async function bringOnline(t: TestGateway, provider: { id: number; key: string }) {
  await t.gql(ApproveProviderDocument, { providerId: provider.id }, asAdmin(t));
  const res = await t.gql(
    HeartbeatDocument,
    {
      input: {
        gpuStatus: { gpu_name: 'NVIDIA GeForce RTX 4090', gpu_vram_mib: 24564, gpu_util_pct: 3, temp_c: 41, daemon_version: '4.1.0' },
        providerHostname: 'gpu-host-1',
        providerIp: '10.0.0.7',
        cachedModels: ['TinyLlama/TinyLlama-1.1B-Chat-v1.0'],
      },
    },
    asProvider(provider.key),
  );
  expectType(res.data?.heartbeat, 'HeartbeatAck');
}

export async function onlineProvider(t: TestGateway) {
  const provider = await registerProvider(t);
  await bringOnline(t, provider);
  return provider;
}

export const smallJob: SubmitJobInput = {
  jobType: 'llm_inference',
  durationMinutes: 1,
  containerSpec: { image_type: 'vllm-serve' },
  params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'Summarize DCP in three bullets' },
};

export async function submitJob(t: TestGateway, renterKey: string, input: Partial<SubmitJobInput> = {}) {
  const res = await t.gql(SubmitJobDocument, { input: { ...smallJob, ...input } }, asRenter(renterKey));
  return expectType(res.data?.submitJob, 'SubmittedJob').job;
}
