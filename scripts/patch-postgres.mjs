#!/usr/bin/env node
/**
 * Patches the installed postgres.js driver (postinstall; idempotent) so a database outage cannot crash the
 * gateway or leave its connection pool broken. docs/operations-database-outages.md explains the faults:
 *
 * 1. A query handed to a connection whose socket has already closed (a transaction's ROLLBACK after its
 *    connection died, a reserved connection used after it was lost) was buffered and written from a
 *    setImmediate to a null socket: a TypeError no caller can catch, which ends the process.
 *    Fix: such a query is refused at once with a catchable CONNECTION_CLOSED; the write path never touches
 *    a missing socket.
 * 2. Tearing a connection down cancelled the pending write's timer without forgetting it, and kept the unsent
 *    bytes: the reconnected connection then never flushed anything (not even its start-up message) and
 *    failed with CONNECT_TIMEOUT forever. Fix: teardown drops both.
 * 3. A transaction or reserved connection lost mid-use went back to the pool while its holder could still
 *    send queries on it (they ran outside the transaction, on the next session) or release it into the
 *    pool's open queue (a pool slot that never reconnects). Fix: once lost, the holder's queries are refused
 *    with the close error and its release is a no-op.
 * 4. A connection killed by the server (57P01 admin_shutdown: every connection when Postgres restarts) kept
 *    the FATAL error it received, and its next session failed its first query with that stale error.
 *    Fix: a new session starts without it.
 *
 * Every edit is an exact text replacement checked to match once; a driver version other than the one these
 * edits were written for stops the install, so an upgrade cannot silently drop the fix.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DRIVER_VERSION = '3.4.9';
/** Written at the top of every patched file; src/db/driver-patch.ts looks for it at start-up. */
export const PATCH_MARKER = '/* dcp-gateway: postgres.js outage patch v1 */';

/** The same source ships as ESM (src), CommonJS (cjs/src) and for Cloudflare (cf/src): patch all three. */
const VARIANTS = ['src', 'cjs/src', 'cf/src'];

const CONNECTION_EDITS = [
  {
    why: 'refuse a query on a connection whose socket has closed (1)',
    find: `  function execute(q) {
    if (terminated)
      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))
`,
    replace: `  function execute(q) {
    if (terminated)
      return queryError(q, Errors.connection('CONNECTION_DESTROYED', options))

    // Truthy: the caller must not move this closed connection to the full queue, where it would be stranded.
    if (!socket)
      return (queryError(q, Errors.connection('CONNECTION_CLOSED', options)), true)
`,
  },
  {
    why: 'never write to a missing socket; settle what was waiting instead (1)',
    find: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)
`,
    replace: `  function nextWrite(fn) {
    if (!socket) {
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)
`,
  },
  {
    why: 'a new session does not inherit the last error of the one that died (4)',
    find: `  async function connect() {
    terminated = false
    backendParameters = {}
`,
    replace: `  async function connect() {
    terminated = false
    backendParameters = {}
    errorResponse = null
`,
  },
  {
    why: 'terminate() forgets the pending write (2)',
    find: `    clearImmediate(nextWriteTimer)
    if (socket) {
`,
    replace: `    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null
    if (socket) {
`,
  },
  {
    why: 'closed() forgets the pending write (2)',
    find: `    incomings = null
    clearImmediate(nextWriteTimer)
    socket.removeListener('data', data)
`,
    replace: `    incomings = null
    clearImmediate(nextWriteTimer)
    chunk = nextWriteTimer = null
    socket.removeListener('data', data)
`,
  },
];

const INDEX_EDITS = [
  {
    why: 'a reserved connection remembers that it was lost (3)',
    find: `    move(c, reserved)
    c.reserved = () => queue.length
      ? c.execute(queue.shift())
      : move(c, reserved)
    c.reserved.release = true

    const sql = Sql(handler)
    sql.release = () => {
      c.reserved = null
      onopen(c)
    }
`,
    replace: `    let lost = null
    move(c, reserved)
    c.reserved = () => queue.length
      ? c.execute(queue.shift())
      : move(c, reserved)
    c.reserved.release = true
    c.onclose = e => {
      lost = e
      while (queue.length)
        queue.shift().reject(e)
    }

    const sql = Sql(handler)
    sql.release = () => {
      if (lost)
        return
      c.onclose = null
      c.reserved = null
      onopen(c)
    }
`,
  },
  {
    why: 'a lost reserved connection takes no more queries (3)',
    find: `    function handler(q) {
      c.queue === full
        ? queue.push(q)
`,
    replace: `    function handler(q) {
      if (lost)
        return q.reject(lost)
      c.queue === full
        ? queue.push(q)
`,
  },
  {
    why: 'a transaction remembers that its connection was lost (3)',
    find: `    let savepoints = 0
      , connection
      , prepare = null
`,
    replace: `    let savepoints = 0
      , connection
      , prepare = null
      , lost = null
`,
  },
  {
    why: 'the loss is recorded and queued statements are refused (3)',
    find: `        new Promise((_, reject) => connection.onclose = reject)
`,
    replace: `        new Promise((_, reject) => connection.onclose = e => {
          lost = e
          while (queries.length)
            queries.shift().reject(e)
          reject(e)
        })
`,
  },
  {
    why: 'a transaction whose connection was lost takes no more statements (3)',
    find: `      function handler(q) {
        q.catch(e => uncaughtError || (uncaughtError = e))
`,
    replace: `      function handler(q) {
        q.catch(e => uncaughtError || (uncaughtError = e))
        if (lost)
          return q.reject(lost)
`,
  },
];

function patchFile(file, edits) {
  const original = readFileSync(file, 'utf8');
  if (original.startsWith(PATCH_MARKER)) return false;
  let text = original;
  for (const edit of edits) {
    const at = text.indexOf(edit.find);
    if (at < 0 || text.indexOf(edit.find, at + 1) >= 0) throw new Error(`${file}: cannot apply "${edit.why}": the text to replace is not there exactly once`);
    text = text.slice(0, at) + edit.replace + text.slice(at + edit.find.length);
  }
  writeFileSync(file, `${PATCH_MARKER}\n${text}`);
  return true;
}

/** Patches the driver under `packageDir`; returns the files changed (none when already patched). */
export function patchPostgres(packageDir) {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  if (version !== DRIVER_VERSION) {
    throw new Error(
      `postgres ${version} is installed, but scripts/patch-postgres.mjs was written for ${DRIVER_VERSION}: ` +
        'check whether the new version fixes the faults it describes, then update or remove the patch',
    );
  }
  const changed = [];
  for (const variant of VARIANTS) {
    for (const [name, edits] of [['connection.js', CONNECTION_EDITS], ['index.js', INDEX_EDITS]]) {
      const file = join(packageDir, variant, name);
      if (patchFile(file, edits)) changed.push(file);
    }
  }
  return changed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
  const changed = patchPostgres(join(projectDir, 'node_modules', 'postgres'));
  console.log(changed.length ? `patched postgres.js: ${changed.length} files` : 'postgres.js already patched');
}
