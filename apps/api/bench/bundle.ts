import { build, type Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * The servers and the load generator run as plain `node` processes, as production runs the
 * compiled API: under tsx each would carry its module-loader thread (~80 MB of RSS) and its
 * hooks' CPU. esbuild (tsx's own compiler) bundles our TypeScript, workspace packages included
 * through their `@assetra/source` condition; every npm package stays an ordinary import.
 *
 * The output goes to node_modules/.cache (ignored by git, eslint and prettier), three
 * directories below apps/api like src/store/sql/migrations.ts, whose `../../../drizzle` must
 * still find the migrations.
 */
export const BUNDLE_DIR = fileURLToPath(
  new URL('../node_modules/.cache/assetra-bench/', import.meta.url),
);

const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@assetra/') ? undefined : { path: args.path, external: true },
    );
  },
};

export async function bundleChildren(): Promise<void> {
  await build({
    entryPoints: [
      fileURLToPath(new URL('./server.ts', import.meta.url)),
      fileURLToPath(new URL('./load.ts', import.meta.url)),
    ],
    outdir: BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@assetra/source'],
    plugins: [npmPackagesExternal],
    logLevel: 'warning',
  });
}
