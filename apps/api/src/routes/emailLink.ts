import { EmailLinkBodySchema, EmailLinkRedeemBodySchema } from '@assetra/shared';
import { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { jsonBody } from '../middleware/body.js';
import { requireConfigured } from '../middleware/configured.js';
import type { ClerkGateway } from '../services/clerk.js';
import { createAddressTagger } from '../services/addressTag.js';
import { createEmailLinks } from '../services/emailLink.js';
import type { Mailer } from '../services/mailer.js';
import type { Store } from '../store/port.js';

/** `POST /auth/email-link` and `POST /auth/email-link/redeem` (public: no session yet). */
export function emailLinkRoutes(deps: {
  config: Config;
  store: Store;
  clerk: ClerkGateway;
  logger: Logger;
  now?: () => number;
  /** Built once in app.ts (SMTP at `SMTP_URL`); none without it. */
  mailer: Mailer | undefined;
}) {
  const { mailer } = deps;
  const { linkUrl } = deps.config.email;
  const links =
    mailer === undefined || linkUrl === undefined
      ? undefined
      : createEmailLinks({
          store: deps.store,
          clerk: deps.clerk,
          mailer,
          linkUrl,
          addressTag: createAddressTagger(deps.config.clerk.secretKey),
          logger: deps.logger,
          now: deps.now,
        });
  const router = Router();

  router.post(
    '/auth/email-link',
    ...requireConfigured(links, 'Sign-in emails', (configured) => [
      ...jsonBody(),
      async (req, res) => {
        const body = EmailLinkBodySchema.parse(req.body);
        const { deliver } = await configured.request(body);
        res.status(202).set('Cache-Control', 'no-store').json({ sent: true });
        deliver();
      },
    ]),
  );

  router.post(
    '/auth/email-link/redeem',
    ...requireConfigured(links, 'Sign-in emails', (configured) => [
      ...jsonBody(),
      async (req, res) => {
        const body = EmailLinkRedeemBodySchema.parse(req.body);
        const ticket = await configured.redeem(body);
        // A sign-in credential: no cache may keep it.
        res.set('Cache-Control', 'no-store').json({ ticket });
      },
    ]),
  );

  return router;
}
