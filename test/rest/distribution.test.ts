import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { distributedFileReads } from '../../src/domain/distribution.js';
import { startTestGateway, type TestGateway } from '../helpers/index.js';
import { fakeDaemon, instrumentedBin, powershellDelimiterProblem, run } from './distribution.fixtures.js';
import { registerProvider, registerRenter } from './restFixtures.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

let dir: string;
let daemonPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dcp-distribution-'));
  daemonPath = join(dir, 'dcp_daemon.py');
  await writeFile(daemonPath, fakeDaemon());
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** GET with fetch, keeping the exact bytes. */
async function download(t: TestGateway, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, { headers, redirect: 'manual' });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: Buffer.from(bytes).toString('utf8') };
}

describe('a gateway with nothing to distribute (production, no DCP_DAEMON_PATH, no DCP_PUBLIC_URL)', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => t?.close());

  it('answers the daemon routes with a JSON 404 naming DCP_DAEMON_PATH, before looking at the key', async () => {
    const provider = await registerProvider(t);
    for (const path of ['/api/providers/download/daemon', '/api/providers/download/daemon?check_only=true']) {
      for (const headers of [bearer(provider.apiKey), {}]) {
        const res = await t.fetchJson(path, { headers });
        expect(res.status, res.text).toBe(404);
        expect(res.body).toEqual({
          error: 'Daemon download is not configured: set DCP_DAEMON_PATH to the daemon file this gateway serves',
          setting: 'DCP_DAEMON_PATH',
        });
      }
    }
  });

  it('answers the setup scripts with a JSON 404 naming DCP_PUBLIC_URL, and registration points at the relative path', async () => {
    const res = await t.fetchJson('/api/providers/download/setup?os=linux');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'Downloads are not configured: set DCP_PUBLIC_URL to the public base URL of this gateway', setting: 'DCP_PUBLIC_URL' });
    const reg = await t.fetchJson('/api/providers/register', {
      method: 'POST',
      json: { name: 'GPU Host', email: 'prod-provider@example.sa', gpu_model: 'RTX 4090', os: 'Windows 11' },
    });
    expect(reg.body.installer_url).toBe('/api/providers/download/setup?os=windows');
  });
});

