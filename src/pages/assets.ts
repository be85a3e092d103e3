import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Context } from 'hono';

/**
 * Static files of the browser pages (GraphiQL, the REST docs), taken from the project's own dependencies
 * and served by the gateway itself: nothing is fetched from a CDN. Each file is read once, on first use,
 * and kept in memory with its gzip form; its URL carries a hash of its content (`?v=`), so browsers may
 * cache it for good and an upgrade of the dependency changes the URL.
 */

export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  /** Short content hash: the `v` query parameter of the asset's URL and its ETag. */
  version: string;
  /** The gzip form, made on the first request that accepts it. */
  gzipped?: Promise<Uint8Array<ArrayBuffer>>;
}

/** A file read on first use; every later call gets the same asset. */
export type LazyAsset = () => Promise<Asset>;

const gzipAsync = promisify(gzip);
const IMMUTABLE = 'public, max-age=31536000, immutable';

export const CONTENT_TYPES = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
} as const;

/** A package's directory, found from this module (works from src under tsx and from dist under node). */
export function packageDir(name: string): string {
  return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
}

/** Files by the name in their URL; a Map, so no name reaches an inherited property such as `constructor`. */
export type AssetFiles = ReadonlyMap<string, LazyAsset>;

export function asset(type: string, content: string | Buffer): Asset {
  // A copy of its own: what Response accepts, and nothing else holds it.
  const body = new Uint8Array(typeof content === 'string' ? Buffer.from(content) : content);
  return { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 16) };
}

/** Memoises `load`; a failed load is retried by the next request instead of being remembered. */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
}

export function fileAsset(path: string, type: string): LazyAsset {
  return lazy(async () => asset(type, await readFile(path)));
}

export function assetUrl(prefix: string, name: string, a: Asset): string {
  return `${prefix}/${name}?v=${a.version}`;
}

/**
 * Answers with `a`: cached for good when the URL names its current version, revalidated by ETag
 * otherwise (an old page asking for a file that has changed since), gzipped when the client accepts it.
 */
export async function sendAsset(c: Context, a: Asset): Promise<Response> {
  const etag = `"${a.version}"`;
  const headers: Record<string, string> = {
    'Content-Type': a.type,
    'Cache-Control': c.req.query('v') === a.version ? IMMUTABLE : 'no-cache',
    ETag: etag,
    Vary: 'Accept-Encoding',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  if (c.req.header('if-none-match') === etag) return new Response(null, { status: 304, headers });
  if (!/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return new Response(a.body, { headers });
  const gzipped = await (a.gzipped ??= gzipAsync(a.body).then((zipped) => new Uint8Array(zipped)));
  return new Response(gzipped, { headers: { ...headers, 'Content-Encoding': 'gzip' } });
}
