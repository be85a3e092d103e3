/**
 * The /v1 path's second floor: the simplest forwarding proxy Node can be. Bare `node:http` server and client,
 * a keep-alive agent, the request body read whole and sent on, the provider's answer piped back; no
 * credentials, no routing, no money, no logging. What a proxied request costs before the gateway does any of
 * its own work (bench/v1-bare-proxy.ts measures it against the provider called directly).
 * IPC as the other servers: `ready` { url }, `counters`, `stop`.
 * Usage (spawned by bench/v1-bare-proxy.ts): node --import tsx bench/floor/bare-proxy.ts <provider url>
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestCounter } from '../helpers/child.js';

const target = new URL(process.argv[2] ?? '');
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, agent, headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  });
});
const counts = requestCounter(server);

server.listen(0, '127.0.0.1', () => {
  const send = (m: unknown) => process.send!(m);
  process.on('message', (m: { type: string }) => {
    if (m.type === 'counters') {
      const cpu = process.cpuUsage();
      send({ type: 'counters', statements: 0, cpuUs: cpu.user + cpu.system, served: counts.served, inFlight: counts.inFlight });
    } else if (m.type === 'stop') {
      agent.destroy();
      server.close(() => {
        send({ type: 'stopped' });
        process.disconnect();
      });
      server.closeAllConnections();
    }
  });
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
