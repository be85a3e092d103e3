import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveFor } from '../../src/graphql/pubsub.js';
import { eventually } from '../helpers/eventually.js';
import { startTestGateway, storeName, type TestGateway } from '../helpers/index.js';
import { subscribers } from '../subscriptions/support.js';

/**
 * GraphiQL and the REST reference in a real browser: headless Chromium from the Debian package, driven by
 * puppeteer-core. Every request to anything but the gateway is blocked and recorded, so a page that
 * reached for a CDN fails here. Screenshots go to test-results/browser/.
 */

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
/** A page loads megabytes of script and parses it on a shared 2-core machine: far slower than an API call. */
const BROWSER_TEST_TIMEOUT = 120_000;
const SCREENSHOTS = join(process.cwd(), 'test-results', 'browser');
if (!hasChromium) console.warn(`test/browser skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

/** A page whose requests outside the gateway's origin are refused and recorded, with its script errors. */
interface WatchedPage {
  page: Page;
  foreign: string[];
  errors: string[];
}

describe.skipIf(!hasChromium)(`GraphiQL and the REST reference in Chromium (${storeName})`, () => {
  let t: TestGateway;
  let browser: Browser;
  let profile: string;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'dcp-chromium-'));
    [t, browser] = await Promise.all([
      startTestGateway(),
      puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          `--user-data-dir=${profile}`,
        ],
      }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function open(path: string): Promise<WatchedPage> {
    const page = await browser.newPage();
    const watched: WatchedPage = { page, foreign: [], errors: [] };
    const origin = new URL(t.url).origin;
    await page.setViewport({ width: 1400, height: 900 });
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      // data: and blob: never leave the page (inlined fonts and icons, Monaco's worker bootstraps).
      if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return void request.continue();
      watched.foreign.push(url);
      void request.abort('blockedbyclient');
    });
    page.on('pageerror', (err) => void watched.errors.push(String(err)));
    // Content-Security-Policy refusals are reported on the console as errors.
    page.on('console', (message) => {
      if (message.type() === 'error') watched.errors.push(message.text());
    });
    await page.goto(`${t.url}${path}`, { waitUntil: 'networkidle0' });
    return watched;
  }

  /** Replaces a Monaco editor's text: select all, then insert the text as one input (no auto-closed brackets). */
  async function setEditor(page: Page, selector: string, text: string): Promise<void> {
    await page.locator(`${selector} .monaco-editor .view-lines`).click();
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await page.keyboard.sendCharacter(text);
  }

  /**
   * Runs the editor's operation until `started` says it did. The button is also the trigger of GraphiQL's
   * operation menu (Radix); with Chromium 156.0.8078.129 a simulated mouse click on it ran nothing, and the
   * first activation right after typing sometimes runs nothing either, so the element is activated directly and
   * again if the run has not started within two seconds (at most three times). `started` must only turn true once the operation runs, since a
   * second activation of a running subscription stops it.
   */
  async function execute(page: Page, started: () => Promise<boolean>, what: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.$eval('.graphiql-execute-button', (button) => (button as HTMLButtonElement).click());
      const deadline = Date.now() + 2_000;
      while (Date.now() < deadline) {
        if (await started()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`GraphiQL did not run ${what}`);
  }

  /** An element's visible text; Monaco renders spaces as no-break spaces. */
  const textOf = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).innerText.replace(/\u00a0/g, ' '));
  const response = (page: Page) => textOf(page, '.graphiql-response');

  async function registerRenter(name: string): Promise<string> {
    const res = await t.fetchJson('/api/renters/register', { method: 'POST', json: { name, email: `${name.toLowerCase()}-${Date.now()}@example.sa` } });
    expect(res.status).toBe(201);
    return res.body.api_key as string;
  }

  it('GraphiQL opens on the guided tour, runs a query with a renter key and shows a live graphql-ws subscription, all from the gateway', async () => {
    const apiKey = await registerRenter('Grace');
    const { page, foreign, errors } = await open('/graphql');
    expect(await page.title()).toContain('DCP Gateway');
    await page.waitForSelector('.graphiql-query-editor .monaco-editor .view-lines');
    const help = await textOf(page, '.dcp-bar');
    for (const header of ['X-Renter-Key', 'X-Provider-Key', 'X-Admin-Token']) expect(help).toContain(header);
    await eventually(async () => (await textOf(page, '.graphiql-query-editor')).includes('Welcome to the DCP Gateway GraphQL API'), 'the guided tour');
    expect(await page.$$eval('.graphiql-tab', (tabs) => tabs.map((tab) => (tab as HTMLElement).innerText.trim()))).toEqual(['SignUp', 'SubmitJob']);
    await page.screenshot({ path: join(SCREENSHOTS, 'graphiql-welcome.png') });

    // The Headers tab is open on first visit; the query runs over HTTP with the key from it.
    await setEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ 'X-Renter-Key': apiKey }));
    await setEditor(page, '.graphiql-query-editor', 'query { me { ... on Renter { name email } } }');
    await execute(page, async () => (await response(page)).includes('Grace'), 'the query');
    expect(await response(page)).toContain('@example.sa');
    await page.screenshot({ path: join(SCREENSHOTS, 'graphiql-query.png') });

    // A subscription goes over graphql-ws with the same headers; a job submitted over REST shows up live.
    const before = liveFor(t.gateway).pubsub.subscriberCount;
    await setEditor(page, '.graphiql-query-editor', 'subscription { myJobs { event { eventType status } job { jobId } } }');
    await execute(page, async () => liveFor(t.gateway).pubsub.subscriberCount >= before + 1, 'the subscription');
    await subscribers(t.gateway, before + 1);
    const submitted = await t.fetchJson('/api/jobs/submit', {
      method: 'POST',
      headers: { 'x-renter-key': apiKey },
      json: { job_type: 'llm_inference', duration_minutes: 1 },
    });
    expect(submitted.status).toBe(201);
    const jobId = submitted.body.job.job_id as string;
    await eventually(async () => (await response(page)).includes(jobId), `the subscription event for ${jobId}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'graphiql-subscription.png') });

    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, BROWSER_TEST_TIMEOUT);

  it('the REST reference page renders the OpenAPI document’s operations, all from the gateway', async () => {
    const { page, foreign, errors } = await open('/docs');
    await page.waitForSelector('.opblock');
    const text = await textOf(page, '#swagger-ui');
    expect(text).toContain('/renters/register');
    expect(text).toContain('/jobs/submit');
    expect(await page.$$('.opblock')).not.toHaveLength(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'rest-reference.png') });
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, BROWSER_TEST_TIMEOUT);
});
