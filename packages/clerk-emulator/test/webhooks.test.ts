import { verifyWebhook } from '@clerk/backend/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startClerkEmulator, type ClerkEmulator } from '../src/index.js';
import { startReceiver, type Received } from './receiver.js';

const SECRET = `whsec_${Buffer.from('assetra-test-signing-secret-32b!').toString('base64')}`;
const OTHER_SECRET = `whsec_${Buffer.from('someone-else-entirely-32-bytes!!').toString('base64')}`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(
  status?: () => number,
): Promise<{ emulator: ClerkEmulator; received: Received[] }> {
  const receiver = await startReceiver(status);
  const emulator = await startClerkEmulator({
    webhook: { url: receiver.url, secret: SECRET },
    webhookRetry: { retryDelayMs: 10, maxAttempts: 3 },
  });
  cleanups.push(() => emulator.close(), receiver.close);
  return { emulator, received: receiver.received };
}

const asRequest = (delivery: Received) =>
  new Request('http://localhost/webhooks/clerk', {
    method: 'POST',
    headers: Object.entries(delivery.headers).flatMap(([k, v]) =>
      typeof v === 'string' ? [[k, v] as [string, string]] : [],
    ),
    body: delivery.body,
  });

describe('webhooks', () => {
  it('send user and session events that verifyWebhook accepts, in order', async () => {
    const { emulator, received } = await setup();
    const user = emulator.instance.createUser({
      emailAddress: ['hook@example.com'],
      firstName: 'Hook',
    });
    emulator.instance.updateUser(user.id, { lastName: 'Line' });
    emulator.instance.setFlag(user.id, 'locked', true);
    const { sessionId } = await emulator.mintToken({ userId: user.id });
    emulator.instance.revokeSession(sessionId);
    emulator.instance.deleteUser(user.id);

    await emulator.webhooks.drain();
    const events = await Promise.all(
      received.map((delivery) => verifyWebhook(asRequest(delivery), { signingSecret: SECRET })),
    );

    expect(events.map((event) => event.type)).toEqual([
      'user.created',
      'user.updated',
      'user.updated',
      'session.created',
      'session.revoked',
      'user.deleted',
    ]);
    expect(events[0]?.data).toMatchObject({
      id: user.id,
      first_name: 'Hook',
      email_addresses: [{ email_address: 'hook@example.com' }],
    });
    expect(events[2]?.data).toMatchObject({ locked: true });
    expect(events[3]?.data).toMatchObject({ id: sessionId, user_id: user.id, status: 'active' });
    expect(events[4]?.data).toMatchObject({ id: sessionId, user_id: user.id, status: 'revoked' });
    expect(events[5]?.data).toEqual({ object: 'user', id: user.id, deleted: true });
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({
      object: 'event',
      instance_id: expect.stringMatching(/^ins_/),
    });
  });

  it('fail verification with a wrong secret or a changed body', async () => {
    const { emulator, received } = await setup();
    emulator.instance.createUser({ emailAddress: ['wrong@example.com'] });
    await emulator.webhooks.drain();
    const [delivery] = received;
    if (!delivery) throw new Error('no delivery');

    const wrongSecret = verifyWebhook(asRequest(delivery), { signingSecret: OTHER_SECRET });
    const changedBody = verifyWebhook(
      asRequest({ ...delivery, body: delivery.body.replace('wrong@', 'right@') }),
      {
        signingSecret: SECRET,
      },
    );

    await expect(wrongSecret).rejects.toThrow();
    await expect(changedBody).rejects.toThrow();
  });

  it('retry a failed delivery with the same svix-id, a bounded number of times', async () => {
    let calls = 0;
    const { emulator, received } = await setup(() => (++calls < 3 ? 500 : 204));

    emulator.instance.createUser({ emailAddress: ['retry@example.com'] });
    emulator.instance.createUser({ emailAddress: ['giveup@example.com'] });
    await emulator.webhooks.drain();

    const ids = new Set(received.map((delivery) => delivery.headers['svix-id']));
    expect(emulator.webhooks.deliveries.map((d) => d.state)).toEqual(['delivered', 'delivered']);
    expect(received.length).toBe(4);
    expect(ids.size).toBe(2);
  });

  it('give up after the last attempt when the endpoint keeps failing', async () => {
    const { emulator, received } = await setup(() => 503);

    emulator.instance.createUser({ emailAddress: ['down@example.com'] });
    await emulator.webhooks.drain();

    expect(received).toHaveLength(3);
    expect(emulator.webhooks.deliveries[0]).toMatchObject({
      state: 'failed',
      attempts: 3,
      lastStatus: 503,
    });
  });
});
