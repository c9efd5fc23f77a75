import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { findBrokenLinks } from './checkLinks.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

it('has no Markdown link that a fresh clone of the repository cannot follow', () => {
  const broken = findBrokenLinks(repositoryRoot);

  expect(broken).toEqual([]);
});
