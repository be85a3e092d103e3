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

type UserErrors = { userErrors: readonly { code: string; field?: string | null; __typename?: string }[] };

/** A mutation payload that succeeded (no user errors), failing the test with the payload otherwise. */
export function expectOk<T extends UserErrors>(result: T | null | undefined): T {
  expect(result?.userErrors, JSON.stringify(result)).toEqual([]);
  return result!;
}

/** The one user error of a refused mutation, with the expected code. */
export function expectUserError<T extends UserErrors>(result: T | null | undefined, code: string): T['userErrors'][number] {
  expect(result?.userErrors.map((e) => e.code), JSON.stringify(result)).toContain(code);
  return result!.userErrors.find((e) => e.code === code)!;
}

/** The code of a top-level error (authorization, bad arguments). */
export const errorCode = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

export async function registerRenter(t: TestGateway, overrides: { name?: string } = {}) {
  const res = await t.gql(RegisterRenterDocument, {
    input: { name: overrides.name ?? 'Fatima Al-Saud', email: `renter-${unique()}@example.sa`, organization: 'Riyadh AI Lab' },
  });
  const created = expectOk(res.data?.registerRenter);
  return { id: created.renter!.id, databaseId: created.renter!.databaseId, key: created.apiKey!, email: created.renter!.email };
}

export async function registerProvider(t: TestGateway, overrides: { gpuModel?: string } = {}) {
  const res = await t.gql(RegisterProviderDocument, {
    input: { name: `GPU host ${unique()}`, email: `provider-${unique()}@example.sa`, gpuModel: overrides.gpuModel ?? 'NVIDIA GeForce RTX 4090', os: 'linux' },
  });
  const created = expectOk(res.data?.registerProvider);
  return { id: created.provider!.id, databaseId: created.provider!.databaseId, key: created.apiKey! };
}

/** Approves (when needed) and heartbeats, so the provider is online and can take work. */
export async function bringOnline(t: TestGateway, provider: { id: string; key: string }) {
  await t.gql(ApproveProviderDocument, { input: { providerId: provider.id } }, asAdmin(t));
  const res = await t.gql(
    HeartbeatDocument,
    {
      input: {
        daemonVersion: '4.1.0',
        gpuStatus: { gpu_name: 'NVIDIA GeForce RTX 4090', gpu_vram_mib: 24564, gpu_util_pct: 3, temp_c: 41 },
        providerHostname: 'gpu-host-1',
        providerIp: '10.0.0.7',
        cachedModels: ['TinyLlama/TinyLlama-1.1B-Chat-v1.0'],
      },
    },
    asProvider(provider.key),
  );
  return expectOk(res.data?.heartbeat).ack!;
}

export async function onlineProvider(t: TestGateway) {
  const provider = await registerProvider(t);
  await bringOnline(t, provider);
  return provider;
}

export const smallJob: SubmitJobInput = {
  jobType: 'LLM_INFERENCE',
  durationMinutes: 1,
  containerSpec: { image_type: 'vllm-serve' },
  params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'Summarize DCP in three bullets' },
};

export async function submitJob(t: TestGateway, renterKey: string, input: Partial<SubmitJobInput> = {}) {
  const res = await t.gql(SubmitJobDocument, { input: { ...smallJob, ...input } }, asRenter(renterKey));
  return expectOk(res.data?.submitJob).job!;
}
