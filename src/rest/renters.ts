import { Hono } from 'hono';
import type { Gateway } from '../gateway.js';
import { FAMILIES, requireRenter, type AuthMessages } from './credentials.js';
import { handle, httpError, readJsonBody, type ErrorOverrides } from './http.js';
import { isoTime, presentListedProvider, sar } from './present.js';
import { subKeyRoutes } from './subKeys.js';

/** Renter routes of the legacy REST contract (docs/rest-api.md), mounted at /renters. */

const ACCOUNT_AUTH: AuthMessages = {
  missing: { status: 400, message: 'API key required (x-renter-key header or key query)' },
  invalid: { status: 404, message: 'Renter not found' },
};
const PLAIN_AUTH: AuthMessages = { ...ACCOUNT_AUTH, missing: { status: 400, message: 'API key required' } };
const ROTATE_AUTH: AuthMessages = { ...ACCOUNT_AUTH, missing: { status: 400, message: 'Current API key required (x-renter-key header or key query)' } };
const ROTATION_LIMIT: ErrorOverrides = { RATE_LIMITED: { message: 'Rate limit exceeded: max 3 key rotations per 24 hours' } };

const DISCOVERY_MODES = ['sqlite', 'shadow', 'p2p-primary'];
const MAX_AGE_MS_LIMIT = 21_600_000;

