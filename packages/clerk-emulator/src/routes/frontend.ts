import { Router } from 'express';
import { ClerkError } from '../errors.js';
import type { ClerkInstance } from '../instance.js';
import { requiredString, sendJson } from '../http.js';
import { clerkId } from '../ids.js';
import type { TokenMinter } from './dev.js';

/** An email sign-in starts like Clerk's: an unknown identifier is refused, a known one waits. */
function startIdentifierSignIn(instance: ClerkInstance, identifier: string) {
  if (!instance.findUserIdByEmail(identifier)) {
    throw new ClerkError(422, 'form_identifier_not_found', "Couldn't find your account.");
  }
  return {
    response: {
      object: 'sign_in_attempt',
      id: clerkId('sia'),
      status: 'needs_first_factor',
      identifier: identifier.trim().toLowerCase(),
      created_session_id: null,
    },
    client: { object: 'client', id: null, sessions: [], last_active_session_id: null },
  };
}

/**
 * The Frontend API calls the product needs from a stand-in: `signIn.create({ strategy: 'ticket',
 * ticket })`, which turns a sign-in token into an active session, and the start of an email-code
 * sign-in (`identifier`), which refuses an address with no account. Shaped like Clerk's FAPI
 * answer: `{ response: SignIn, client: Client }`.
 */
export function frontendRoutes(instance: ClerkInstance, mint: TokenMinter) {
  const router = Router();

  router.post('/sign_ins', async (req, res) => {
    const params = (req.body ?? {}) as Record<string, unknown>;
    if (typeof params.identifier === 'string' && params.strategy !== 'ticket') {
      sendJson(res, 200, startIdentifierSignIn(instance, params.identifier));
      return;
    }
    if (params.strategy !== 'ticket') {
      throw new ClerkError(
        422,
        'strategy_for_user_invalid',
        'is invalid',
        'Only the ticket strategy is emulated',
      );
    }
    const session = instance.redeemTicket(requiredString(params.ticket, 'ticket'));
    const jwt = await mint({ sessionId: session.id });
    const sessionResource = {
      object: 'session',
      id: session.id,
      status: session.status,
      user: { id: session.user_id },
      last_active_token: { object: 'token', jwt },
    };
    sendJson(res, 200, {
      response: {
        object: 'sign_in_attempt',
        id: `sia_${session.id.slice(5)}`,
        status: 'complete',
        identifier: null,
        created_session_id: session.id,
      },
      client: {
        object: 'client',
        id: session.client_id,
        sessions: [sessionResource],
        last_active_session_id: session.id,
      },
    });
  });

  return router;
}
