import { afterEach, expect } from 'vitest';
import { checkBackendResponse, checkWebhookPayload, type Violation } from './openapi.js';

/**
 * Set up before every test file of this workspace: each Backend API answer any test receives
 * (through `fetch` or `@clerk/backend`, which binds `fetch` when imported, after this file),
 * and each webhook a test receiver is sent, is checked against Clerk's specification; a test
 * during which one was off the spec fails.
 */
const offSpec: { request: string; violations: Violation[] | string }[] = [];

/** For test/receiver.ts: checks one delivered webhook body. */
export function checkDeliveredWebhook(body: string) {
  try {
    const event = JSON.parse(body) as { type: string };
    const violations = checkWebhookPayload(event);
    if (violations.length > 0) offSpec.push({ request: `webhook ${event.type}`, violations });
  } catch (error) {
    offSpec.push({ request: 'webhook', violations: String(error) });
  }
}
const realFetch = globalThis.fetch;

const isBackendApi = (url: URL) =>
  url.pathname.startsWith('/v1/') && !url.pathname.startsWith('/v1/client/');

globalThis.fetch = async (input, init) => {
  const response = await realFetch(input, init);
  const url = new URL(response.url);
  if (!isBackendApi(url)) return response;
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const request = `${method} ${url.pathname}${url.search} → ${response.status}`;
  try {
    const body = (await response.clone().json()) as unknown;
    const violations = checkBackendResponse(method, url, response.status, body);
    if (violations.length > 0) offSpec.push({ request, violations });
  } catch (error) {
    offSpec.push({ request, violations: error instanceof Error ? error.message : String(error) });
  }
  return response;
};

afterEach(() => {
  expect(offSpec.splice(0), "answers and webhooks that differ from Clerk's spec").toEqual([]);
});
