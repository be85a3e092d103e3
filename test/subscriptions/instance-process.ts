/**
 * A second gateway instance in its own process, for the multi-instance tests: a gateway and its server on
 * the database named by DATABASE_URL, with the tests' configuration. Prints `URL <url>` once it listens,
 * and shuts down gracefully on SIGTERM.
 *
 *   node --import tsx test/subscriptions/instance-process.ts   (DATABASE_URL set)
 */
import { createGateway } from '../../src/gateway.js';
import { createServer } from '../../src/server.js';
import { testConfig } from '../helpers/config.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL must name the database the other instance uses');

const gateway = await createGateway(testConfig(databaseUrl));
const listening = await createServer(gateway).listen(0, '127.0.0.1');
console.log(`URL ${listening.url}`);
process.once('SIGTERM', () => {
  listening.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
