import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGliteStore } from '../../src/store/pglite/index.js';
import type { Store } from '../../src/store/port.js';
import { startApi, type ApiHarness } from '../support/api.js';
import { startTestSmtpSink, type TestSmtpSink } from '../support/smtpSink.js';
import { WEBHOOK_SECRET } from '../support/svix.js';

const HOUR = 60 * 60 * 1000;
const device = (country: string, city: string) => ({
  deviceType: 'iPhone',
  browserName: 'Safari',
  city,
  country,
  isMobile: true,
  ipAddress: '203.0.113.7',
});

let store: Store;
let sink: TestSmtpSink;
let api: ApiHarness;
const clock = { offsetMs: 0 };

beforeAll(async () => {
  store = openPGliteStore('memory');
  sink = await startTestSmtpSink();
  api = await startApi({
    store,
    now: () => Date.now() + clock.offsetMs,
    env: {
      CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET,
      SMTP_URL: sink.url,
      EMAIL_LINK_URL: 'assetra://auth/email-link',
    },
  });
  api.emulator.configureWebhook({ url: `${api.url}/webhooks/clerk`, secret: WEBHOOK_SECRET });
});

afterAll(async () => {
  await api.close();
  await sink.close();
  await store.close();
});

/** The messages to `to` once there are `count` of them (the email goes after the webhook's answer). */
async function messagesTo(to: string, count: number) {
  for (let waited = 0; waited < 5_000; waited += 25) {
    const found = sink.messages.filter((message) => message.to.includes(to));
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`fewer than ${String(count)} emails to ${to}`);
}

describe('new-device email', () => {
  it('is sent once for a new country, never for the first sign-in or a known device, at most hourly', async () => {
    const email = `traveller-${String(Date.now())}@example.com`;
    const user = api.emulator.instance.createUser({ emailAddress: [email] });
    const signIn = async (country: string, city: string) => {
      await api.emulator.mintToken({ userId: user.id, activity: device(country, city) });
      await api.emulator.webhooks.drain();
    };

    await signIn('CH', 'Zurich'); // the first sign-in: no email
    await signIn('CH', 'Zurich'); // a known device: no email
    await signIn('FR', 'Paris'); // a new country: the email
    const paris = await sink.waitFor(email);
    await signIn('DE', 'Berlin'); // new again, but within the hour: no email
    clock.offsetMs = HOUR + 60_000;
    await signIn('JP', 'Tokyo'); // an hour later: the email again
    const received = await messagesTo(email, 2);

    expect(received).toHaveLength(2);
    expect(paris.subject).toBe('New sign-in to your Assetra account');
    expect(paris.text).toContain('Safari on iPhone');
    expect(paris.text).toContain('Paris, FR');
    expect(paris.text).not.toContain('203.0.113.7');
    expect(paris.html).toContain('Paris, FR');
    expect(received[1]?.text).toContain('Tokyo, JP');
    expect(received.some((message) => message.text.includes('Berlin'))).toBe(false);
  });
});

describe('new-device email when SMTP fails', () => {
  it('still answers the webhook 200 and logs the failure without the address', async () => {
    const broken = await startApi({
      store,
      env: {
        CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET,
        SMTP_URL: 'smtp://127.0.0.1:1',
        EMAIL_LINK_URL: 'assetra://auth/email-link',
      },
    });
    broken.emulator.configureWebhook({
      url: `${broken.url}/webhooks/clerk`,
      secret: WEBHOOK_SECRET,
    });
    const email = `unlucky-${String(Date.now())}@example.com`;
    const user = broken.emulator.instance.createUser({ emailAddress: [email] });

    for (const [country, city] of [
      ['CH', 'Zurich'],
      ['FR', 'Paris'],
    ] as const) {
      await broken.emulator.mintToken({ userId: user.id, activity: device(country, city) });
      await broken.emulator.webhooks.drain();
    }
    for (let waited = 0; waited < 5_000; waited += 25) {
      if (broken.logs.some((line) => line.includes('new-device email not sent'))) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const deliveries = broken.emulator.webhooks.deliveries.filter(
      (delivery) => delivery.type === 'session.created',
    );
    await broken.close();

    expect(
      deliveries.map((delivery) => [delivery.state, delivery.lastStatus, delivery.attempts]),
    ).toEqual([
      ['delivered', 200, 1],
      ['delivered', 200, 1],
    ]);
    expect(broken.logs.some((line) => line.includes('new-device email not sent'))).toBe(true);
    expect(broken.logs.join('\n')).not.toContain(email);
  });
});
