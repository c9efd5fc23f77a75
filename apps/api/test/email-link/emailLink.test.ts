import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startApi } from '../support/api.js';
import { freshAddress, LINK_URL, MINUTE, pkce, useEmailLinkStack } from '../support/emailLink.js';

const stack = useEmailLinkStack();

/** A link requested for a fresh address: its token, verifier and address. */
async function emailedLink(email = freshAddress()) {
  const { verifier, challenge } = pkce();
  const response = await stack.requestLink(email, challenge);
  expect(response.status).toBe(202);
  return { email, verifier, token: await stack.tokenFrom(email) };
}

/** The `address` of the first "sign-in email sent" line after `logs[from]`, once there is one. */
async function sentTag(logs: string[], from: number): Promise<string> {
  const tag = () =>
    logs
      .slice(from)
      .map((line) => JSON.parse(line) as { msg?: string; address?: string })
      .find((line) => line.msg === 'sign-in email sent')?.address;
  await expect.poll(tag, { timeout: 15_000 }).toBeDefined();
  return tag() ?? '';
}

const problemCode = async (response: Response) =>
  ((await response.json()) as { code: string }).code;

describe('email magic link, end to end', () => {
  it('emails a link that redeems for a ticket the stand-in turns into a session the API accepts', async () => {
    const email = freshAddress();
    const { verifier, challenge } = pkce();

    const requested = await stack.requestLink(email, challenge);
    const message = await stack.sink.waitFor(email);
    const token = await stack.tokenFrom(email);
    const redeemed = await stack.redeem(token, verifier);
    const { ticket } = (await redeemed.json()) as { ticket: string };
    const sessionToken = await stack.sessionTokenFor(ticket);
    const me = await stack.api.request('/users/me', { token: sessionToken });

    expect(requested.status).toBe(202);
    expect(await requested.json()).toEqual({ sent: true });
    expect(message.subject).toBe('Your Assetra sign-in link');
    expect(message.text).toContain(`${LINK_URL}?token=${token}`);
    expect(message.text).toMatch(/expires in 15 minutes \(at \d{2}:\d{2} UTC\)/);
    expect(message.text).toContain("Didn't ask to sign in? Ignore this email.");
    expect(message.html).toContain(`href="${LINK_URL}?token=${token}"`);
    expect(message.html).toMatch(/expires in 15 minutes/);
    expect(message.html).toContain('Ignore this email');
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(redeemed.status).toBe(200);
    expect(redeemed.headers.get('cache-control')).toBe('no-store');
    expect(me.status).toBe(200);
    const clerkUserId = stack.api.emulator.instance.findUserIdByEmail(email);
    expect(await me.json()).toMatchObject({ user: { clerkUserId } });
  });

  it('signs an existing Clerk user in rather than creating another', async () => {
    const email = freshAddress();
    const existing = await stack.api.signIn(email);
    const link = await emailedLink(email);

    const redeemed = await stack.redeem(link.token, link.verifier);
    const { ticket } = (await redeemed.json()) as { ticket: string };
    const me = await stack.api.request('/users/me', { token: await stack.sessionTokenFor(ticket) });

    expect(await me.json()).toMatchObject({ user: { clerkUserId: existing.userId } });
  });

  it('records email_link.redeemed in the Security center of a user the API knows', async () => {
    const email = freshAddress();
    const existing = await stack.api.signIn(email);
    await stack.api.request('/auth/bootstrap', { method: 'POST', token: existing.token });
    const link = await emailedLink(email);

    const redeemed = await stack.redeem(link.token, link.verifier);
    const listed = await stack.api.request('/users/me/security-events', { token: existing.token });

    expect(redeemed.status).toBe(200);
    const { events } = (await listed.json()) as { events: { type: string }[] };
    expect(events.map((event) => event.type)).toEqual(['email_link.redeemed', 'account.created']);
  });

  it('answers 400 link_used when the link is redeemed again', async () => {
    const link = await emailedLink();
    await stack.redeem(link.token, link.verifier);

    const replay = await stack.redeem(link.token, link.verifier);

    expect(replay.status).toBe(400);
    expect(await problemCode(replay)).toBe('link_used');
  });

  it('answers 400 link_expired 15 minutes after the request', async () => {
    const link = await emailedLink();
    stack.clock.offsetMs = 15 * MINUTE;

    const late = await stack.redeem(link.token, link.verifier);

    expect(late.status).toBe(400);
    expect(await problemCode(late)).toBe('link_expired');
  });

  it('answers 400 link_invalid to a wrong verifier and still redeems with the right one', async () => {
    const link = await emailedLink();

    const wrong = await stack.redeem(link.token, pkce().verifier);
    const right = await stack.redeem(link.token, link.verifier);

    expect(wrong.status).toBe(400);
    expect(await problemCode(wrong)).toBe('link_invalid');
    expect(right.status).toBe(200);
  });

  it('answers 400 link_invalid to an unknown or mangled token', async () => {
    const unknown = await stack.redeem(pkce().verifier, pkce().verifier);
    const mangled = await stack.redeem('abc%20def', pkce().verifier);

    expect(unknown.status).toBe(400);
    expect(await problemCode(unknown)).toBe('link_invalid');
    expect(mangled.status).toBe(400);
    expect(await problemCode(mangled)).toBe('link_invalid');
  });

  it('hands out one ticket to two concurrent redemptions; the other gets link_used', async () => {
    const link = await emailedLink();

    const answers = await Promise.all([
      stack.redeem(link.token, link.verifier),
      stack.redeem(link.token, link.verifier),
    ]);

    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 400]);
    const loser = answers.find((answer) => answer.status === 400);
    expect(loser && (await problemCode(loser))).toBe('link_used');
  });

  it('answers 502 upstream_unavailable while Clerk fails, and the link still works afterwards', async () => {
    const link = await emailedLink();
    stack.api.emulator.setFault('error');

    const failed = await stack.redeem(link.token, link.verifier);
    stack.api.emulator.setFault(null);
    const retried = await stack.redeem(link.token, link.verifier);

    expect(failed.status).toBe(502);
    expect(await problemCode(failed)).toBe('upstream_unavailable');
    expect(retried.status).toBe(200);
  });

  it('never logs the token, the verifier, the ticket or the address', async () => {
    const link = await emailedLink();
    const redeemed = await stack.redeem(link.token, link.verifier);
    const { ticket } = (await redeemed.json()) as { ticket: string };

    const logs = stack.api.logs.join('');

    expect(logs).toContain('sign-in email sent');
    for (const secret of [link.token, link.verifier, ticket, link.email]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('tags the address in logs with a keyed hash: the same on every instance sharing CLERK_SECRET_KEY, unmatchable without it', async () => {
    const email = freshAddress();
    const env = { SMTP_URL: stack.sink.url, EMAIL_LINK_URL: LINK_URL };
    const sameDeployment = await startApi({
      store: stack.store,
      emulator: stack.api.emulator,
      env,
    });
    const otherDeployment = await startApi({
      store: stack.store,
      emulator: stack.api.emulator,
      env: { ...env, CLERK_SECRET_KEY: 'sk_test_another_deployment' },
    });

    try {
      const tags = [];
      for (const api of [stack.api, sameDeployment, otherDeployment]) {
        const from = api.logs.length;
        const response = await api.request('/auth/email-link', {
          method: 'POST',
          json: { email, codeChallenge: pkce().challenge },
        });
        expect(response.status).toBe(202);
        tags.push(await sentTag(api.logs, from));
      }

      const [tag, sameTag, otherTag] = tags;
      expect(tag).toMatch(/^[0-9a-f]{16}$/);
      expect(sameTag).toBe(tag);
      expect(otherTag).not.toBe(tag);
      expect(tag).not.toBe(createHash('sha256').update(email).digest('hex').slice(0, 16));
    } finally {
      await sameDeployment.close();
      await otherDeployment.close();
    }
  });

  it('purges links an hour after they expire: they then answer link_invalid', async () => {
    const link = await emailedLink();
    stack.clock.offsetMs = 2 * 60 * MINUTE;
    const before = await stack.redeem(link.token, link.verifier);

    await emailedLink(); // a request purges, in the background

    expect(await problemCode(before)).toBe('link_expired');
    await expect
      .poll(async () => problemCode(await stack.redeem(link.token, link.verifier)))
      .toBe('link_invalid');
  });
});
