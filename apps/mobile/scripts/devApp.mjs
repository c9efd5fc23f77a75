// `npm run dev:app`: the app's web build, signed in through the local stack, no account needed.
// It serves the E2E export (the local demo client, labelled "Local demo" on every screen) on
// http://127.0.0.1:4317, beside a fresh `npm run dev` API stack whose sign-in emails link back
// here; the SMTP sink prints each link in this terminal. Data persists in <repo>/.data.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startE2eServer } from '../e2e/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const exportDir = path.resolve(here, '../dist-e2e');
const APP_PORT = 4317; // baked into the export by `npm run build:e2e`
const API_PORT = Number(process.env.PORT ?? 3000);
const CLERK_PORT = Number(process.env.CLERK_EMULATOR_PORT ?? 4010);
const appUrl = `http://127.0.0.1:${APP_PORT}`;

if (!existsSync(path.join(exportDir, 'index.html'))) {
  console.error('No demo build in apps/mobile/dist-e2e: run `npm run dev:app` (it builds first).');
  process.exit(1);
}

const stack = spawn('npm', ['run', 'dev', '-w', '@assetra/api'], {
  cwd: repoRoot,
  detached: true, // its own process group, so stopping the demo stops npm → tsx → servers
  stdio: ['ignore', 'pipe', 'inherit'],
  env: {
    ...process.env,
    PORT: String(API_PORT),
    CLERK_EMULATOR_PORT: String(CLERK_PORT),
    EMAIL_LINK_URL: `${appUrl}/auth/email-link`,
    // Quiet request logs, so the printed sign-in links stand out.
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
});

// The stack's output is passed through (it carries the sign-in links); its banner, printed once
// the API is ready, is where ours goes after, so it is the last thing on screen.
let stackReady = false;
stack.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (String(chunk).includes('Assetra is running.')) stackReady = true;
});

async function waitForApi(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stack.exitCode !== null) throw new Error('the API dev stack exited; see its output above');
    if (stackReady) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not answer on port ${API_PORT} within ${timeoutMs / 1000} s`);
}

const stop = (code) => {
  try {
    process.kill(-stack.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  process.exit(code);
};
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

try {
  await waitForApi(120_000);
} catch (error) {
  console.error(String(error));
  stop(1);
}
await startE2eServer({
  port: APP_PORT,
  root: exportDir,
  apiUrl: `http://127.0.0.1:${API_PORT}`,
  clerkUrl: `http://127.0.0.1:${CLERK_PORT}`,
});
console.log(`
Assetra local demo: ${appUrl}
  Sign in with "Email me a sign-in link": the link appears in this terminal ("Sign-in email to …").
  Open it in the same browser tab. The 6-digit code, for code sign-in and for confirming a
  deletion, is 424242. Accounts live in the local stand-in only. Stop with Ctrl+C.
`);
