import { asset, CONTENT_TYPES, lazy } from './assets.js';

/**
 * What the two browser pages share: their Content-Security-Policy and the stylesheet of the gateway's
 * own bar above GraphiQL and the REST reference.
 */

/**
 * Everything from this origin, nothing from any other: no CDN can be used, even by mistake. Styles may
 * be inline because React and Monaco set them from script; scripts may not.
 */
export function pageCsp(o: { workers?: boolean; frameAncestors?: boolean } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // 'self' covers ws:// and wss:// to this same host (graphql-ws at /graphql).
    "connect-src 'self'",
    // Monaco starts each worker from a blob: URL that importScripts() the gateway's file.
    ...(o.workers ? ["worker-src 'self' blob:"] : []),
    "base-uri 'none'",
    "form-action 'none'",
    // Only as a header: a <meta> policy cannot carry frame-ancestors.
    ...(o.frameAncestors ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

const STYLE = `
html, body { height: 100%; margin: 0; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.dcp-bar { display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; align-items: baseline; padding: 0.5em 1em;
  background: #0f2a3d; color: #e8f1f7; font-size: 14px; line-height: 1.5; }
.dcp-bar strong { font-size: 15px; }
.dcp-bar code { background: rgba(255, 255, 255, 0.12); padding: 0 0.3em; border-radius: 3px; font-size: 13px; }
.dcp-bar a { color: #9fd3ff; }
.dcp-bar nav { margin-left: auto; display: flex; gap: 1em; }
body.dcp-graphiql { display: flex; flex-direction: column; }
#graphiql { flex: 1; min-height: 0; }
/* GraphiQL's own stylesheet sizes it to the whole viewport; here it shares the page with the bar. */
#graphiql .graphiql-container { height: 100%; width: 100%; }
.dcp-loading { padding: 1em; font-size: 16px; }
`;

export const pageStyle = lazy(async () => asset(CONTENT_TYPES.css, STYLE));
