import { spawnSync } from 'node:child_process';
import path from 'node:path';

const appRoot = path.resolve(__dirname, '../..');
// eslint's `exports` hide its bin; its main entry is lib/api.js.
const eslintBin = path.join(path.dirname(require.resolve('eslint')), '../bin/eslint.js');

function lint(source: string): { status: number | null; output: string } {
  // A .js probe: the rule is part of every file's config, and .js skips type-aware parsing.
  const result = spawnSync(
    process.execPath,
    [eslintBin, '--stdin', '--stdin-filename', 'src/probe.js'],
    { cwd: appRoot, input: source, encoding: 'utf8' },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('lint rules', () => {
  it('forbids importing AsyncStorage anywhere in the app', () => {
    const result = lint("import AsyncStorage from '@react-native-async-storage/async-storage';\n");

    expect(result.status).toBe(1);
    expect(result.output).toMatch(/no-restricted-imports/);
  }, 30_000);
});
