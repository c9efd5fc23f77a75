import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import type { Nodes } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';

/** A link that would not resolve in a fresh clone. `file` is relative to the root. */
export type BrokenLink = { file: string; line: number; url: string; reason: string };

/** Every *.md file under `root`, skipping node_modules and dot-directories (.git, .expo…). */
export function markdownFiles(root: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
        found.push(...markdownFiles(path));
      }
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) {
      found.push(path);
    }
  }
  return found.sort();
}

type Target = { url: string; line: number };

/** Links, images and reference definitions: the parser leaves code spans and blocks out. */
function targetsOf(tree: Nodes, found: Target[] = []): Target[] {
  if (tree.type === 'link' || tree.type === 'image' || tree.type === 'definition') {
    found.push({ url: tree.url, line: tree.position?.start.line ?? 0 });
  }
  if ('children' in tree) for (const child of tree.children) targetsOf(child, found);
  return found;
}

/** The anchors GitHub gives a Markdown file's headings. */
function headingAnchors(tree: Nodes): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  const visit = (node: Nodes) => {
    if (node.type === 'heading') anchors.add(slugger.slug(plainText(node)));
    if ('children' in node) node.children.forEach(visit);
  };
  visit(tree);
  return anchors;
}

function plainText(node: Nodes): string {
  if ('value' in node && node.type !== 'html') return node.value;
  return 'children' in node ? node.children.map(plainText).join('') : '';
}

const parse = (path: string) => fromMarkdown(readFileSync(path, 'utf8'));

/** Why `url`, written in `file`, would not resolve in a clone of `root`; undefined if it does. */
function problemWith(root: string, file: string, url: string, own: () => Set<string>) {
  // A scheme (https:, mailto:) or `//host`: outside this check, which works offline.
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return undefined;
  const [rawPath = '', rawAnchor] = url.split('#', 2);
  const path = safeDecode(rawPath.split('?')[0] ?? '');
  const anchor = rawAnchor && safeDecode(rawAnchor).toLowerCase();
  if (path === '') return anchor && !own().has(anchor) ? 'no such heading' : undefined;
  // GitHub reads `/x` as the repository's root, not the file system's.
  const target = path.startsWith('/') ? join(root, path) : resolve(dirname(file), path);
  const inside = relative(root, target);
  if (inside.startsWith('..') || isAbsolute(inside)) return 'outside the repository';
  if (!existsSync(target)) return 'no such file';
  if (!anchor || !target.endsWith('.md') || !statSync(target).isFile()) return undefined;
  return headingAnchors(parse(target)).has(anchor) ? undefined : 'no such heading';
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Every link in `root`'s Markdown that points at a missing file or heading, or out of `root`. */
export function findBrokenLinks(root: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of markdownFiles(root)) {
    const tree = parse(file);
    let own: Set<string> | undefined;
    for (const { url, line } of targetsOf(tree)) {
      const reason = problemWith(root, file, url, () => (own ??= headingAnchors(tree)));
      if (reason)
        broken.push({ file: relative(root, file).split(sep).join('/'), line, url, reason });
    }
  }
  return broken;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const broken = findBrokenLinks(root);
  for (const link of broken)
    console.error(`${link.file}:${link.line} ${link.url} (${link.reason})`);
  process.exitCode = broken.length === 0 ? 0 : 1;
}
