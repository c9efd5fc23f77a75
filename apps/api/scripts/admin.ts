/**
 * Operator commands, configured by the same environment as the API:
 * `npm run admin -w @assetra/api -- user show|disable|enable|events …`. Exit status 0 on
 * success, 1 with one line on stderr on failure. Prints no secret (no key, no connection string).
 */
import { AdminError, runAdmin } from '../src/admin/commands.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { createClerkGateway } from '../src/services/clerk.js';
import { openStore } from '../src/store/index.js';
import { DatabaseUnavailableError, type Store } from '../src/store/port.js';

function failure(error: unknown): string {
  if (error instanceof AdminError) return error.message;
  if (error instanceof ConfigError) return `configuration: ${error.problems.join('; ')}`;
  if (error instanceof DatabaseUnavailableError) return 'the database did not answer';
  // Anything else may quote a driver's message: say what failed, not what it said.
  return `unexpected failure (${error instanceof Error ? error.name : typeof error})`;
}

let store: Store | undefined;
let status = 0;
try {
  const config = loadConfig(process.env);
  store = await openStore(config.databaseUrl);
  const clerk = createClerkGateway({
    apiUrl: config.clerk.apiUrl,
    secretKey: config.clerk.secretKey,
  });
  await runAdmin(
    {
      store,
      clerk,
      print: (line) => {
        process.stdout.write(`${line}\n`);
      },
    },
    process.argv.slice(2),
  );
} catch (error) {
  process.stderr.write(`admin: ${failure(error)}\n`);
  status = 1;
} finally {
  await store?.close().catch(() => undefined);
}
process.exit(status);
