import { headerRef } from './headers.js';
import { ok } from './responses.js';
import type { RouteDescriptor } from './types.js';

/** The contract's routes that take no session token: probes, docs, sign-in links, webhooks. */
export const PUBLIC_ROUTES: RouteDescriptor[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'getHealth',
    tag: 'Probes',
    summary: 'Liveness probe',
    description: 'Touches no database. Exempt from HTTPS enforcement and rate limits.',
    auth: 'none',
    probe: true,
    responses: [ok('HealthResponse', 'The process is up.')],
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'getReadiness',
    tag: 'Probes',
    summary: 'Readiness probe',
    description: 'Exempt from HTTPS enforcement and rate limits.',
    auth: 'none',
    probe: true,
    responses: [ok('ReadyResponse', 'The database answered within 2 s.')],
    errors: ['not_ready'],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'Docs',
    summary: 'This OpenAPI 3.1 document',
    auth: 'none',
    responses: [
      {
        status: 200,
        description: 'The OpenAPI 3.1 document of the API contract.',
        body: { contentType: 'application/json', schema: { type: 'object' } },
      },
    ],
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'getDocs',
    tag: 'Docs',
    summary: 'Interactive API docs',
    description: 'Rendered from `/openapi.json` with self-hosted Swagger UI assets.',
    auth: 'none',
    responses: [
      {
        status: 200,
        description: 'The docs page, at `/docs/`.',
        body: { contentType: 'text/html', schema: { type: 'string' } },
      },
      {
        status: 301,
        description: 'Without the trailing slash: to `docs/`, where the page’s assets resolve.',
        headers: { Location: headerRef('Location') },
      },
    ],
  },
  {
    method: 'post',
    path: '/auth/email-link',
    operationId: 'requestEmailLink',
    tag: 'Email link',
    summary: 'Email a sign-in link',
    description:
      'The same answer for every well-formed address, known or not. At most 3 requests per ' +
      'address per hour, on top of the `/auth/*` per-IP limit.',
    auth: 'none',
    requestBody: 'EmailLinkBody',
    responses: [ok('EmailLinkResponse', 'Accepted; the email is sent after the answer.', 202)],
    errors: ['not_configured', 'database_unavailable'],
  },
  {
    method: 'post',
    path: '/auth/email-link/redeem',
    operationId: 'redeemEmailLink',
    tag: 'Email link',
    summary: 'Redeem a sign-in link for a Clerk sign-in ticket',
    description:
      'Consumes the link atomically. A wrong verifier, or Clerk failing, leaves it usable. ' +
      'Sign in with the `ticket` strategy.',
    auth: 'none',
    requestBody: 'EmailLinkRedeemBody',
    responses: [ok('EmailLinkRedeemResponse', 'A Clerk sign-in token, valid 60 s.')],
    errors: [
      'link_invalid',
      'link_used',
      'link_expired',
      'upstream_unavailable',
      'not_configured',
      'database_unavailable',
    ],
  },
  {
    method: 'post',
    path: '/webhooks/clerk',
    operationId: 'clerkWebhook',
    tag: 'Webhooks',
    summary: 'Clerk events, Svix-signed',
    description:
      'Verified over the raw body with `CLERK_WEBHOOK_SIGNING_SECRET`. Each `svix-id` is applied ' +
      'at most once; a 5xx makes Svix retry. Limited apart from user traffic.',
    auth: 'svix',
    requestBody: 'ClerkWebhookEvent',
    responses: [ok('WebhookReceivedResponse', 'Received, also for ignored event types.')],
  },
  {
    method: 'post',
    path: '/webhooks/revenuecat',
    operationId: 'revenueCatWebhook',
    tag: 'Webhooks',
    summary: 'RevenueCat events',
    description:
      'Events for unknown users change nothing; webhooks never create users. A repeated ' +
      '`event.id` or an older `event_timestamp_ms` changes nothing. Limited apart from user traffic.',
    auth: 'revenuecat',
    requestBody: 'RevenueCatWebhookEvent',
    responses: [ok('WebhookReceivedResponse', 'Received: applied, ignored or a duplicate.')],
  },
];
