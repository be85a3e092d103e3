import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAFE_PUBLIC_URL } from '../config.js';
import type { DomainContext } from './context.js';
import { RuleViolationError, ValidationError } from './errors.js';
import { canonicalOs } from './providers.js';

/**
 * Daemon and installer distribution (docs/distribution.md).
 *
 * The daemon is the operator's file (DCP_DAEMON_PATH); this gateway fills in its own public URL and the
 * caller's key, and never the task-signing secret: daemons without it verify each task spec through
 * GET /api/jobs/verify-hmac-local with their own key. The setup scripts are this project's, in installers/,
 * templated with the public URL only.
 */

export const DAEMON_PATH = '/api/providers/download/daemon';
export const SETUP_PATH = '/api/providers/download/setup';
/** The alias the original daemon falls back to (answered by a redirect to DAEMON_PATH). */
export const DAEMON_ALIAS_PATH = '/installers/daemon';

export type SetupOs = 'linux' | 'windows' | 'mac';
export const SETUP_OSES: readonly SetupOs[] = ['linux', 'windows', 'mac'];

/** A file to send: exact bytes, their SHA-256 (hex) for the X-Checksum-SHA256 header, and how to label them. */
export interface Download {
  fileName: string;
  contentType: string;
  body: Buffer;
  sha256: string;
}

export interface DaemonRelease {
  /** From the file's `DAEMON_VERSION = "x.y.z"` line; null when it has none. */
  version: string | null;
  /** MIN_DAEMON_VERSION (else DAEMON_VERSION). */
  minVersion: string;
  /** Absolute, on this gateway, without any key: daemons resolve a relative one against the original's host. */
  downloadUrl: string;
}

const notConfigured = (setting: string, message: string) => new RuleViolationError('NOT_CONFIGURED', message, { setting });

// ---------------------------------------------------------------------------------------------------------
// Files, read again only when they change

interface CachedFile {
  identity: string;
  /** The bytes as a latin1 string: ASCII edits keep every other byte exactly as it was. */
  text: string;
}

const files = new Map<string, CachedFile>();
/** How many times a served file was read from disk (tests check that unchanged files are not read again). */
let diskReads = 0;
export const distributedFileReads = () => diskReads;

/**
 * The file's content, read from disk only when its inode, size or times changed since the last read: every
 * daemon polls the version every few minutes, and that must not mean a disk read each time.
 */
