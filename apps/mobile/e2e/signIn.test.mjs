// Real-browser end-to-end test: the E2E web export (Clerk's client SDK swapped for a double that
// signs in through the local Clerk stand-in), served locally, driven by playwright-core in Debian's
// Chromium, against the real API in dev mode (`npm run dev -w @assetra/api`, embedded database).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startE2eServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const exportDir = path.resolve(here, '../dist-e2e');
const artifacts = path.resolve(here, 'artifacts');
const E2E_PORT = 4317; // baked into the export by `npm run build:e2e`
const API_PORT = 4318;
const CLERK_PORT = 4319;
const EMAIL = `e2e-${Date.now()}@assetra.test`;
const LINK_EMAIL = `e2e-link-${Date.now()}@assetra.test`;
// The API's sign-in emails point at this export's own route; the dev stack's SMTP sink prints them.
const EMAIL_LINK_URL = `http://127.0.0.1:${E2E_PORT}/auth/email-link`;

let stack;
let stackLog = '';
let server;
let browser;
let dataDir;

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

before(async () => {
  assert.ok(existsSync(path.join(exportDir, 'index.html')), 'run npm run build:e2e first');
  mkdirSync(artifacts, { recursive: true });
  dataDir = mkdtempSync(path.join(tmpdir(), 'assetra-e2e-'));
  stack = spawn('npm', ['run', 'dev', '-w', '@assetra/api'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(API_PORT),
      CLERK_EMULATOR_PORT: String(CLERK_PORT),
      SMTP_SINK_PORT: '0',
      EMAIL_LINK_URL,
      ASSETRA_DEV_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
  });
  stack.stdout.on('data', (chunk) => (stackLog += chunk));
  stack.stderr.on('data', (chunk) => (stackLog += chunk));
  try {
    await waitFor(`http://127.0.0.1:${API_PORT}/readyz`, 90_000);
  } catch (error) {
    throw new Error(`the API dev stack did not start:\n${stackLog}`, { cause: error });
  }
  server = await startE2eServer({
    port: E2E_PORT,
    root: exportDir,
    apiUrl: `http://127.0.0.1:${API_PORT}`,
    clerkUrl: `http://127.0.0.1:${CLERK_PORT}`,
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

/**
 * The link in the sign-in email to `to`, as the dev stack's in-process SMTP sink
 * (apps/api/scripts/smtpSink.ts) received it and printed it: "Sign-in email to <to>:\n  <link>".
 */
async function emailedLink(to, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  const escaped = to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`Sign-in email to ${escaped}:\\n\\s+(\\S+)`);
  while (Date.now() < deadline) {
    const link = pattern.exec(stackLog)?.[1];
    if (link) return link;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no sign-in email to ${to} within ${timeoutMs} ms`);
}

async function apiAs(email, path) {
  const minted = await fetch(`http://127.0.0.1:${CLERK_PORT}/__dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  }).then((r) => r.json());
  return fetch(`http://127.0.0.1:${API_PORT}${path}`, {
    headers: { authorization: `Bearer ${minted.jwt}` },
  }).then((r) => r.json());
}

after(async () => {
  await browser?.close();
  await server?.close();
  if (stack?.pid) {
    try {
      process.kill(-stack.pid, 'SIGTERM'); // the npm → tsx process group this test started
    } catch {
      // already gone
    }
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the E2E export carries the Clerk double (and the production export does not)', () => {
  const bundles = (dir) =>
    readdirSync(path.join(dir, '_expo/static/js/web')).map((f) =>
      readFileSync(path.join(dir, '_expo/static/js/web', f), 'utf8'),
    );
  assert.ok(bundles(exportDir).some((js) => js.includes('assetra-e2e-clerk-double')));
  const productionDir = path.resolve(here, '../dist');
  if (existsSync(path.join(productionDir, 'index.html'))) {
    assert.ok(bundles(productionDir).every((js) => !js.includes('assetra-e2e-clerk-double')));
  }
});

test('sign in → home shows the email and portfolio from the database → sign out → sign-in', async () => {
  const page = await browser.newPage({ viewport: { width: 430, height: 932 } });
  const shot = (name) =>
    page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  try {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Assetra' }).waitFor({ timeout: 30_000 });
    assert.equal(
      await page.evaluate(() => globalThis.__ASSETRA_E2E_DOUBLE__),
      'assetra-e2e-clerk-double',
    );
    assert.equal(await page.locator('input[type="password"]').count(), 0);
    await shot('01-sign-in');

    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
    await page.getByLabel('6-digit code').fill('424242');
    await shot('02-code');
    await page.getByRole('button', { name: 'Verify code' }).click();

    await page.getByText(EMAIL).waitFor({ timeout: 30_000 });
    await page.getByText('USD 0.00').waitFor();
    await page.getByText('Free plan').waitFor();
    assert.match(page.url(), /\/home$/);
    await shot('03-home');

    // What the screen shows is what the API stored: read it back with a token for the same user.
    const minted = await fetch(`http://127.0.0.1:${CLERK_PORT}/__dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL }),
    }).then((r) => r.json());
    const auth = { authorization: `Bearer ${minted.jwt}` };
    const me = await fetch(`http://127.0.0.1:${API_PORT}/users/me`, { headers: auth }).then((r) =>
      r.json(),
    );
    const pf = await fetch(`http://127.0.0.1:${API_PORT}/portfolio`, { headers: auth }).then((r) =>
      r.json(),
    );
    assert.equal(me.user.email, EMAIL);
    assert.deepEqual([pf.portfolio.baseCurrency, pf.portfolio.totalValue], ['USD', '0']);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Assetra' }).waitFor({ timeout: 30_000 });
    assert.match(page.url(), /\/sign-in$/);
    await shot('04-signed-out');
  } catch (error) {
    await shot('failure').catch(() => undefined);
    throw error;
  } finally {
    await page.close();
  }
});

test('sign in with an emailed link: request it → read it from the SMTP sink → open it → home', async () => {
  const page = await browser.newPage({ viewport: { width: 430, height: 932 } });
  const shot = (name) =>
    page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  try {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Assetra' }).waitFor({ timeout: 30_000 });

    await page.getByLabel('Email address').fill(LINK_EMAIL);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor({ timeout: 30_000 });
    await page.getByText(LINK_EMAIL).waitFor();
    await shot('05-link-sent');

    const link = await emailedLink(LINK_EMAIL);
    assert.match(link, /^http:\/\/127\.0\.0\.1:4317\/auth\/email-link\?token=[\w-]{43}$/);
    // The same tab, as a mail client handing the link to the browser would: the verifier the app
    // kept for this tab (sessionStorage) must survive the navigation.
    await page.goto(link);

    await page.getByText(LINK_EMAIL).waitFor({ timeout: 30_000 });
    await page.getByText('USD 0.00').waitFor();
    assert.match(page.url(), /\/home$/);
    await shot('06-link-home');
    const me = await apiAs(LINK_EMAIL, '/users/me');
    assert.equal(me.user.email, LINK_EMAIL);

    // Redeemed: the app dropped this tab's verifier, so the same link is refused here now.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Assetra' }).waitFor({ timeout: 30_000 });
    await page.goto(link);
    await page.getByRole('heading', { name: "This link doesn't work here" }).waitFor({
      timeout: 30_000,
    });
    await shot('07-link-reused');
  } catch (error) {
    await shot('link-failure').catch(() => undefined);
    throw error;
  } finally {
    await page.close();
  }
});
