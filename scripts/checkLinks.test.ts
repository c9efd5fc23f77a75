import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findBrokenLinks } from './checkLinks.js';

let root: string | undefined;

afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

/** A repository in a temp dir (committed fixtures would be checked by the real run). */
async function repository(files: Record<string, string>): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'assetra-links-'));
  root = parent;
  const repo = join(parent, 'repo');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  }
  // Beside the repository, as shared/ sits beside a clone: present here, absent elsewhere.
  await writeFile(join(parent, 'outside.md'), '# Outside\n');
  return repo;
}

describe('findBrokenLinks', () => {
  it('reports a missing file, a missing heading and a path out of the repository', async () => {
    const repo = await repository({
      'README.md': [
        '# Guide',
        '[gone](docs/gone.md)',
        '[no heading](docs/setup.md#deploy)',
        '[no own heading](#usage)',
        '[beside the clone](../outside.md)',
        '[defined]: ./missing.png',
      ].join('\n\n'),
      'docs/setup.md': '# Setup\n',
    });

    const broken = findBrokenLinks(repo);

    expect(broken).toEqual([
      { file: 'README.md', line: 3, url: 'docs/gone.md', reason: 'no such file' },
      { file: 'README.md', line: 5, url: 'docs/setup.md#deploy', reason: 'no such heading' },
      { file: 'README.md', line: 7, url: '#usage', reason: 'no such heading' },
      { file: 'README.md', line: 9, url: '../outside.md', reason: 'outside the repository' },
      { file: 'README.md', line: 11, url: './missing.png', reason: 'no such file' },
    ]);
  });

  it('accepts files, headings as GitHub names them, root-relative paths and web links', async () => {
    const repo = await repository({
      'README.md': [
        '# Guide',
        '## Run the API (locally)',
        '[setup](docs/setup.md) [deploy](docs/setup.md#deploy-to-production) [run](#run-the-api-locally)',
        '[from the root](/docs/setup.md) [folder](docs) [site](https://example.com/x.md) [mail](mailto:a@b.c)',
        '`[in code](nowhere.md)`',
        '```\n[in a block](nowhere.md)\n```',
      ].join('\n\n'),
      'docs/setup.md': '# Setup\n\n## Deploy to production\n\n[back](../README.md#guide)\n',
    });

    const broken = findBrokenLinks(repo);

    expect(broken).toEqual([]);
  });

  it('skips node_modules and dot-directories', async () => {
    const repo = await repository({
      'README.md': '# Guide\n',
      'node_modules/pkg/README.md': '[gone](gone.md)\n',
      '.github/notes.md': '[gone](gone.md)\n',
    });

    const broken = findBrokenLinks(repo);

    expect(broken).toEqual([]);
  });
});
