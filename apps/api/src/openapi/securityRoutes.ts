import { SECURITY_EVENTS_MAX_LIMIT } from '@assetra/shared';
import { noContent, ok } from './responses.js';
import type { RouteDescriptor } from './types.js';

/** The Security center: sessions and account events of the signed-in user. */
export const SECURITY_ROUTES: RouteDescriptor[] = [
  {
    method: 'get',
    path: '/users/me/sessions',
    operationId: 'listSessions',
    tag: 'Security center',
    summary: 'Where the user is signed in',
    description:
      'The user’s active Clerk sessions less those revoked here, most recently active first; ' +
      '`current` marks this token’s session. `device` comes from Clerk’s latest activity (any ' +
      'field may be null); no IP address is returned.',
    auth: 'bearer',
    responses: [ok('SessionsResponse', 'The active sessions.')],
    errors: ['upstream_unavailable'],
  },
  {
    method: 'delete',
    path: '/users/me/sessions/{sessionId}',
    operationId: 'revokeSession',
    tag: 'Security center',
    summary: 'End one session now',
    description:
      'Revoked here first (every API instance refuses its tokens within 2 s, without waiting ' +
      'for a webhook), then at Clerk. Idempotent. A session that is not this user’s answers ' +
      '404, as an unknown id does. Clerk failing: 502, and a revocation made here stays.',
    auth: 'bearer',
    parameters: [
      {
        name: 'sessionId',
        in: 'path',
        description:
          'A Clerk session id (`sess_…`). One that does not decode, or holds a control ' +
          'character, is 400 `validation_failed`.',
        required: true,
        schema: { type: 'string' },
      },
    ],
    responses: [noContent('Ended (or already ended).')],
    errors: ['validation_failed', 'not_found', 'upstream_unavailable'],
  },
  {
    method: 'post',
    path: '/users/me/sessions/revoke-others',
    operationId: 'revokeOtherSessions',
    tag: 'Security center',
    summary: 'End every other session',
    description: 'Every other active session, as one revocation each; the current one stays.',
    auth: 'bearer',
    responses: [ok('RevokeOthersResponse', 'How many sessions were ended.')],
    errors: ['upstream_unavailable'],
  },
  {
    method: 'get',
    path: '/users/me/security-events',
    operationId: 'listSecurityEvents',
    tag: 'Security center',
    summary: 'What happened to the account',
    description:
      'Newest first. Events are append-only, recorded with what they record (at most once per ' +
      'cause), kept 400 days and erased with the account.',
    auth: 'bearer',
    parameters: [
      {
        name: 'before',
        in: 'query',
        description: 'The `next` of the previous page; any other value is `validation_failed`.',
        required: false,
        schema: { type: 'string' },
      },
      {
        name: 'limit',
        in: 'query',
        description: `Events per page, 1–${String(SECURITY_EVENTS_MAX_LIMIT)} (default 20).`,
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: SECURITY_EVENTS_MAX_LIMIT, default: 20 },
      },
    ],
    responses: [ok('SecurityEventsResponse', 'A page of events and the next cursor.')],
    errors: ['validation_failed'],
  },
];
