import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The documentation is the project's own record: its links and the source comments that point into it must
 * not rot, and nothing may lean on documents outside the repository.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const docsDir = join(root, 'docs');
const markdownFiles = ['README.md', 'CHANGELOG.md', ...readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)].filter((f) =>
  existsSync(join(root, f)),
);

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Text outside fenced code blocks and inline code, where links are links. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

const anchorCache = new Map<string, Set<string>>();
/** Every anchor a markdown file offers: its headings' slugs (numbered when repeated) and explicit ids. */
function anchorsOf(file: string): Set<string> {
  const cached = anchorCache.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const [, id] of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id);
  anchorCache.set(file, anchors);
  return anchors;
}

/** Where a link points, as a problem description, or undefined when it resolves. */
function brokenTarget(fromFile: string, target: string): string | undefined {
  const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
  const file = pathPart === '' ? fromFile : resolve(dirname(fromFile), decodeURI(pathPart));
  if (!existsSync(file)) return `${target}: no such file`;
  if (anchor === undefined) return undefined;
  if (!file.endsWith('.md') || statSync(file).isDirectory()) return `${target}: anchor on a file that is not markdown`;
  return anchorsOf(file).has(anchor) ? undefined : `${target}: no heading or id "${anchor}" in ${relative(root, file)}`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' || entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('documentation links', () => {
  it('finds the pages it checks', () => {
    expect(markdownFiles).toContain('README.md');
    expect(markdownFiles).toContain('docs/decisions.md');
    expect(markdownFiles).toContain('docs/operations.md');
  });

  it.each(markdownFiles)('every relative link in %s points to an existing file and anchor', (name) => {
    const file = join(root, name);
    const problems: string[] = [];
    for (const [, target] of prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const problem = brokenTarget(file, target);
      if (problem) problems.push(problem);
    }
    expect(problems).toEqual([]);
  });

  it('every docs/ page a source or test comment names exists, with the anchor it names', () => {
    const problems: string[] = [];
    for (const file of [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'test'))]) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/\bdocs\/([\w.-]+\.md(?:#[\w-]+)?)/g)) {
        const problem = brokenTarget(join(docsDir, 'index'), target);
        if (problem) problems.push(`${relative(root, file)}: docs/${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the repository stands on its own', () => {
  it('no source file refers to documents outside the repository', () => {
    const offenders = sourceFiles(join(root, 'src')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return ['DECISIONS.md', '../shared', 'rest-contract'].filter((needle) => text.includes(needle)).map((needle) => `${relative(root, file)}: ${needle}`);
    });
    expect(offenders).toEqual([]);
  });
});
