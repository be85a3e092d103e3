import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, untilAvailable } from '../../src/domain/availability.js';
import { ServiceUnavailableError } from '../../src/domain/errors.js';
import { processFaultHandler } from '../../src/process-guard.js';

/** What counts as a database outage (a 503, never fatal) and what does not, in the shapes the driver reports. */

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
/** drizzle wraps a driver error as the `cause` of its own. */
const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1'), { cause });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', coded('ECONNREFUSED')],
    ['a reset connection, wrapped by drizzle', wrapped(coded('ECONNRESET'))],
    ['every address refusing (AggregateError)', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect failed')],
    ['postgres.js: connection closed', wrapped(coded('CONNECTION_CLOSED'))],
    ['postgres.js: connect timeout', coded('CONNECT_TIMEOUT')],
    ['server shutting down (57P01 admin_shutdown)', wrapped(coded('57P01'))],
    ['server starting up (57P03 cannot_connect_now)', coded('57P03')],
    ['a connection exception (08006)', coded('08006')],
    ['the domain error itself', new ServiceUnavailableError()],
  ])('%s is an outage', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', wrapped(coded('23505'))],
    ['a syntax error', coded('42601')],
    ['a TypeError', new TypeError("Cannot read properties of null (reading 'write')")],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('%s is not', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('untilAvailable', () => {
  it('retries through an outage until the read gets through, and fails at once on anything else', async () => {
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 3) throw coded('ECONNREFUSED');
      return 'rows';
    };
    expect(await untilAvailable(flaky, 5_000)).toBe('rows');
    expect(calls).toBe(3);

    let bugCalls = 0;
    const bug = async () => {
      bugCalls += 1;
      throw new TypeError('bug');
    };
    await expect(untilAvailable(bug, 5_000)).rejects.toThrow('bug');
    expect(bugCalls).toBe(1);
  });

  it('gives up with the outage once its patience runs out', async () => {
    const down = async () => {
      throw coded('ECONNREFUSED');
    };
    await expect(untilAvailable(down, 150)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('the process guard', () => {
  function guard() {
    const exits: number[] = [];
    const logged: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    return { handle: processFaultHandler(logger, (code) => void exits.push(code)), exits, logged };
  }

  it('keeps the process running through a database outage that escaped its caller, with a warning', () => {
    const g = guard();
    g.handle('unhandledRejection', wrapped(coded('CONNECTION_CLOSED')));
    g.handle('uncaughtException', coded('ECONNRESET'));
    expect(g.exits).toEqual([]);
    expect(g.logged.map((l) => l.level)).toEqual([40, 40]);
  });

  it('exits non-zero after logging anything else as fatal', () => {
    const g = guard();
    g.handle('uncaughtException', new TypeError("Cannot read properties of null (reading 'write')"));
    expect(g.exits).toEqual([1]);
    expect(g.logged[0]).toMatchObject({ level: 60, msg: expect.stringContaining('exiting') });
  });
});
