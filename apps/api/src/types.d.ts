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
    }
  }
}
