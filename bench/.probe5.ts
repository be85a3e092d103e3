const { loadConfig } = await import('../src/config.js');
const { createGateway } = await import('../src/gateway.js');
const g = await createGateway(loadConfig({ DCP_DATA_DIR: process.env.DIR ?? 'memory://', DCP_RATE_LIMITS: 'off', LOG_LEVEL: 'warn' }));
const { provider, apiKey } = await g.domain.providers.register({ name: 'P1', email: 'p1@x.com', gpu_model: 'RTX 4090', os: 'linux' });
const pr = await g.domain.principal(apiKey);
const run = async () => { await g.domain.principal(apiKey); await g.domain.providers.heartbeat(pr!, { gpu_status: { gpu_name: 'RTX 4090' } }); await g.domain.daemon.capacity(provider.id); };
for (let i = 0; i < 200; i++) await run();
const times = new Map<string, number>();
let last: { q: string; t: number } | undefined;
const log = g.store.statements;
const orig = log.logQuery.bind(log);
log.logQuery = (q: string) => { const now = performance.now(); if (last) times.set(last.q, (times.get(last.q) ?? 0) + now - last.t); last = { q, t: now }; orig(q); };
const N = 200;
const s = performance.now();
for (let i = 0; i < N; i++) { await run(); const now = performance.now(); if (last) times.set(last.q + ' [+tail]', (times.get(last.q + ' [+tail]') ?? 0) + now - last.t); last = undefined; }
console.log('per request', ((performance.now() - s) / N).toFixed(2));
for (const [k, v] of [...times].sort((a, b) => b[1] - a[1])) console.log((v / N).toFixed(3), k.replace(/\s+/g, ' ').slice(0, 200));
await g.close();