describe('a gateway serving a daemon (DCP_DAEMON_PATH set, public URL taken from the request)', () => {
  let t: TestGateway;
  let provider: { id: number; apiKey: string };

  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_DAEMON_PATH: daemonPath, MIN_DAEMON_VERSION: '4.1.0' } });
    provider = await registerProvider(t);
  });
  afterAll(async () => t?.close());

  describe('GET /api/providers/download/daemon?check_only=true', () => {
    it('answers the file’s version, the minimum and an absolute download URL without any key', async () => {
      for (const headers of [bearer(provider.apiKey), { 'x-provider-key': provider.apiKey }]) {
        const res = await t.fetchJson('/api/providers/download/daemon?check_only=true', { headers });
        expect(res.status, res.text).toBe(200);
        expect(res.body).toEqual({ version: '4.3.0', min_version: '4.1.0', download_url: `${t.url}/api/providers/download/daemon` });
      }
      const legacy = await t.fetchJson(`/api/dc1/providers/download/daemon?check_only=true&key=${provider.apiKey}`);
      expect(legacy.status).toBe(200);
      expect(legacy.headers.get('deprecation')).toBe('true');
    });

    it('refuses a missing key (400), an unknown one (401) and a renter’s (401)', async () => {
      const renter = await registerRenter(t);
      expect(await t.fetchJson('/api/providers/download/daemon?check_only=true')).toMatchObject({ status: 400, body: { error: 'API key required' } });
      const unknown = await t.fetchJson('/api/providers/download/daemon?check_only=true', { headers: bearer('dcp-provider-0000') });
      expect(unknown).toMatchObject({ status: 401, body: { error: 'Invalid API key' } });
      const wrongKind = await t.fetchJson('/api/providers/download/daemon', { headers: bearer(renter.apiKey) });
      expect(wrongKind.status).toBe(401);
      expect(wrongKind.body.code).toBe('wrong_key_type');
    });

    it('reads the file once while it is unchanged, and again when it changes', async () => {
      const poll = () => t.fetchJson('/api/providers/download/daemon?check_only=true', { headers: bearer(provider.apiKey) });
      await poll();
      const before = distributedFileReads();
      for (let i = 0; i < 5; i += 1) expect((await poll()).body.version).toBe('4.3.0');
      expect(distributedFileReads()).toBe(before);
      try {
        await writeFile(daemonPath, fakeDaemon('4.4.0'));
        expect((await poll()).body.version).toBe('4.4.0');
        expect(distributedFileReads()).toBe(before + 1);
      } finally {
        await writeFile(daemonPath, fakeDaemon());
      }
    });
  });

  describe('GET /api/providers/download/daemon', () => {
    it('serves the file with this gateway’s URL and the caller’s key filled in, the HMAC secret empty, and a matching checksum', async () => {
      const res = await download(t, '/api/providers/download/daemon', bearer(provider.apiKey));
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/x-python; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="dcp_daemon.py"');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-checksum-sha256')).toBe(sha256(res.bytes));

      const expected = fakeDaemon()
        .replace('API_KEY = "{{API_KEY}}"', `API_KEY = "${provider.apiKey}"`)
        .replace('API_URL = "{{API_URL}}"', `API_URL = "${t.url}"`)
        .replace('HMAC_SECRET = "{{HMAC_SECRET}}"', 'HMAC_SECRET = ""')
        .replace('"https://api.dcp.sa/api/providers/download/daemon"', `"${t.url}/api/providers/download/daemon"`)
        .replace('"https://api.dcp.sa/installers/daemon"', `"${t.url}/installers/daemon"`)
        .replace('CANONICAL_API_BASE_URL = "https://api.dcp.sa"', `CANONICAL_API_BASE_URL = "${t.url}"`);
      // Everything else, the legacy INJECT_* checks and the non-ASCII bytes included, is sent as it is.
      expect(Buffer.from(res.bytes).equals(Buffer.from(expected, 'utf8'))).toBe(true);
      expect(res.text).not.toContain(t.gateway.domain.ctx.hmacSecret);
      expect(res.text).toContain('if API_KEY == "INJECT_KEY_HERE"');
    });

    it('gives the served daemon what it needs to verify task specs through /api/jobs/verify-hmac-local with its Bearer key', async () => {
      const renter = await registerRenter(t);
      const hb = await t.fetchJson('/api/providers/heartbeat', {
        method: 'POST',
        json: { api_key: provider.apiKey, gpu_status: { gpu_name: 'NVIDIA H100 80GB HBM3', gpu_vram_mib: 81_559, daemon_version: '4.3.0' } },
      });
      expect(hb.status, hb.text).toBe(200);
      const submit = await t.fetchJson('/api/jobs/submit', {
        method: 'POST',
        headers: { 'x-renter-key': renter.apiKey },
        json: { job_type: 'llm_inference', duration_minutes: 1, params: { model: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', prompt: 'hi' } },
      });
      expect(submit.status, submit.text).toBe(201);
      const claim = await t.fetchJson('/api/providers/jobs/next', { headers: bearer(provider.apiKey) });
      const job = claim.body.job;
      expect(job?.task_spec_hmac, claim.text).toMatch(/^[0-9a-f]{64}$/);

      const served = await download(t, '/api/providers/download/daemon', bearer(provider.apiKey));
      const daemon = join(dir, 'served_daemon.py');
      const spec = join(dir, 'task_spec.txt');
      await writeFile(daemon, served.bytes);
      await writeFile(spec, typeof job.task_spec === 'string' ? job.task_spec : JSON.stringify(job.task_spec));
      const genuine = await run('python3', [daemon, spec, job.task_spec_hmac]);
      expect(genuine.stdout.trim()).toBe('valid');
      const forged = `${job.task_spec_hmac.slice(0, 63)}${job.task_spec_hmac.endsWith('0') ? '1' : '0'}`;
      expect((await run('python3', [daemon, spec, forged])).stdout.trim()).toBe('invalid');
    });

    it('refuses to serve a file that carries the task-signing secret anywhere', async () => {
      try {
        await writeFile(daemonPath, fakeDaemon('4.3.0', `# leftover: ${t.gateway.domain.ctx.hmacSecret}`));
        const res = await t.fetchJson('/api/providers/download/daemon', { headers: bearer(provider.apiKey) });
        expect(res.status).toBe(503);
        expect(res.body.error).toMatch(/contains this gateway’s task-signing secret/);
        expect(res.text).not.toContain(t.gateway.domain.ctx.hmacSecret);
      } finally {
        await writeFile(daemonPath, fakeDaemon());
      }
    });

    it('is reached through the original’s aliases /daemon and /installers/daemon (302, query kept)', async () => {
      for (const alias of ['/daemon', '/installers/daemon']) {
        const res = await download(t, `${alias}?check_only=true`);
        expect(res.status).toBe(302);
        expect(res.headers.get('location')).toBe('/api/providers/download/daemon?check_only=true');
        const followed = await fetch(`${t.url}${alias}?check_only=true`, { headers: bearer(provider.apiKey) });
        expect(followed.status).toBe(200);
        expect((await followed.json()).version).toBe('4.3.0');
      }
    });

    it('announces the file’s version at GET /api/daemon/latest-version', async () => {
      const res = await t.fetchJson('/api/daemon/latest-version');
      expect(res.body).toEqual({ version: '4.3.0', download_url: `${t.url}/api/providers/download/daemon`, changelog: expect.any(String) });
    });
  });

  describe('setup scripts', () => {
    const cases: Array<[string, string]> = [
      ['/api/providers/download/setup?os=linux', 'dcp-setup-linux.sh'],
      ['/api/providers/download/setup', 'dcp-setup-linux.sh'],
      ['/api/providers/download/setup?os=Ubuntu%2022.04', 'dcp-setup-linux.sh'],
      ['/api/providers/download/setup?os=windows', 'dcp-setup-windows.ps1'],
      ['/api/providers/download/setup?os=Windows%2011', 'dcp-setup-windows.ps1'],
      ['/api/providers/download/setup?os=mac', 'dcp-setup-macos.sh'],
      ['/api/providers/download/setup?os=darwin', 'dcp-setup-macos.sh'],
      ['/api/dc1/providers/download/setup?os=macos', 'dcp-setup-macos.sh'],
      ['/api/providers/download?platform=mac', 'dcp-setup-macos.sh'],
      ['/api/providers/setup', 'dcp-setup-linux.sh'],
      ['/api/providers/setup-windows', 'dcp-setup-windows.ps1'],
      ['/api/providers/daemon/linux', 'dcp-setup-linux.sh'],
      ['/api/providers/install', 'dcp-setup-linux.sh'],
      ['/api/providers/install.sh', 'dcp-setup-linux.sh'],
    ];

    it.each(cases)('%s serves %s with this gateway’s URL, a checksum, and no key', async (path, fileName) => {
      const res = await download(t, path);
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${fileName}"`);
      expect(res.headers.get('x-checksum-sha256')).toBe(sha256(res.bytes));
      expect(res.text).toContain(`'${t.url}'`);
      expect(res.text).not.toContain('__DCP_PUBLIC_URL__');
      expect(res.text).not.toMatch(/(dcp|dc1)-provider-[0-9a-f]{8}/);
      expect(res.text).not.toContain(t.gateway.domain.ctx.hmacSecret);
      // Plain ASCII: Windows PowerShell 5.1 reads a script without a byte-order mark in the ANSI code page.
      expect(/^[\x09\x0a\x0d\x20-\x7e]*$/.test(res.text)).toBe(true);
    });

    it('refuses an unknown os with a 400 naming the field', async () => {
      const res = await t.fetchJson('/api/providers/download/setup?os=plan9');
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'os', message: 'os must be one of linux, windows, mac' }]);
      const platform = await t.fetchJson('/api/providers/download?platform=amiga');
      expect(platform.body.fields).toEqual([{ field: 'platform', message: 'platform must be one of linux, windows, mac' }]);
    });

    it('points the packaged-installer routes at the scripts', async () => {
      const res = await t.fetchJson('/api/providers/installer?os=Windows');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: 'Installer not yet built', setup_url: `${t.url}/api/providers/download/setup?os=windows` });
    });

    it('the Linux and macOS scripts pass bash -n', async () => {
      for (const os of ['linux', 'mac']) {
        const file = join(dir, `setup-${os}.sh`);
        await writeFile(file, (await download(t, `/api/providers/download/setup?os=${os}`)).bytes);
        await expect(run('bash', ['-n', file])).resolves.toBeDefined();
      }
    });

    it('the Windows script parses (with pwsh when installed, else a delimiter check)', async () => {
      const source = (await download(t, '/api/providers/download/setup?os=windows')).text;
      const pwsh = await run('sh', ['-c', 'command -v pwsh']).then((r) => r.stdout.trim()).catch(() => '');
      if (pwsh) {
        const file = join(dir, 'setup-windows.ps1');
        await writeFile(file, source);
        const parse = `$e = $null; [void][System.Management.Automation.Language.Parser]::ParseFile('${file}', [ref]$null, [ref]$e); if ($e.Count) { $e | Out-String; exit 1 }`;
        await expect(run(pwsh, ['-NoProfile', '-Command', parse])).resolves.toBeDefined();
      } else {
        expect(powershellDelimiterProblem(source)).toBeUndefined();
        // The check itself catches what it is for.
        expect(powershellDelimiterProblem(source.replace('if ($key -notmatch', 'if (($key -notmatch'))).toMatch(/unclosed|unbalanced/);
      }
      for (const name of [...source.matchAll(/^function ([\w-]+)/gm)].map((m) => m[1])) {
        expect(source.split(name).length, `${name} is defined and used`).toBeGreaterThan(2);
      }
      expect(source).toContain("Authorization = \"Bearer $Key\"");
      expect(source).toContain('Get-FileHash -Algorithm SHA256');
    });

    it('the Linux script installs the daemon it verified, without the key ever on a command line', async () => {
      const work = await mkdtemp(join(dir, 'linux-setup-'));
      const realCurl = (await run('sh', ['-c', 'command -v curl'])).stdout.trim();
      const { bin, curlArgsLog } = await instrumentedBin(work, realCurl);
      const script = join(work, 'dcp-setup.sh');
      await writeFile(script, (await download(t, '/api/providers/download/setup?os=linux')).bytes);
      const keyFile = join(work, 'key');
      await writeFile(keyFile, `${provider.apiKey}\n`, { mode: 0o600 });
      const installDir = join(work, 'install');

      const result = await run('bash', [script], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, DCP_PROVIDER_KEY_FILE: keyFile, DCP_INSTALL_DIR: installDir, DCP_PROVIDER_KEY: '' },
      });
      expect(result.stderr).toContain('Checksum verified');
      const installed = join(installDir, 'dcp_daemon.py');
      expect((await stat(installed)).mode & 0o777).toBe(0o600);
      const content = await readFile(installed, 'utf8');
      expect(content).toContain(`API_KEY = "${provider.apiKey}"`);
      expect(content).toContain(`API_URL = "${t.url}"`);
      expect(content).toContain('HMAC_SECRET = ""');
      const curlArgs = await readFile(curlArgsLog, 'utf8');
      expect(curlArgs).toContain('/api/providers/download/daemon');
      expect(curlArgs).not.toContain(provider.apiKey);
    });

    it('the Linux script stops with the gateway’s answer and installs nothing when the key is refused', async () => {
      const work = await mkdtemp(join(dir, 'linux-refused-'));
      const realCurl = (await run('sh', ['-c', 'command -v curl'])).stdout.trim();
      const { bin } = await instrumentedBin(work, realCurl);
      const script = join(work, 'dcp-setup.sh');
      await writeFile(script, (await download(t, '/api/providers/download/setup?os=linux')).bytes);
      const keyFile = join(work, 'key');
      await writeFile(keyFile, 'dcp-provider-00000000000000000000000000000000\n', { mode: 0o600 });
      const installDir = join(work, 'install');
      const failure = await run('bash', [script], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, DCP_PROVIDER_KEY_FILE: keyFile, DCP_INSTALL_DIR: installDir },
      }).catch((err: { code: number; stderr: string }) => err);
      expect('code' in failure && failure.code).toBe(1);
      // The gateway's JSON error, as it answered it (its request_id included).
      expect(failure.stderr).toMatch(/the gateway answered 401: \{"error":"Invalid API key","request_id":"[0-9a-f-]{36}"\}/);
      await expect(stat(installDir)).rejects.toThrow();
    });
  });

  describe('provider registration', () => {
    it('returns an installer_url on this gateway, without the key, that answers the setup script', async () => {
      for (const [os, script] of [
        ['Linux', 'dcp-setup-linux.sh'],
        ['windows', 'dcp-setup-windows.ps1'],
        ['macOS', 'dcp-setup-macos.sh'],
      ]) {
        const res = await t.fetchJson('/api/providers/register', {
          method: 'POST',
          json: { name: 'GPU Host', email: `installer-${os}@example.sa`, gpu_model: 'RTX 4090', os },
        });
        expect(res.status, res.text).toBe(200);
        const url: string = res.body.installer_url;
        expect(url.startsWith(`${t.url}/api/providers/download/setup?os=`)).toBe(true);
        expect(url).not.toContain(res.body.api_key);
        const setup = await fetch(url);
        expect(setup.status).toBe(200);
        expect(setup.headers.get('content-disposition')).toContain(script);
      }
    });
  });
});

