import { execFile } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A stand-in for the operator's daemon file, shaped like the original daemon v4 where it matters here:
 * its configuration lines (placeholders the gateway fills in or empties), the legacy INJECT_* checks that
 * must stay untouched, the hard-coded hosts, a non-ASCII byte sequence, and the HMAC check: without a
 * secret it asks GET /api/jobs/verify-hmac-local with its Bearer key, as the real daemon does. Run as
 * `python3 daemon.py <task spec file> <hmac>`, it prints `valid` or `invalid`.
 */
export function fakeDaemon(version = '4.3.0', extra = ''): string {
  return `#!/usr/bin/env python3
"""
DCP Provider Daemon v${version} (test stand-in) - caf\u00e9
"""
import hashlib
import hmac
import json
import sys
import urllib.request

API_KEY = "{{API_KEY}}"
API_URL = "{{API_URL}}"
HMAC_SECRET = "{{HMAC_SECRET}}"

DAEMON_VERSION = "${version}"
CANONICAL_UPDATE_ENDPOINT = "https://api.dcp.sa/api/providers/download/daemon"
CANONICAL_INSTALLER_DOWNLOAD_URL = "https://api.dcp.sa/installers/daemon"
CANONICAL_API_BASE_URL = "https://api.dcp.sa"
${extra}

def verify_task_spec_hmac(task_spec, expected_hmac):
    # Without an injected secret, ask the gateway whether the signature is one it issued.
    if HMAC_SECRET in ("{{HMAC_SECRET}}", "", None):
        request = urllib.request.Request(
            API_URL + "/api/jobs/verify-hmac-local?hmac=" + expected_hmac,
            headers={"Authorization": "Bearer " + API_KEY},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status == 200 and json.load(response).get("valid") is True
    computed = hmac.new(HMAC_SECRET.encode("utf-8"), task_spec.encode("utf-8"), hashlib.sha256).hexdigest()
    return hmac.compare_digest(computed, expected_hmac)


def main():
    if API_KEY == "INJECT_KEY_HERE" or not API_KEY:
        sys.exit("No API key configured")
    if API_URL == "INJECT_URL_HERE" or not API_URL:
        sys.exit("No API URL configured")
    with open(sys.argv[1], encoding="utf-8") as spec:
        task_spec = spec.read()
    print("valid" if verify_task_spec_hmac(task_spec, sys.argv[2]) else "invalid")


if __name__ == "__main__":
    main()
`;
}

export const run = promisify(execFile);

/**
 * A bin directory to put first on PATH for the setup script: `systemctl` that is not there (so nothing is
 * installed as a service) and a `curl` that records its arguments before running the real one.
 */
export async function instrumentedBin(dir: string, realCurl: string): Promise<{ bin: string; curlArgsLog: string }> {
  const bin = join(dir, 'bin');
  const curlArgsLog = join(dir, 'curl-args.log');
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, 'systemctl'), '#!/bin/sh\nexit 1\n');
  await writeFile(join(bin, 'curl'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${curlArgsLog}'\nexec '${realCurl}' "$@"\n`);
  await chmod(join(bin, 'systemctl'), 0o755);
  await chmod(join(bin, 'curl'), 0o755);
  return { bin, curlArgsLog };
}

/**
 * A parse-level check of a PowerShell script for when no PowerShell is installed: delimiters balance
 * outside strings and comments (single-quoted with '' escapes, double-quoted with backtick escapes,
 * # and <# #> comments). Returns the first problem, or undefined.
 */
export function powershellDelimiterProblem(source: string): string | undefined {
  const closing: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  const stack: Array<{ ch: string; line: number }> = [];
  let line = 1;
  for (let i = 0; i < source.length; i += 1) {
    const ch = source[i];
    if (ch === '\n') line += 1;
    else if (ch === '#' ) {
      while (i + 1 < source.length && source[i + 1] !== '\n') i += 1;
    } else if (ch === '<' && source[i + 1] === '#') {
      const end = source.indexOf('#>', i + 2);
      if (end < 0) return `unterminated block comment at line ${line}`;
      line += source.slice(i, end).split('\n').length - 1;
      i = end + 1;
    } else if (ch === "'") {
      const start = line;
      for (i += 1; ; i += 1) {
        if (i >= source.length) return `unterminated '-string from line ${start}`;
        if (source[i] === '\n') line += 1;
        if (source[i] === "'" && source[i + 1] === "'") i += 1;
        else if (source[i] === "'") break;
      }
    } else if (ch === '"') {
      const start = line;
      for (i += 1; ; i += 1) {
        if (i >= source.length) return `unterminated "-string from line ${start}`;
        if (source[i] === '\n') line += 1;
        if (source[i] === '`') i += 1;
        else if (source[i] === '"' && source[i + 1] === '"') i += 1;
        else if (source[i] === '"') break;
      }
    } else if (ch === '`') {
      i += 1;
    } else if ('({['.includes(ch)) {
      stack.push({ ch, line });
    } else if (ch in closing) {
      const open = stack.pop();
      if (open?.ch !== closing[ch]) return `unbalanced ${ch} at line ${line}`;
    }
  }
  const open = stack.pop();
  return open ? `unclosed ${open.ch} from line ${open.line}` : undefined;
}
