import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ANONYMOUS, type Principal } from '../domain/auth.js';
import { ValidationError } from '../domain/errors.js';
import type { JobWithQueuePosition } from '../domain/jobs.js';
import { isTerminal, type Job } from '../domain/lifecycle.js';
import type { Gateway } from '../gateway.js';
import { notePrincipal } from '../observability/requestId.js';
import { acceptRenter, ACTORS, FAMILIES, renterCredential, requireProvider, requireRenter, resolveActor, type AuthMessages } from './credentials.js';
import { handle, httpError, queryInt, readJsonBody, type ErrorOverrides, type JsonObject } from './http.js';
import {
  attemptNumber,
  coldStartMs,
  completionBilling,
  dispatchedJob,
  historyRow,
  imageFormat,
  imageOf,
  jobAttempts,
  jobOutput,
  jobRecord,
  logLine,
  LOG_SCHEMA_VERSION,
  queuedNotice,
  queueStatusView,
  retriedJob,
  settledBilling,
  streamedLogLine,
  submittedJob,
  type ImageProblem,
} from './jobViews.js';
import { sarString } from './present.js';

/**
 * Job routes of the legacy REST contract (docs/rest-api.md), mounted at /jobs under /api and /api/dc1. Handlers read the
 * credential family the contract names for the route, call the domain, and shape the answer; every rule
 * (who may do what, which transitions are legal, what things cost) lives in the domain.
 */

/** requireRenter of the original (submit, retry, a job's history). */
const RENTER_KEY: AuthMessages = {
  missing: { status: 401, message: 'Renter API key required (x-renter-key header or renter_key query)' },
  invalid: { status: 403, message: 'Invalid or inactive renter API key' },
};
const PROVIDER_KEY: AuthMessages = {
  missing: { status: 401, message: 'API key required' },
  invalid: { status: 401, message: 'Invalid API key' },
};

/** The daemon's reports: no usable key anywhere is the contract's 400 naming the body fields. */
const reportAuth = (missing: string): AuthMessages => ({ missing: { status: 400, message: missing }, invalid: PROVIDER_KEY.invalid });

const LOG_PAGE_DEFAULT = 200;
const LOG_PAGE_MAX = 1000;
const HISTORY_DEFAULT = 20;
const HISTORY_MAX = 100;
const STREAM_BATCH = 200;
/** A stream opened on a finished job replays only its last lines. */
const STREAM_TERMINAL_REPLAY = 50;
const STREAM_KEEPALIVE_MS = 15_000;
const MAX_LINE_NO = 2_147_483_647;

/** A provider's job errors: a job assigned to someone else does not exist for this provider. */
const OWN_JOB: ErrorOverrides = { FORBIDDEN: { status: 404, message: 'Job not found' } };
const ALREADY_SETTLED: ErrorOverrides = { ALREADY_SETTLED: { status: 409 } };

const settledConflict = (extra: JsonObject = {}): ErrorOverrides => ({
  ...ALREADY_SETTLED,
  ILLEGAL_TRANSITION: (err) => ({
    status: 409,
    body: { error: 'Job already settled', current_status: err.details.current_status, ...extra },
  }),
});

/** Submit: a renter with nothing at all to spend hears so before the shortfall message. */
const SUBMIT_ERRORS: ErrorOverrides = {
  INSUFFICIENT_BALANCE: (err) => {
    const balance = Number(err.details.available_halala);
    if (balance > 0) return undefined;
    return {
      status: 402,
      body: {
        error: 'Balance is zero. Please top up your renter wallet before submitting jobs.',
        balance_halala: balance,
        required_halala: err.details.required_halala,
      },
    };
  },
};

const RETRY_ERRORS: ErrorOverrides = {
  ILLEGAL_TRANSITION: (err) => ({
    status: 409,
    body: { error: 'Only failed or cancelled jobs can be retried', current_status: err.details.current_status },
  }),
  INSUFFICIENT_BALANCE: (err) => ({
    status: 402,
    body: { error: 'insufficient_balance', required_halala: err.details.required_halala, available_halala: err.details.available_halala },
  }),
};

const IMAGE_PROBLEMS: Record<Exclude<ImageProblem, 'no_output'>, { status: ContentfulStatusCode; message: string }> = {
  not_completed: { status: 400, message: 'Job not completed' },
  no_structured_data: { status: 400, message: 'No structured image data found' },
  not_image: { status: 400, message: 'Job is not an image generation job' },
  corrupt: { status: 500, message: 'Failed to parse image data' },
};

