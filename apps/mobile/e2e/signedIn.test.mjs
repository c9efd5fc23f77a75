// The signed-in states in a real browser: the API down after sign-in (the browser cut off from it
// by the E2E server, the stack itself still running), a session revoked at the Clerk stand-in,
// account deletion through reverification, and the app lock after 5 minutes away. Each step
// fails if its screen is missing.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { CODE, clerkBackend, money, phonePage, signInWithCode, setUpE2eStack } from './harness.mjs';

const e2e = setUpE2eStack();
const UNREACHABLE = "You're signed in — Assetra can't be reached";

/**
 * The tab going to the background (`hidden`) or back (`visible`): react-native-web's AppState
 * follows `visibilitychange`. Playwright keeps every page visible (microsoft/playwright#2286), so
 * the document's visibility is set here, as the browser would set it.
 */
async function tabVisibility(page, state) {
  await page.evaluate((next) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => next });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => next === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/** Away from the app for `duration` ("mm:ss" on the page's clock), then back. */
async function awayFor(page, duration) {
  await tabVisibility(page, 'hidden');
  // While away, an opaque cover hides the balance (the app switcher's snapshot on a phone).
  await page.getByTestId('privacy-cover').waitFor();
  await page.clock.fastForward(duration);
  await tabVisibility(page, 'visible');
}

/** Whether the element's centre is covered by the unlock overlay (what a person would see). */
const coveredByLock = (locator) =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const onTop = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return document.querySelector('[data-testid="unlock-overlay"]')?.contains(onTop) ?? false;
  });

async function unreachableAfterSignIn(page, email) {
  e2e.server.setApiReachable(false);
  await signInWithCode(page, e2e.server.url, email);
  await page.getByRole('heading', { name: UNREACHABLE }).waitFor({ timeout: 30_000 });
  await page
    .getByText('Assetra is unavailable right now. Your sign-in is kept: try again in a moment.')
    .waitFor();
  assert.match(page.url(), /\/home$/); // kept signed in, not sent to a sign-in form
}

test('API down after sign-in: signed in but unreachable → API back → Try again → home', async () => {
  const email = 'lin@assetra.test';
  const { page, shot, docShot, close } = await phonePage(e2e.browser);
  try {
    await unreachableAfterSignIn(page, email);
    await docShot('signed-in-unreachable');

    e2e.server.setApiReachable(true);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText(email).waitFor({ timeout: 30_000 });
    await page.getByText(money('0.00')).waitFor();
    await page.getByText('Free plan').waitFor();

    await page.getByRole('button', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Security', exact: true }).waitFor({ timeout: 30_000 });
    assert.match(page.url(), /\/security$/);
    // The web build has no keychain: /security says where app lock works instead of crashing.
    await page.getByText('App lock works in the Assetra app on your phone.').waitFor();
    await shot('security-web');
  } catch (error) {
    await shot('unreachable-failure').catch(() => undefined);
    throw error;
  } finally {
    e2e.server.setApiReachable(true);
    await close();
  }
});

test('a session revoked at the Clerk stand-in: the next API call is refused → sign-in says the session ended', async () => {
  const email = 'mae@assetra.test';
  const { page, shot, docShot, close } = await phonePage(e2e.browser);
  try {
    // Revoked while the app could not reach Assetra: its next call (Try again) gets the 401.
    await unreachableAfterSignIn(page, email);
    const [user] = await clerkBackend(e2e, 'GET', `/users?email_address=${email}`);
    const sessions = await clerkBackend(e2e, 'GET', `/sessions?user_id=${user.id}&status=active`);
    assert.equal(sessions.length, 1);
    await clerkBackend(e2e, 'POST', `/sessions/${sessions[0].id}/revoke`);

    e2e.server.setApiReachable(true);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Your session ended — sign in again').waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Sign in to Assetra' }).waitFor();
    assert.match(page.url(), /\/sign-in$/);
    await docShot('session-ended');
  } catch (error) {
    await shot('revoked-failure').catch(() => undefined);
    throw error;
  } finally {
    e2e.server.setApiReachable(true);
    await close();
  }
});

