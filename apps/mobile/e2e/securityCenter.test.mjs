// The security center across devices: one account signed in from two (then three) browser
// contexts, each its own device. Needs the API's security routes (GET /users/me/sessions, DELETE
// /users/me/sessions/{id}, POST /users/me/sessions/revoke-others, GET /users/me/security-events).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { money, phonePage, setUpE2eStack, signInWithCode } from './harness.mjs';

const e2e = setUpE2eStack();
const EMAIL = 'ines@assetra.test';
// Clerk names the device from the user agent; the demo client does the same for the stand-in.
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
const MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const ANDROID =
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

async function device(userAgent, existing) {
  const opened = await phonePage(e2e.browser, { userAgent });
  await signInWithCode(opened.page, e2e.server.url, EMAIL, { existing });
  await opened.page.getByText(money('0.00')).waitFor({ timeout: 30_000 });
  return opened;
}

async function openSecurity(page) {
  await page.getByRole('button', { name: 'Security' }).click();
  await page.getByRole('heading', { name: "Where you're signed in" }).waitFor({ timeout: 30_000 });
}

/** The device's next API call is refused: it lands on sign-in, told why. */
async function sentToSignIn(page) {
  await page.getByRole('button', { name: 'Security' }).click();
  await page.getByText('Your session ended — sign in again').waitFor({ timeout: 30_000 });
  assert.match(page.url(), /\/sign-in$/);
}

test('two devices: both listed on Security, the other one signed out → it is sent to sign-in', async () => {
  const phone = await device(IPHONE, false);
  const mac = await device(MAC, true);
  try {
    await openSecurity(phone.page);
    await phone.page.getByText('iPhone · This device').waitFor({ timeout: 30_000 });
    await phone.page.getByText('Macintosh', { exact: true }).waitFor();
    await phone.page
      .getByText(/^New sign-in on /)
      .first()
      .waitFor();
    await phone.page.getByText("Where you're signed in").scrollIntoViewIfNeeded();
    await phone.docShot('security');

    await phone.page.getByRole('button', { name: 'Sign out Macintosh' }).click();
    await phone.page.getByText('Macintosh', { exact: true }).waitFor({ state: 'detached' });
    await phone.page.getByText('iPhone · This device').waitFor();

    await sentToSignIn(mac.page);
  } catch (error) {
    await phone.shot('security-center-failure').catch(() => undefined);
    await mac.shot('security-center-other-failure').catch(() => undefined);
    throw error;
  } finally {
    await phone.close();
    await mac.close();
  }
});

test('"Sign out of all other devices", confirmed: every other device is sent to sign-in, this one stays', async () => {
  const phone = await device(IPHONE, true);
  const android = await device(ANDROID, true);
  try {
    await openSecurity(phone.page);
    await phone.page.getByText('Android', { exact: true }).waitFor({ timeout: 30_000 });
    await phone.page.getByRole('button', { name: 'Sign out of all other devices' }).click();
    await phone.page.getByRole('heading', { name: 'Sign out of all other devices?' }).waitFor();
    await phone.page.getByRole('button', { name: 'Sign out other devices' }).click();
    await phone.page.getByText(/^Signed out of \d+ other devices?\.$/).waitFor({ timeout: 30_000 });
    await phone.page.getByText('Android', { exact: true }).waitFor({ state: 'detached' });
    await phone.page.getByText('iPhone · This device').waitFor();

    await sentToSignIn(android.page);
  } catch (error) {
    await phone.shot('revoke-others-failure').catch(() => undefined);
    throw error;
  } finally {
    await phone.close();
    await android.close();
  }
});
