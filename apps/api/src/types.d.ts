import 'express';

declare global {
  namespace Express {
    // Declaration merging with Express's own Request needs an interface.
    // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
    interface Request {
      /** Set by requestId(): the `X-Request-Id` of this request. */
      id: string;
      /** Set by authenticate(): who the verified Clerk session token says is calling. */
      user?: import('./services/sessionToken.js').VerifiedSession;
      /** Set by requireAccount(): the caller's live, active local user. */
      account?: import('./store/port.js').UserRecord;
    }
    // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
    interface Locals {
      /** Set by createApp: headers every answer carries, for answers Node gives (clientError.ts). */
      fixedHeaders?: import('./clientError.js').FixedHeaders;
      /** POST /auth/bootstrap: its result, from the provisioning step to the answer. */
      bootstrapped?: import('./store/port.js').ProvisionResult;
      /** DELETE /users/me: the account (a tombstone on a repeat), loaded before the limit. */
      accountToDelete?: import('./store/port.js').UserRecord;
    }
  }
}