/** Raw image bytes only for a client that asks for an image and not for JSON; everyone else gets JSON. */
function wantsImageBytes(accept: string | undefined): boolean {
  const a = (accept ?? '').toLowerCase();
  return a.includes('image/') && !a.includes('application/json');
}

/** The seconds a daemon metered, under whichever name the client sent them. */
function meteredSeconds(body: JsonObject): { name: string; value: unknown } {
  for (const name of ['gpu_seconds_used', 'gpu_seconds', 'duration_seconds']) if (body[name] != null) return { name, value: body[name] };
  return { name: 'gpu_seconds_used', value: undefined };
}

/** Domain validation names its own field; the client should hear the name it sent. */
async function withFieldName<T>(from: string, to: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ValidationError && from !== to)
      throw new ValidationError(err.fields.map((f) => (f.field === from ? { ...f, field: to } : f)));
    throw err;
  }
}

export function jobRoutes(gateway: Gateway): Hono {
  const app = new Hono();
  const { domain } = gateway;
  const now = () => domain.ctx.now();
  const id = (c: Context) => c.req.param('id') ?? '';
  const reader = async (c: Context): Promise<Principal> => (await resolveActor(c, gateway, ACTORS.jobReaders)) ?? ANONYMOUS;

  // ---- renter: submit, history ----

  app.post(
    '/submit',
    handle(async (c) => {
      // The key is checked by the statement that routes the job: one round trip fewer.
      const key = await renterCredential(c, FAMILIES.renterJobs, RENTER_KEY);
      const accept = (principal: Principal | undefined) => {
        acceptRenter(principal, RENTER_KEY);
        notePrincipal(c, principal);
      };
      const { job, queuePosition } = await domain.jobs.submitByKey(key, await readJsonBody(c), accept);
      return c.json({ success: true, job: submittedJob(job, queuePosition), ...queuedNotice(job, queuePosition) }, 201);
    }, SUBMIT_ERRORS),
  );

  app.get(
    '/history',
    handle(async (c) => {
      const renter = await requireRenter(c, gateway, FAMILIES.renterHeaderOnly, {
        missing: { status: 401, message: 'Renter API key required' },
        invalid: { status: 401, message: 'Invalid renter key' },
      });
      const limit = queryInt(c, 'limit', HISTORY_DEFAULT, 1, HISTORY_MAX);
      const { balanceHalala, entries } = await domain.jobViews.renterHistory(renter, limit);
      return c.json({
        balance_halala: balanceHalala,
        balance_sar: sarString(balanceHalala),
        total_jobs: entries.length,
        jobs: entries.map(historyRow),
      });
    }),
  );

  // ---- provider and actor views ----

  app.get(
    '/assigned',
    handle(async (c) => {
      const provider = await requireProvider(c, gateway, FAMILIES.providerQueryOnly, {
        missing: { status: 400, message: 'API key required' },
        invalid: { status: 404, message: 'Provider not found' },
      });
      const job = await domain.jobs.claimNext(provider, { mode: 'assign' });
      return c.json({ job: job ? dispatchedJob(job, now()) : null });
    }),
  );

  app.get(
    '/active',
    handle(async (c) => {
      const jobs = await domain.jobViews.active(await reader(c));
      return c.json({ jobs: jobs.map((job) => jobRecord(job, { now: now() })) });
    }),
  );

  app.get(
    '/queue/status',
    handle(async (c) => c.json(queueStatusView(await domain.jobViews.queueStatus(await reader(c))))),
  );

  app.get(
    '/queue/:provider_id',
    handle(async (c) => {
      const raw = c.req.param('provider_id') ?? '';
      const providerId = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(providerId) || providerId < 1 || providerId > MAX_LINE_NO)
        throw httpError(400, 'Invalid provider_id');
      const queue = await domain.jobViews.providerQueue(await reader(c), providerId);
      return c.json({ queue: queue.map((j) => ({ job_id: j.jobId, status: j.status })), total: queue.length });
    }),
  );

  app.get(
    '/verify-hmac-local',
    handle(async (c) => {
      const provider = await requireProvider(c, gateway, FAMILIES.providerBearer, PROVIDER_KEY);
      const hmac = c.req.query('hmac');
      if (!hmac) throw httpError(400, 'hmac required');
      return c.json({ valid: await domain.jobViews.verifyTaskSignature(provider, { hmac }) });
    }),
  );

  app.get(
    '/verify-hmac',
    handle(async (c) => {
      const provider = await requireProvider(c, gateway, FAMILIES.providerBearer, PROVIDER_KEY);
      const jobRef = c.req.query('job_id');
      const hmac = c.req.query('hmac');
      if (!jobRef || !hmac) throw httpError(400, 'job_id and hmac required');
      return c.json({ valid: await domain.jobViews.verifyTaskSignature(provider, { hmac, job: jobRef }) });
    }),
  );

  // ---- one job: reads ----

  app.get(
    '/:id',
    handle(async (c) => {
      const ref = id(c);
      // A key is looked up together with the job (one round trip for the SDKs' poll); other readers read it after.
      const read = new WeakMap<Principal, JobWithQueuePosition | undefined>();
      const principal =
        (await resolveActor(c, gateway, ACTORS.jobReaders, async (credential) => {
          const { principal, found } = await domain.jobs.principalWithJob(credential, ref);
          if (principal?.kind === 'renter' || principal?.kind === 'provider') read.set(principal, found);
          return principal;
        })) ?? ANONYMOUS;
      const { job, queuePosition } = read.has(principal)
        ? domain.jobs.readableWithQueuePosition(principal, read.get(principal))
        : await domain.jobs.getWithQueuePosition(principal, ref);
      return c.json({ job: jobRecord(job, { now: now(), queuePosition: job.status === 'queued' ? queuePosition : undefined }) });
    }),
  );

  app.get(
    '/:id/output',
    handle(async (c) => {
      const job = await domain.jobs.get(await reader(c), id(c));
      const answer = jobOutput(job, { wantsBytes: wantsImageBytes(c.req.header('accept')) });
      if (answer.kind === 'bytes') return c.body(new Uint8Array(answer.bytes), answer.status, answer.headers);
      return c.json(answer.body, answer.status);
    }),
  );

  app.get(
    '/:id/output/:format',
    handle(async (c) => {
      const format = c.req.param('format') ?? '';
      if (!imageFormat(format)) throw httpError(400, `Invalid format: ${format}. Supported: png, jpeg, webp`);
      const job = await domain.jobs.get(await reader(c), id(c));
      const image = imageOf(job);
      if ('problem' in image) {
        // A completed job that produced nothing has no content to download (the contract's 204).
        if (image.problem === 'no_output') return c.body(null, 204);
        const { status, message } = IMAGE_PROBLEMS[image.problem];
        throw httpError(status, message, { status: job.status, job_id: job.jobId });
      }
      // The generator emits PNG; the original served it as PNG whatever format was asked for.
      return c.body(new Uint8Array(image.bytes), 200, {
        'Content-Type': 'image/png',
        'Content-Disposition': `attachment; filename="dcp-${job.jobId}.png"`,
      });
    }),
  );

  app.get(
    '/:id/logs',
    handle(async (c) => {
      const actor = await reader(c);
      const attempt = c.req.query('attempt');
      if (attempt !== undefined) {
        if (!/^[1-9]\d*$/.test(attempt)) throw httpError(400, 'attempt must be a positive integer');
        await domain.jobs.get(actor, id(c));
        // Lines are kept per job in the database, not as per-attempt files.
        throw httpError(404, 'Log file not found for this attempt');
      }
      const since = queryInt(c, 'since', 0, 0, MAX_LINE_NO);
      const limit = queryInt(c, 'limit', LOG_PAGE_DEFAULT, 1, LOG_PAGE_MAX);
      const page = await domain.jobViews.logs(actor, id(c), { since, limit });
      return c.json({
        schema_version: LOG_SCHEMA_VERSION,
        job_id: page.job.jobId,
        status: page.job.status,
        logs: page.lines.map(logLine),
        total_lines: page.totalLines,
        has_more: page.hasMore,
      });
    }),
  );

  app.get(
    '/:id/logs/stream',
    handle(
      async (c) => {
        const renter = await requireRenter(c, gateway, FAMILIES.renterStream, {
          missing: { status: 401, message: 'Renter API key required (?key=...)' },
          invalid: { status: 401, message: 'Invalid renter API key' },
        });
        const since = queryInt(c, 'since', 0, 0, MAX_LINE_NO);
        const job = await domain.jobs.get(renter, id(c));
        return streamLogs(c, gateway, renter, job, since);
      },
      { FORBIDDEN: { status: 404, message: 'Job not found' } },
    ),
  );

  app.get(
    '/:id/history',
    handle(async (c) => {
      const renter = await requireRenter(c, gateway, FAMILIES.renterJobs, RENTER_KEY);
      const { job, attempts, hasLogs } = await domain.jobViews.attempts(renter, id(c));
      return c.json(jobAttempts(job, attempts, hasLogs));
    }),
  );

  // ---- one job: the daemon's reports (body api_key) ----

  app.post(
    '/:id/progress',
    handle(async (c) => {
      const body = await readJsonBody(c);
      if (body.phase == null || body.phase === '') throw httpError(400, 'api_key and phase required');
      const provider = await requireProvider(c, gateway, FAMILIES.providerBody, reportAuth('api_key and phase required'));
      const job = await domain.jobs.reportProgress(provider, id(c), body.phase);
      return c.json({ success: true, phase: job.progressPhase, cold_start_ms: coldStartMs(job, String(body.phase)) });
    }, OWN_JOB),
  );

  app.post(
    '/:id/logs',
    handle(async (c) => {
      const body = await readJsonBody(c);
      const provider = await requireProvider(c, gateway, FAMILIES.providerBody, {
        missing: { status: 401, message: 'api_key required' },
        invalid: PROVIDER_KEY.invalid,
      });
      if (!Array.isArray(body.lines)) throw httpError(400, 'lines array required');
      const { job, linesWritten } = await domain.jobs.appendLogs(provider, id(c), { lines: body.lines });
      return c.json({ success: true, lines_written: linesWritten, attempt_number: attemptNumber(job) });
    }, OWN_JOB),
  );

  app.post(
    '/:id/endpoint-ready',
    handle(async (c) => {
      const body = await readJsonBody(c);
      if (body.port == null) throw httpError(400, 'api_key and port required');
      const provider = await requireProvider(c, gateway, FAMILIES.providerBody, reportAuth('api_key and port required'));
      const job = await domain.jobViews.endpointReady(provider, id(c), body);
      return c.json({ success: true, endpoint_url: job.endpointUrl });
    }, OWN_JOB),
  );

  // ---- one job: settlement and controls ----

  // The 409 names the job the client asked about, so its overrides are built per request.
  app.post('/:id/result', (c, next) =>
    handle(async () => {
      const body = await readJsonBody(c);
      const actor = await resolveActor(c, gateway, ACTORS.providerControls);
      if (!actor) throw httpError(403, 'Forbidden');
      // A result completes the job (and settles it); no result is a failure, refunded in full.
      if (body.result != null && body.result !== '') {
        const metered = meteredSeconds(body);
        const { job } = await withFieldName('gpu_seconds_used', metered.name, () =>
          domain.jobs.complete(actor, id(c), { result: body.result, gpu_seconds_used: metered.value }),
        );
        return c.json({ success: true, job: jobRecord(job, { now: now() }), billing: settledBilling(job) });
      }
      const { job, refundedHalala, retryAttempt } = await domain.jobs.fail(actor, id(c), { error: body.error, transient: body.transient === true });
      if (retryAttempt)
        return c.json({
          success: false,
          retry: true,
          attempt: retryAttempt,
          max_retries: job.maxRetries,
          job_id: job.jobId,
          message: `Job re-queued for retry ${retryAttempt}/${job.maxRetries}`,
        });
      return c.json({ success: true, job: jobRecord(job, { now: now() }), billing: settledBilling(job), refunded_halala: refundedHalala });
    }, settledConflict({ job_id: id(c) }))(c, next),
  );

  app.post(
    '/:id/fail',
    handle(async (c) => {
      const actor = await resolveActor(c, gateway, ACTORS.providerControls);
      if (!actor) throw httpError(403, 'Forbidden');
      const body = await readJsonBody(c);
      const { job, refundedHalala } = await domain.jobs.fail(actor, id(c), { error: body.error });
      return c.json({ success: true, job_id: job.jobId, refunded_halala: refundedHalala });
    }, settledConflict()),
  );

  app.post(
    '/:id/complete',
    handle(async (c) => {
      const actor = (await resolveActor(c, gateway, ACTORS.renterControls)) ?? ANONYMOUS;
      // Completion by the renter or an admin meters wall-clock time from the start.
      const { job } = await domain.jobs.complete(actor, id(c), {});
      return c.json({ success: true, job: jobRecord(job, { now: now() }), billing: completionBilling(job) });
    }, {
      ...ALREADY_SETTLED,
      ILLEGAL_TRANSITION: (err) => ({ status: 409, body: { error: 'Job is not running', current_status: err.details.current_status } }),
    }),
  );

  app.post(
    '/:id/cancel',
    handle(async (c) => {
      const actor = (await resolveActor(c, gateway, ACTORS.renterControls)) ?? ANONYMOUS;
      const { job, refundedHalala } = await domain.jobs.cancel(actor, id(c));
      return c.json({ success: true, job: jobRecord(job, { now: now() }), refunded_halala: refundedHalala });
    }, {
      ILLEGAL_TRANSITION: (err) => ({
        status: 409,
        body: { error: `Cannot cancel job with status: ${err.details.current_status}`, current_status: err.details.current_status },
      }),
    }),
  );

  app.post(
    '/:id/retry',
    handle(async (c) => {
      const renter = await requireRenter(c, gateway, FAMILIES.renterJobs, RENTER_KEY);
      const { job } = await domain.jobs.retry(renter, id(c));
      return c.json({ success: true, job: retriedJob(job) }, 201);
    }, RETRY_ERRORS),
  );

  return app;
}

