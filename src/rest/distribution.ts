import { Hono, type Context, type Handler } from 'hono';
import {
  DAEMON_PATH,
  daemonDownload,
  daemonRelease,
  latestDaemonVersion,
  publicBaseUrl,
  SETUP_PATH,
  setupOs,
  setupScript,
  type Download,
  type SetupOs,
} from '../domain/distribution.js';
import type { Gateway } from '../gateway.js';
import { FAMILIES, readCredential, requireProvider, type AuthMessages } from './credentials.js';
import { handle, type ErrorOverrides } from './http.js';

/**
 * Daemon and setup-script downloads (docs/distribution.md), mounted at the REST root so the original's
 * scattered paths (/providers/download/*, /providers/setup*, /daemon/latest-version) live in one place.
 */

/** The daemon polls with Bearer only; the header and `?key=` of the original work too (docs/decisions.md#credentials). */
const DAEMON_AUTH: AuthMessages = {
  missing: { status: 400, message: 'API key required' },
  invalid: { status: 401, message: 'Invalid API key' },
};

const DOWNLOAD_ERRORS: ErrorOverrides = {
  NOT_CONFIGURED: { status: 404 },
  DAEMON_UNSAFE: { status: 503 },
};

const CHANGELOG = 'Stability and security improvements.';

/** The origin this request came in on (the public URL outside production when none is configured). */
const originOf = (c: Context) => new URL(c.req.url).origin;

function sendDownload(c: Context, file: Download, cacheControl: string): Response {
  return c.body(new Uint8Array(file.body), 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.fileName}"`,
    'X-Checksum-SHA256': file.sha256,
    'Cache-Control': cacheControl,
  });
}

export function distributionRoutes(gateway: Gateway): Hono {
  const app = new Hono();
  const ctx = gateway.domain.ctx;

  // What is not configured is said before the key is looked at: an operator trying the route learns what to set.
  app.get(
    '/providers/download/daemon',
    handle(async (c) => {
      const release = await daemonRelease(ctx, originOf(c));
      await requireProvider(c, gateway, FAMILIES.providerBearer, DAEMON_AUTH);
      if (c.req.query('check_only') === 'true') {
        return c.json({ version: release.version ?? 'unknown', min_version: release.minVersion, download_url: release.downloadUrl });
      }
      const key = (await readCredential(c, FAMILIES.providerBearer))!;
      // The body carries the caller's key: nothing on the way may keep a copy.
      return sendDownload(c, await daemonDownload(ctx, key, originOf(c)), 'no-store');
    }, DOWNLOAD_ERRORS),
  );

  const script = (os: (c: Context) => SetupOs): Handler =>
    handle(async (c) => sendDownload(c, await setupScript(ctx, os(c), originOf(c)), 'no-cache'), DOWNLOAD_ERRORS);

  app.get('/providers/download/setup', script((c) => setupOs(c.req.query('os'))));
  // The original's other names for its setup scripts. None takes a key any more: the scripts ask for it.
  app.get('/providers/download', script((c) => setupOs(c.req.query('platform'), 'platform')));
  app.get('/providers/setup', script(() => 'linux'));
  app.get('/providers/setup-windows', script(() => 'windows'));
  for (const path of ['/providers/daemon/linux', '/providers/install', '/providers/install.sh']) app.get(path, script(() => 'linux'));

  // Built installers (.exe, .pkg, .deb) are not made by this project; the scripts do their work.
  const notBuilt = handle(async (c) => {
    const base = publicBaseUrl(ctx, originOf(c));
    return c.json(
      {
        error: 'Installer not yet built',
        message: 'This gateway serves setup scripts instead of packaged installers.',
        setup_url: `${base}${SETUP_PATH}?os=${setupOs(c.req.query('os'))}`,
        powershell_alternative: `${base}${SETUP_PATH}?os=windows`,
      },
      404,
    );
  }, DOWNLOAD_ERRORS);
  for (const path of ['/providers/installer', '/providers/daemon/windows', '/providers/download-windows-exe']) app.get(path, notBuilt);

  app.get(
    '/daemon/latest-version',
    handle(async (c) => {
      const version = await latestDaemonVersion(ctx);
      return c.json({ version, download_url: `${publicBaseUrl(ctx, originOf(c))}${DAEMON_PATH}`, changelog: CHANGELOG });
    }, DOWNLOAD_ERRORS),
  );
  return app;
}

/** GET /daemon and /installers/daemon (outside /api): 302 to the daemon download, query string kept. */
export const daemonAlias: Handler = (c) => c.redirect(`${DAEMON_PATH}${new URL(c.req.url).search}`, 302);
