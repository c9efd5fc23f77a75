import { fileURLToPath } from 'node:url';

/**
 * The drizzle-kit migrations folder (apps/api/drizzle). Resolved from this module so that both
 * `src/` (tsx, vitest) and the compiled `dist/`, which sit at the same depth, find it.
 */
export const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));