describe('a gateway with DCP_PUBLIC_URL', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { DCP_DAEMON_PATH: daemonPath, DCP_PUBLIC_URL: 'https://gateway.example.sa/' } });
  });
  afterAll(async () => t?.close());

  it('writes that URL (without the trailing slash) into the daemon, its version answer and the scripts', async () => {
    const provider = await registerProvider(t);
    const release = await t.fetchJson('/api/providers/download/daemon?check_only=true', { headers: bearer(provider.apiKey) });
    expect(release.body.download_url).toBe('https://gateway.example.sa/api/providers/download/daemon');
    const daemon = await download(t, '/api/providers/download/daemon', bearer(provider.apiKey));
    expect(daemon.text).toContain('API_URL = "https://gateway.example.sa"');
    expect(daemon.text).toContain('CANONICAL_UPDATE_ENDPOINT = "https://gateway.example.sa/api/providers/download/daemon"');
    const script = await download(t, '/api/providers/download/setup?os=windows');
    expect(script.text).toContain("$DcpApiUrl = 'https://gateway.example.sa'");
  });
});

describe('DCP_PUBLIC_URL', () => {
  it('refuses at start-up a value that could not be written into a script as it is', () => {
    for (const bad of ["https://gw.example.sa/'$(id)", 'ftp://gw.example.sa', 'https://user:pw@gw.example.sa', 'https://gw.example.sa/?a=1', 'gw.example.sa']) {
      expect(() => loadConfig({ DCP_PUBLIC_URL: bad }), bad).toThrow(/DCP_PUBLIC_URL/);
    }
    expect(loadConfig({ DCP_PUBLIC_URL: 'https://gw.example.sa:8443/dcp/' }).distribution.publicUrl).toBe('https://gw.example.sa:8443/dcp');
  });
});
