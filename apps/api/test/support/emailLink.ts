import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createPGliteStore } from '../../src/store/pglite/index.js';
import type { Store } from '../../src/store/port.js';
import { startApi, type ApiHarness } from './api.js';
import { startTestSmtpSink, type TestSmtpSink } from './smtpSink.js';
import { migratedPGlite } from './snapshots.js';
import { late } from './useApi.js';

export const LINK_URL = 'assetra://auth/email-link';
export const MINUTE = 60_000;

/** A verifier the app keeps and the challenge it sends: base64url(SHA-256(verifier)). */
export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

let counter = 0;
export const freshAddress = () =>
  `someone${++counter}-${randomBytes(3).toString('hex')}@example.com`;

export type EmailLinkStack = {
  api: ApiHarness;
  sink: TestSmtpSink;
  store: Store;
  /** Moves the app's clock (AppDeps.now) this far ahead of the real one. */
  clock: { offsetMs: number };
  requestLink(email: string, codeChallenge: string): Promise<Response>;
  /** The token of the first email to `email`, read from the link in its text body. */
  tokenFrom(email: string): Promise<string>;
  redeem(token: string, codeVerifier: string): Promise<Response>;
  /** Exchanges a ticket at the stand-in's Frontend API, as Clerk's SDK in the app does. */
  sessionTokenFor(ticket: string): Promise<string>;
  close(): Promise<void>;
};

/** The API with SMTP pointed at a local sink, on PGlite, in front of the Clerk stand-in. */
export async function startEmailLinkStack(
  env: Record<string, string> = {},
): Promise<EmailLinkStack> {
  const sink = await startTestSmtpSink();
  const store = createPGliteStore(migratedPGlite());
  const clock = { offsetMs: 0 };
  const api = await startApi({
    store,
    now: () => Date.now() + clock.offsetMs,
    env: { SMTP_URL: sink.url, EMAIL_LINK_URL: LINK_URL, ...env },
  });
  return {
    api,
    sink,
    store,
    clock,
    requestLink: (email, codeChallenge) =>
      api.request('/auth/email-link', { method: 'POST', json: { email, codeChallenge } }),
    async tokenFrom(email) {
      const message = await sink.waitFor(email);
      const token = /^assetra:\/\/auth\/email-link\?token=([\w-]+)$/m.exec(message.text)?.[1];
      if (!token) throw new Error('no link in the email');
      return token;
    },
    redeem: (token, codeVerifier) =>
      api.request('/auth/email-link/redeem', { method: 'POST', json: { token, codeVerifier } }),
    async sessionTokenFor(ticket) {
      const response = await fetch(`${api.emulator.url}/v1/client/sign_ins`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ strategy: 'ticket', ticket }).toString(),
      });
      const body = (await response.json()) as {
        client?: { sessions?: { last_active_token?: { jwt?: string } }[] };
      };
      const jwt = body.client?.sessions?.[0]?.last_active_token?.jwt;
      if (!jwt) throw new Error(`the stand-in refused the ticket (${response.status})`);
      return jwt;
    },
    async close() {
      await api.close();
      await store.close();
      await sink.close();
    },
  };
}

/**
 * useApi() for the email-link files: the stack started before the file's first test, its
 * clock and the stand-in's fault reset after each, closed after the last.
 */
export function useEmailLinkStack(): EmailLinkStack {
  let stack: EmailLinkStack | undefined;
  const started = () => {
    if (!stack) throw new Error('useEmailLinkStack: the stack is ready from beforeAll on');
    return stack;
  };
  beforeAll(async () => {
    stack = await startEmailLinkStack();
  }, 30_000);
  afterEach(() => {
    if (!stack) return;
    stack.clock.offsetMs = 0;
    stack.api.emulator.setFault(null);
  });
  afterAll(async () => {
    await stack?.close();
  });
  return late(started);
}