test('delete the account: the sheet → reverification by emailed code → "Your account has been deleted"', async () => {
  const email = 'kim@assetra.test';
  const { page, shot, docShot, settled, close } = await phonePage(e2e.browser);
  try {
    await signInWithCode(page, e2e.server.url, email);
    await page.getByText(money('0.00')).waitFor({ timeout: 30_000 });

    // Signed in half an hour ago, as far as the token's `fva` says: too long for a deletion.
    await page.evaluate(() => {
      globalThis.__ASSETRA_E2E_SIGN_IN_AGE_MINUTES__ = 30;
    });
    await page.getByRole('button', { name: 'Delete account' }).click();
    await page.getByRole('heading', { name: 'Delete your Assetra account?' }).waitFor();
    await settled(page.getByRole('button', { name: 'Keep my account' }));
    await docShot('delete-account');
    await page.getByRole('button', { name: 'Delete permanently' }).click();

    // The API refuses (403 reverification_required) until the first factor is fresh.
    await page.getByRole('heading', { name: "Confirm it's you" }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByLabel('6-digit code').fill(CODE);
    await page.getByRole('button', { name: 'Confirm code' }).click();

    await page.getByText('Your account has been deleted').waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Sign in to Assetra' }).waitFor();
    await shot('deleted');

    // Gone at the stand-in too: the same address has no account to send a code to.
    const users = await clerkBackend(e2e, 'GET', `/users?email_address=${email}`);
    assert.deepEqual(users, []);
  } catch (error) {
    await shot('delete-failure').catch(() => undefined);
    throw error;
  } finally {
    await close();
  }
});

test('app lock (on in the E2E build): 5 minutes away → the lock covers Home → Unlock → Home', async () => {
  const { page, shot, docShot, close } = await phonePage(e2e.browser);
  try {
    // The page's clock runs in real time; fastForward stands in for minutes away from the app.
    await page.clock.install();
    await signInWithCode(page, e2e.server.url, 'noor@assetra.test');
    const balance = page.getByText(money('0.00'));
    await balance.waitFor({ timeout: 30_000 });
    assert.equal(
      await page.evaluate(() => globalThis.__ASSETRA_E2E_LOCK_DOUBLE__),
      'assetra-e2e-lock-double',
    );
    const overlay = page.getByTestId('unlock-overlay');
    assert.equal(await overlay.count(), 0, 'a fresh sign-in starts unlocked');

    // Back within 5 minutes: the cover drops, no lock.
    await awayFor(page, '04:59');
    await page.getByTestId('privacy-cover').waitFor({ state: 'detached' });
    assert.equal(await overlay.count(), 0);
    await page.getByRole('button', { name: 'Security' }).waitFor();

    // 5 minutes: locked, and its one automatic prompt is dismissed (Face ID closed).
    await page.evaluate(() => {
      globalThis.__ASSETRA_E2E_PROMPT_ANSWERS__ = ['user_cancel'];
    });
    await awayFor(page, '05:00');
    await page.getByRole('heading', { name: 'Assetra is locked' }).waitFor();
    await page.getByText('Unlock was cancelled.').waitFor();
    assert.ok(await coveredByLock(balance), 'the lock hides the balance');
    // Home is kept underneath (its navigation survives), but out of reach of screen readers.
    assert.equal(await page.getByRole('button', { name: 'Security' }).count(), 0);
    const unlock = page.getByRole('button', { name: 'Unlock with Face ID or fingerprint' });
    await unlock.waitFor();
    await page.getByRole('button', { name: 'Use device passcode' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await docShot('lock');

    // Unlock: the prompt confirms the device owner → Home, usable again.
    await unlock.click();
    await overlay.waitFor({ state: 'detached' });
    assert.equal(await coveredByLock(balance), false);
    await page.getByRole('button', { name: 'Security' }).click();
    await page.getByRole('heading', { name: 'Security', exact: true }).waitFor({ timeout: 30_000 });
    assert.match(page.url(), /\/security$/);
  } catch (error) {
    await shot('lock-failure').catch(() => undefined);
    throw error;
  } finally {
    await close();
  }
});