/**
 * `GET /jobs/:id/logs/stream`: the lines after `since`, then every new line as it is committed (announced on
 * the event bus by any instance), then an `end` event once the job is final. A job already final when the
 * stream opens replays only its last lines. Steps run one at a time so lines go out once and in order.
 */
function streamLogs(c: Context, gateway: Gateway, renter: Principal, job: Job, since: number): Response {
  const { domain } = gateway;
  const now = () => domain.ctx.now();
  const response = streamSSE(c, async (stream) => {
    let last = since;
    let closed = false;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const close = () => {
      closed = true;
      release();
    };
    let steps = Promise.resolve();
    const enqueue = (step: () => Promise<unknown>) => {
      steps = steps.then(() => (closed ? undefined : step())).then(() => undefined, close);
    };
    const send = async (lines: Awaited<ReturnType<typeof domain.jobViews.logLines>>) => {
      for (const line of lines) {
        await stream.writeSSE({ data: JSON.stringify(streamedLogLine(line, now())) });
        last = line.lineNo;
      }
    };
    const pump = async () => {
      let lines;
      do {
        lines = await domain.jobViews.logLines(job.id, last, STREAM_BATCH);
        await send(lines);
      } while (lines.length === STREAM_BATCH);
    };
    const end = async (status: string) => {
      await stream.writeSSE({ data: JSON.stringify({ type: 'end', status, ts: now().getTime() }) });
      close();
    };
    // Subscribe before reading the job's state, so nothing committed in between is missed.
    const unsubscribe = gateway.events.subscribe((event) => {
      if (event.type === 'job.log_appended' && event.jobId === job.id) enqueue(pump);
      if (event.type === 'job.status_changed' && event.jobId === job.id && isTerminal(event.status))
        enqueue(async () => {
          await pump();
          await end(event.status);
        });
    });
    // After a lost LISTEN connection, catch up on lines and on an end that may have been missed meanwhile.
    const stopResync = gateway.events.onResync(() =>
      enqueue(async () => {
        await pump();
        const current = await domain.jobs.get(renter, job.id);
        if (isTerminal(current.status)) await end(current.status);
      }),
    );
    const keepAlive = setInterval(() => enqueue(() => stream.write(': keep-alive\n\n')), STREAM_KEEPALIVE_MS);
    stream.onAbort(close);
    try {
      const current = await domain.jobs.get(renter, job.id);
      if (isTerminal(current.status))
        enqueue(async () => {
          await send(await domain.jobViews.logLines(job.id, last, STREAM_TERMINAL_REPLAY, { tail: true }));
          await end(current.status);
        });
      else enqueue(pump);
      await done;
    } finally {
      clearInterval(keepAlive);
      unsubscribe();
      stopResync();
    }
  });
  response.headers.set('Cache-Control', 'no-cache, no-transform');
  response.headers.set('X-Accel-Buffering', 'no');
  return response;
}
