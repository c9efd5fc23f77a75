import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../../..');
const READS_ENV = 'export const port = process.env.PORT;\n';
const RULE = 'no-restricted-properties';

/**
 * The repository's own ESLint configuration, run for the one rule under test. That rule needs
 * no type information, so the parser is not given the TypeScript projects (building them costs
 * ~20 s of CPU and proves nothing here).
 */
async function ruleIds(cwd: string, file: string, code: string): Promise<(string | null)[]> {
  const eslint = new ESLint({
    cwd,
    ruleFilter: ({ ruleId }) => ruleId === RULE,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: join(cwd, file) });
  const fatal = result?.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`ESLint could not parse ${file}: ${fatal.message}`);
  return (result?.messages ?? []).map((message) => message.ruleId);
}

describe('process.env outside config.ts', () => {
  // Existing files, linted with other text: type-aware linting needs files its projects know.
  it('is an error in the API sources', async () => {
    const ids = await ruleIds(ROOT, 'apps/api/src/routes/health.ts', READS_ENV);

    expect(ids).toContain(RULE);
  });

  it('is an error in the API sources when destructured', async () => {
    const ids = await ruleIds(ROOT, 'apps/api/src/errors.ts', 'export const { env } = process;\n');

    expect(ids).toContain(RULE);
  });

  it('is allowed in the API config.ts, tests and scripts', async () => {
    const allowed = [
      'apps/api/src/config.ts',
      'apps/api/test/server/config.test.ts',
      'apps/api/scripts/dev.ts',
    ];

    const ids = await Promise.all(allowed.map((file) => ruleIds(ROOT, file, READS_ENV)));

    expect(ids.flat()).not.toContain(RULE);
  });

  it('is an error in the mobile app outside its src/config.ts', async () => {
    const mobile = join(ROOT, 'apps/mobile');

    const screen = await ruleIds(mobile, 'src/services/sessionEnd.ts', READS_ENV);
    const config = await ruleIds(mobile, 'src/config.ts', READS_ENV);

    expect(screen).toContain(RULE);
    expect(config).not.toContain(RULE);
  });
});

describe('the import rules of .dependency-cruiser.mjs', () => {
  let config: IConfiguration;
  const fixtures: string[] = [];

  /** Writes the files into a fresh directory and cruises it with the repository's rules. */
  async function violations(files: Record<string, string>): Promise<string[]> {
    const dir = await mkdtemp(join(tmpdir(), 'assetra-cruise-'));
    fixtures.push(dir);
    for (const [file, code] of Object.entries(files)) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), code);
    }
    const { output } = await cruise(['.'], {
      ...config.options,
      baseDir: dir,
      validate: true,
      ruleSet: { forbidden: config.forbidden ?? [] },
    });
    return (output as ICruiseResult).summary.violations.map(
      (violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`,
    );
  }

  beforeAll(async () => {
    const url = pathToFileURL(join(ROOT, '.dependency-cruiser.mjs')).href;
    config = ((await import(url)) as { default: IConfiguration }).default;
  });

  afterAll(async () => {
    await Promise.all(fixtures.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('reports a cycle made of type-only imports', async () => {
    const found = await violations({
      'a.ts': "import type { B } from './b.js';\nexport type A = { b: B };\n",
      'b.ts': "import type { A } from './a.js';\nexport type B = { a?: A };\n",
    });

    expect(found).toContain('no-circular: a.ts → b.ts');
  });

  it('reports a service that imports middleware, and a store that imports a service', async () => {
    const found = await violations({
      'apps/api/src/middleware/auth.ts': 'export type Session = { id: string };\n',
      'apps/api/src/services/tokens.ts':
        "import type { Session } from '../middleware/auth.js';\nexport type Cached = { session: Session };\n",
      'apps/api/src/store/rows.ts':
        "import type { Cached } from '../services/tokens.js';\nexport type Row = { cached: Cached };\n",
    });

    expect(found).toEqual([
      'services-below-http: apps/api/src/services/tokens.ts → apps/api/src/middleware/auth.ts',
      'store-below-services: apps/api/src/store/rows.ts → apps/api/src/services/tokens.ts',
    ]);
  });

  it('accepts imports that only go down the layers', async () => {
    const found = await violations({
      'apps/api/src/routes/me.ts':
        "import type { Req } from '../middleware/auth.js';\nexport type Route = { req: Req };\n",
      'apps/api/src/middleware/auth.ts':
        "import type { Session } from '../services/session.js';\nexport type Req = { user: Session };\n",
      'apps/api/src/services/session.ts':
        "import type { Row } from '../store/rows.js';\nexport type Session = { row: Row };\n",
      'apps/api/src/store/rows.ts': 'export type Row = { id: string };\n',
    });

    expect(found).toEqual([]);
  });
});