async function cachedFile(path: string): Promise<string | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const identity = `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
  const cached = files.get(path);
  if (cached?.identity === identity) return cached.text;
  diskReads += 1;
  const text = await readFile(path, 'latin1').catch(() => undefined);
  if (text === undefined) return undefined;
  files.set(path, { identity, text });
  return text;
}

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');

// ---------------------------------------------------------------------------------------------------------
// The public URL

/**
 * The base URL providers reach this gateway at: DCP_PUBLIC_URL, else (outside production) the origin the
 * request came in on. Production refuses to guess: behind a proxy the request's origin is an internal
 * address, and a Host header is the client's to choose.
 */
export function publicBaseUrl(ctx: DomainContext, requestOrigin: string): string {
  const configured = ctx.config.distribution.publicUrl;
  if (configured) return configured;
  if (ctx.config.profile === 'production') {
    throw notConfigured('DCP_PUBLIC_URL', 'Downloads are not configured: set DCP_PUBLIC_URL to the public base URL of this gateway');
  }
  if (!SAFE_PUBLIC_URL.test(requestOrigin)) {
    throw new RuleViolationError('BAD_HOST', 'Cannot derive a public URL from this request’s Host header; set DCP_PUBLIC_URL');
  }
  return requestOrigin;
}

/** Which setup script an `os` value asks for: linux when absent; a 400 naming `field` when unknown. */
export function setupOs(value: string | undefined, field = 'os'): SetupOs {
  const v = value?.trim().toLowerCase() ?? '';
  if (v === '' || v === 'unix') return 'linux';
  const os = canonicalOs(v);
  if (os === 'mac' || os === 'darwin') return 'mac';
  if (os === 'linux' || os === 'windows') return os;
  throw ValidationError.field(field, `${field} must be one of ${SETUP_OSES.join(', ')}`);
}

/**
 * Where a newly registered provider gets its setup script: absolute when the public URL is known, else the
 * path (which then answers why it cannot serve). Never with the key: URLs end up in logs and histories.
 */
export function installerUrl(ctx: DomainContext, os: string | null | undefined, requestOrigin: string): string {
  const path = `${SETUP_PATH}?os=${setupOs(os ?? undefined)}`;
  try {
    return `${publicBaseUrl(ctx, requestOrigin)}${path}`;
  } catch {
    return path;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The daemon

const DAEMON_VERSION_LINE = /^DAEMON_VERSION\s*=\s*["']([^"'\r\n]+)["']/m;
/** The original daemon's configuration lines; the legacy INJECT_* forms too (first occurrence, whole line). */
const API_URL_LINE = /^API_URL\s*=\s*(["'])(?:\{\{API_URL\}\}|INJECT_URL_HERE)\1/m;
const API_KEY_LINE = /^API_KEY\s*=\s*(["'])(?:\{\{API_KEY\}\}|INJECT_KEY_HERE)\1/m;
/** Whatever the operator's file holds there, it goes out empty. */
const HMAC_SECRET_LINE = /^HMAC_SECRET\s*=\s*(["'])[^"'\r\n]*\1/m;
/** Hard-coded hosts the original daemon sends its key to first; pointed at this gateway instead. */
const CANONICAL_LINES: Array<[RegExp, (base: string) => string]> = [
  [/^CANONICAL_UPDATE_ENDPOINT\s*=\s*(["'])[^"'\r\n]*\1/m, (base) => `CANONICAL_UPDATE_ENDPOINT = "${base}${DAEMON_PATH}"`],
  [/^CANONICAL_INSTALLER_DOWNLOAD_URL\s*=\s*(["'])[^"'\r\n]*\1/m, (base) => `CANONICAL_INSTALLER_DOWNLOAD_URL = "${base}${DAEMON_ALIAS_PATH}"`],
  [/^CANONICAL_API_BASE_URL\s*=\s*(["'])[^"'\r\n]*\1/m, (base) => `CANONICAL_API_BASE_URL = "${base}"`],
];
/** What a key must look like before it is written into a Python string literal. */
const SAFE_KEY = /^[A-Za-z0-9_-]{1,128}$/;
/** Secrets shorter than this could match by chance; the generated ones are far longer. */
const MIN_CHECKED_SECRET = 8;

/** The operator's daemon file, or NOT_CONFIGURED naming the setting to fix. */
async function daemonFile(ctx: DomainContext): Promise<{ path: string; text: string }> {
  const path = ctx.config.distribution.daemonPath;
  if (!path) {
    throw notConfigured('DCP_DAEMON_PATH', 'Daemon download is not configured: set DCP_DAEMON_PATH to the daemon file this gateway serves');
  }
  const text = await cachedFile(path);
  if (text === undefined) throw notConfigured('DCP_DAEMON_PATH', 'The daemon file named by DCP_DAEMON_PATH cannot be read');
  return { path, text };
}

/** The version the daemon file declares, the minimum, and where to download it: the answer to `?check_only=true`. */
export async function daemonRelease(ctx: DomainContext, requestOrigin: string): Promise<DaemonRelease> {
  const { text } = await daemonFile(ctx);
  const base = publicBaseUrl(ctx, requestOrigin);
  return {
    version: DAEMON_VERSION_LINE.exec(text)?.[1] ?? null,
    minVersion: ctx.config.daemonMinVersion,
    downloadUrl: `${base}${DAEMON_PATH}`,
  };
}

/** The version announced publicly: the daemon file's when one is served, else DAEMON_VERSION. */
export async function latestDaemonVersion(ctx: DomainContext): Promise<string> {
  if (!ctx.config.distribution.daemonPath) return ctx.config.daemonLatestVersion;
  const text = await cachedFile(ctx.config.distribution.daemonPath);
  return (text && DAEMON_VERSION_LINE.exec(text)?.[1]) || ctx.config.daemonLatestVersion;
}

/**
 * The daemon for the provider whose key this is: the file with this gateway's URL and that key filled in
 * (the original daemon reads both only from its own source, and its self-update replaces that source with
 * this download, so both must be in it) and the HMAC secret line emptied, which makes it verify remotely.
 */
export async function daemonDownload(ctx: DomainContext, providerKey: string, requestOrigin: string): Promise<Download> {
  const { path, text } = await daemonFile(ctx);
  const base = publicBaseUrl(ctx, requestOrigin);
  if (!SAFE_KEY.test(providerKey)) throw new RuleViolationError('BAD_KEY', 'This key cannot be written into the daemon');
  let out = text
    .replace(HMAC_SECRET_LINE, () => 'HMAC_SECRET = ""')
    .replace(API_URL_LINE, () => `API_URL = "${base}"`)
    .replace(API_KEY_LINE, () => `API_KEY = "${providerKey}"`);
  for (const [line, value] of CANONICAL_LINES) out = out.replace(line, () => value(base));
  // The file is the operator's: if it carries the signing secret anywhere else, it is not sent at all.
  const secret = Buffer.from(ctx.hmacSecret, 'utf8').toString('latin1');
  if (secret.length >= MIN_CHECKED_SECRET && out.includes(secret)) {
    throw new RuleViolationError(
      'DAEMON_UNSAFE',
      'Daemon download refused: the configured daemon file contains this gateway’s task-signing secret; remove it (daemons verify through /api/jobs/verify-hmac-local)',
    );
  }
  const body = Buffer.from(out, 'latin1');
  return { fileName: safeFileName(basename(path), 'dcp_daemon.py'), contentType: 'text/x-python; charset=utf-8', body, sha256: sha256(body) };
}

const safeFileName = (name: string, fallback: string) => (/^[A-Za-z0-9._-]{1,100}$/.test(name) ? name : fallback);

// ---------------------------------------------------------------------------------------------------------
// Setup scripts

const INSTALLERS_DIR = fileURLToPath(new URL('../../installers/', import.meta.url));
const URL_PLACEHOLDER = /__DCP_PUBLIC_URL__/g;

const SETUP_SCRIPTS: Record<SetupOs, { fileName: string; contentType: string }> = {
  linux: { fileName: 'dcp-setup-linux.sh', contentType: 'text/x-shellscript; charset=utf-8' },
  mac: { fileName: 'dcp-setup-macos.sh', contentType: 'text/x-shellscript; charset=utf-8' },
  windows: { fileName: 'dcp-setup-windows.ps1', contentType: 'text/plain; charset=utf-8' },
};

/** The setup script for `os`, with this gateway's public URL filled in (and nothing else: no key). */
export async function setupScript(ctx: DomainContext, os: SetupOs, requestOrigin: string): Promise<Download> {
  const base = publicBaseUrl(ctx, requestOrigin);
  const { fileName, contentType } = SETUP_SCRIPTS[os];
  const text = await cachedFile(`${INSTALLERS_DIR}${fileName}`);
  // Shipped with the code: missing means a broken installation, not a client's mistake.
  if (text === undefined) throw new Error(`Setup script ${fileName} is missing from ${INSTALLERS_DIR}`);
  const body = Buffer.from(text.replace(URL_PLACEHOLDER, () => base), 'latin1');
  return { fileName, contentType, body, sha256: sha256(body) };
}