export function renterRoutes(gateway: Gateway): Hono {
  const app = new Hono();
  const { domain } = gateway;

  app.post(
    '/register',
    handle(async (c) => {
      const { renter, apiKey } = await domain.renters.register(await readJsonBody(c));
      return c.json(
        {
          success: true,
          renter_id: renter.id,
          api_key: apiKey,
          message: `Welcome ${renter.name}! Save your API key — it won't be shown again.`,
        },
        201,
      );
    }),
  );

  app.get(
    '/me',
    handle(async (c) => {
      const principal = await requireRenter(c, gateway, FAMILIES.renterMe, PLAIN_AUTH);
      const { renter, recentJobs, usage } = await domain.overviews.renter(principal);
      return c.json({
        renter: {
          id: renter.id,
          name: renter.name,
          email: renter.email,
          organization: renter.organization,
          use_case: renter.useCase,
          phone: renter.phone,
          webhook_url: null,
          status: renter.status,
          balance_halala: renter.balanceHalala,
          held_halala: renter.heldHalala,
          total_spent_halala: renter.totalSpentHalala,
          total_jobs: renter.totalJobs,
          created_at: isoTime(renter.createdAt),
        },
        recent_jobs: recentJobs.map((j) => ({
          id: j.id,
          job_id: j.jobId,
          job_type: j.jobType,
          status: j.status,
          submitted_at: isoTime(j.submittedAt),
          completed_at: isoTime(j.completedAt),
          actual_cost_halala: j.actualCostHalala,
        })),
        v1_usage_summary: {
          total_requests: usage.totalRequests,
          prompt_tokens: usage.promptTokens,
          completion_tokens: usage.completionTokens,
          total_tokens: usage.totalTokens,
          total_cost_halala: usage.totalCostHalala,
        },
      });
    }),
  );

  app.delete(
    '/me',
    handle(async (c) => {
      const principal = await requireRenter(c, gateway, FAMILIES.renterAccount, ACCOUNT_AUTH, { anyStatus: true });
      const result = await domain.privacy.eraseRenter(principal);
      return c.json({
        cancelled_jobs: result.cancelledJobs,
        refunded_halala: result.refundedHalala,
        deletion_scheduled_for: isoTime(result.deletionScheduledFor),
        message: 'Account scheduled for deletion in 30 days. Contact support to cancel.',
      });
    }),
  );

  app.get(
    '/available-providers',
    handle(async (c) => {
      const mode = c.req.query('discovery') ?? c.req.query('discovery_mode');
      if (mode !== undefined && !DISCOVERY_MODES.includes(mode))
        throw httpError(400, 'Validation failed', { fields: [{ field: 'discovery', message: `Must be one of: ${DISCOVERY_MODES.join(', ')}` }] });
      const maxAge = c.req.query('max_age_ms');
      if (maxAge !== undefined && !(Number.isInteger(Number(maxAge)) && Number(maxAge) >= 1 && Number(maxAge) <= MAX_AGE_MS_LIMIT))
        throw httpError(400, 'Validation failed', { fields: [{ field: 'max_age_ms', message: `Must be an integer between 1 and ${MAX_AGE_MS_LIMIT}` }] });
      const listed = await domain.marketplace.forRenters();
      // This gateway discovers providers from its own store only; P2P discovery modes answer the same list.
      return c.json({
        providers: listed.map((l) => ({
          ...presentListedProvider(l),
          peer_id: l.provider.p2pPeerId,
          status: 'online',
          discovery_source: 'sqlite',
          discovered_at: null,
          stale: false,
        })),
        total: listed.length,
        discovery_mode: 'sqlite',
        discovery_health: { mode: 'sqlite', enabled: false, announcement_enabled: false, bootstrap_configured: false },
      });
    }),
  );

  app.get(
    '/balance',
    handle(async (c) => {
      const principal = await requireRenter(c, gateway, FAMILIES.renterAccount, PLAIN_AUTH);
      const renter = await domain.renters.get(principal);
      return c.json({
        balance_halala: renter.balanceHalala,
        balance_sar: sar(renter.balanceHalala),
        held_halala: renter.heldHalala,
        held_sar: sar(renter.heldHalala),
        available_halala: renter.balanceHalala,
        total_spent_halala: renter.totalSpentHalala,
        total_spent_sar: sar(renter.totalSpentHalala),
        total_jobs: renter.totalJobs,
      });
    }),
  );

  app.post(
    '/topup',
    handle(
      async (c) => {
        const principal = await requireRenter(c, gateway, FAMILIES.renterAccount, ACCOUNT_AUTH);
        const { renter, amountHalala } = await domain.renters.topup(principal, await readJsonBody(c));
        return c.json({
          success: true,
          topped_up_halala: amountHalala,
          topped_up_sar: sar(amountHalala),
          new_balance_halala: renter.balanceHalala,
          new_balance_sar: sar(renter.balanceHalala),
        });
      },
      { DISABLED: { status: 403, message: 'Direct top-up disabled in production. Use payment flow.' } },
    ),
  );

  const rotate = handle(async (c) => {
    const principal = await requireRenter(c, gateway, FAMILIES.renterAccount, ROTATE_AUTH);
    const { renter, apiKey } = await domain.renters.rotateKey(principal);
    return c.json({
      success: true,
      message: 'API key rotated. Save the new key — the old one is now invalid.',
      new_key: apiKey,
      api_key: apiKey,
      renter_id: renter.id,
    });
  }, ROTATION_LIMIT);
  app.post('/rotate-key', rotate);
  app.post('/me/rotate-key', rotate);

  const exportData = handle(async (c) => {
    const principal = await requireRenter(c, gateway, FAMILIES.renterAccount, ACCOUNT_AUTH, { anyStatus: true });
    const data = await domain.privacy.exportRenter(principal);
    const a = data.account;
    return c.json({
      exported_at: isoTime(data.exportedAt),
      account: {
        id: a.id,
        name: a.name,
        email: a.email,
        organization: a.organization,
        use_case: a.useCase,
        phone: a.phone,
        status: a.status,
        created_at: isoTime(a.createdAt),
        updated_at: isoTime(a.updatedAt),
        balance_halala: a.balanceHalala,
        held_halala: a.heldHalala,
        total_spent_halala: a.totalSpentHalala,
        total_jobs: a.totalJobs,
      },
      jobs: data.jobs.map((j) => ({
        id: j.id,
        job_id: j.jobId,
        job_type: j.jobType,
        status: j.status,
        model: j.model,
        provider_id: j.providerId,
        gpu_model: j.gpuModel,
        cost_halala: j.costHalala,
        actual_cost_halala: j.actualCostHalala,
        duration_minutes: j.durationMinutes,
        gpu_seconds_used: j.gpuSecondsUsed,
        submitted_at: isoTime(j.submittedAt),
        started_at: isoTime(j.startedAt),
        completed_at: isoTime(j.completedAt),
        updated_at: isoTime(j.updatedAt),
        container_spec: JSON.stringify(j.containerSpec),
        gpu_requirements: j.gpuRequirements == null ? null : JSON.stringify(j.gpuRequirements),
        params: j.params,
        result: j.result,
        error: j.error,
      })),
      ledger: data.ledger.map((e) => ({
        id: e.id,
        kind: e.kind,
        amount_halala: e.amountHalala,
        from_account: e.fromAccount,
        to_account: e.toAccount,
        job_id: e.jobId,
        note: e.note,
        created_at: isoTime(e.createdAt),
      })),
      payments: [],
      withdrawals: [],
      analytics: {
        status_counts: data.analytics.statusCounts,
        daily_spend_last_30d: data.analytics.dailySpendLast30d.map((d) => ({ day: d.day, total_halala: d.totalHalala, job_count: d.jobCount })),
        top_gpus: data.analytics.topGpus.map((g) => ({ gpu_model: g.gpuModel, job_count: g.jobCount })),
      },
    });
  });
  app.get('/me/export', exportData);
  app.get('/me/data-export', exportData);
  app.route('/me/keys', subKeyRoutes(gateway));

  return app;
}
