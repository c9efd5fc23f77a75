// Real-browser end-to-end test: the E2E web export (Clerk's client SDK swapped for a double that
// signs in through the local Clerk stand-in), served locally, driven by playwright-core in Debian's
// Chromium, against the real API in dev mode (`npm run dev -w @assetra/api`, embedded database).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { apiAs, CODE, codeLink, exportDir, money, phonePage, setUpE2eStack } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// Fixed addresses (each run starts from an empty data dir), so the screenshots change only when
// the screens do.
const EMAIL = 'ada@assetra.test';
const LINK_EMAIL = 'grace@assetra.test';

const e2e = setUpE2eStack();

/**
 * The link in the sign-in email to `to`, as the dev stack's in-process SMTP sink
 * (apps/api/scripts/smtpSink.ts) received it and printed it: "Sign-in email to <to>:\n  <link>".
 */
async function emailedLink(to, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  const escaped = to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`Sign-in email to ${escaped}:\\n\\s+(\\S+)`);
  while (Date.now() < deadline) {
    const link = pattern.exec(e2e.log)?.[1];
    if (link) return link;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no sign-in email to ${to} within ${timeoutMs} ms`);
}

test('the E2E export carries the doubles (and the production export does not)', () => {
  const bundles = (dir) =>
    readdirSync(path.join(dir, '_expo/static/js/web')).map((f) =>
      readFileSync(path.join(dir, '_expo/static/js/web', f), 'utf8'),
    );
  const productionDir = path.resolve(here, '../dist');
  for (const marker of ['assetra-e2e-clerk-double', 'assetra-e2e-lock-double']) {
    assert.ok(
      bundles(exportDir).some((js) => js.includes(marker)),
      marker,
    );
    if (existsSync(path.join(productionDir, 'index.html'))) {
      assert.ok(
        bundles(productionDir).every((js) => !js.includes(marker)),
        marker,
      );
    }
  }
});

test('email code: an unknown address is refused at its field → create the account → home → sign out', async () => {
  const { page, shot, docShot, close } = await phonePage(e2e.browser);
  try {
    await page.goto(`${e2e.server.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Assetra' }).waitFor({ timeout: 30_000 });
    assert.equal(
      await page.evaluate(() => globalThis.__ASSETRA_E2E_DOUBLE__),
      'assetra-e2e-clerk-double',
    );
    await page.getByText('Local demo', { exact: true }).waitFor();
    assert.equal(await page.locator('input[type="password"]').count(), 0);
    await docShot('sign-in');

    // Like Clerk: a code for an address with no account is refused, at the email field.
    await page.getByLabel('Email address').fill(EMAIL);
    await codeLink(page);
    await page
      .getByText('No Assetra account uses this email. Create an account instead.')
      .waitFor({ timeout: 30_000 });
    await docShot('sign-in-unknown-email');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your Assetra account' }).waitFor();
    await page.getByLabel('Email address').fill(EMAIL);
    await codeLink(page);
    await page.getByLabel('6-digit code').fill(CODE);
    await shot('02-code');
    await page.getByRole('button', { name: 'Verify code' }).click();

    await page.getByText(EMAIL).waitFor({ timeout: 30_000 });
    await page.getByText(money('0.00')).waitFor();
    await page.getByText('Free plan').waitFor();
    assert.match(page.url(), /\/home$/);
    await docShot('home');

    // What the screen shows is what the API stored: read it back with a token for the same user.
    const me = await apiAs(EMAIL, '/users/me');
    const pf = await apiAs(EMAIL, '/portfolio');
    assert.equal(me.user.email, EMAIL);
    assert.deepEqual([pf.portfolio.baseCurrency, pf.portfolio.totalValue], ['USD', '0']);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Assetra' }).waitFor({ timeout: 30_000 });
    assert.match(page.url(), /\/sign-in$/);

    // Now the address has an account, the same code sign-in goes through.
    await page.getByLabel('Email address').fill(EMAIL);
    await codeLink(page);
    await page.getByLabel('6-digit code').fill(CODE);
    await page.getByRole('button', { name: 'Verify code' }).click();
    await page.getByText(money('0.00')).waitFor({ timeout: 30_000 });
    assert.match(page.url(), /\/home$/);
  } catch (error) {
    await shot('failure').catch(() => undefined);
    throw error;
  } finally {
    await close();
  }
});

test('sign in with an emailed link: request it → read it from the SMTP sink → open it → home', async () => {
  const { page, shot, docShot, close } = await phonePage(e2e.browser);
  try {
    await page.goto(`${e2e.server.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Assetra' }).waitFor({ timeout: 30_000 });

    await page.getByLabel('Email address').fill(LINK_EMAIL);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor({ timeout: 30_000 });
    await page.getByText(LINK_EMAIL).waitFor();
    await docShot('check-your-email');

    const link = await emailedLink(LINK_EMAIL);
    assert.match(link, /^http:\/\/127\.0\.0\.1:4317\/auth\/email-link\?token=[\w-]{43}$/);
    // The same tab, as a mail client handing the link to the browser would: the verifier the app
    // kept for this tab (sessionStorage) must survive the navigation.
    await page.goto(link);

    await page.getByText(LINK_EMAIL).waitFor({ timeout: 30_000 });
    await page.getByText(money('0.00')).waitFor();
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
    await close();
  }
});

test('an unknown route shows the themed not-found page, whose button leads back into the app', async () => {
  const { page, shot, docShot, close } = await phonePage(e2e.browser);
  try {
    await page.goto(`${e2e.server.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor({ timeout: 30_000 });
    await page.getByText('/no/such/page').waitFor();
    assert.equal(await page.getByText('Unmatched Route').count(), 0);
    await docShot('not-found');

    await page.getByRole('button', { name: 'Go to Assetra' }).click();

    await page.getByRole('heading', { name: 'Sign in to Assetra' }).waitFor({ timeout: 30_000 });
    assert.match(page.url(), /\/sign-in$/);
  } catch (error) {
    await shot('not-found-failure').catch(() => undefined);
    throw error;
  } finally {
    await close();
  }
});
