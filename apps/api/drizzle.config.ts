import { defineConfig } from 'drizzle-kit';

// Generates versioned SQL migrations from the schema; the API applies them at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/sql/schema.ts',
  out: './drizzle',
  strict: true,
});
