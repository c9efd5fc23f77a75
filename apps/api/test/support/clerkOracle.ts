import { verifyToken } from '@clerk/backend';
import { pickAll } from './hostileTokens.js';
import { CLAIMS, HEADER, type TokenContext, type TokenPlan } from './tokenPlans.js';

export type VerifierOptions = {
  pem: string;
  issuer: string;
  authorizedParties: string[];
  allowMissingAzp: boolean;
};

/**
 * The oracle: `@clerk/backend` `verifyToken` alone, with the API's key, issuer, authorized
 * parties and 5 s skew. Nothing of the API's own rules is re-applied here.
 */
export async function verifyTokenAccepts(
  token: string,
  options: Omit<VerifierOptions, 'allowMissingAzp'>,
) {
  try {
    await verifyToken(token, {
      jwtKey: options.pem,
      issuer: options.issuer,
      authorizedParties: options.authorizedParties,
      clockSkewInMs: 5000,
    });
    return true;
  } catch {
    return false;
  }
}

/** What a plan asks buildToken for, read from the plan (what was built), not from the token. */
function intent(plan: TokenPlan, ctx: TokenContext) {
  return { header: pickAll(HEADER, plan.header, ctx), claims: pickAll(CLAIMS, plan.claims, ctx) };
}

/** Beyond what a Date holds (±8.64e15 ms): verifyToken computes NaN, which passes every check. */
const beyondDates = (value: unknown) => typeof value === 'number' && Math.abs(value) > 8.64e12;
const nonEmptyString = (value: unknown) => typeof value === 'string' && value !== '';

export type Stricter = {
  /** What the API refuses although verifyToken accepts it. */
  name: string;
  applies(plan: TokenPlan, ctx: TokenContext): boolean;
  /** A plan of one such token, genuine otherwise. */
  example: Partial<TokenPlan>;
};

/**
 * Every place where the API is deliberately stricter than verifyToken (the contract's session
 * token, services/sessionToken.ts): each is a named test of its own (tokenDifferential).
 */
export const STRICTER: Stricter[] = [
  {
    name: 'an empty sub',
    applies: (plan, ctx) => intent(plan, ctx).claims.sub === '',
    example: { claims: { sub: 2 } },
  },
  {
    name: 'a token without a sid string (a JWT-template token, not a session token)',
    applies: (plan, ctx) => !nonEmptyString(intent(plan, ctx).claims.sid),
    example: { claims: { sid: 1 } },
  },
  {
    name: 'a padded header or payload (RFC 7515 compact form)',
    // The signature's trailing '=' is token68 still, and accepted by both.
    applies: (plan) => plan.encoding === 'padded',
    example: { encoding: 'padded' },
  },
  {
    name: 'a payload that is not UTF-8',
    applies: (plan) => plan.encoding === 'invalid-utf8',
    example: { encoding: 'invalid-utf8' },
  },
  {
    name: 'a token over 8192 characters',
    applies: (plan) => plan.encoding === 'oversized',
    example: { encoding: 'oversized' },
  },
  {
    name: 'exp, nbf or iat beyond what a Date holds (exp 1e300 never expires to Clerk)',
    applies: (plan, ctx) =>
      ['exp', 'nbf', 'iat'].some((claim) => beyondDates(intent(plan, ctx).claims[claim])),
    example: { claims: { exp: 13 } },
  },
];

/**
 * The verdict the API must give: verifyToken's, except where a STRICTER rule applies. With
 * CLERK_ALLOW_MISSING_AZP a token the plan built without azp is checked by verifyToken with no
 * authorized parties: what the setting means (verifyToken refuses a missing azp when given
 * parties, and has no option for it).
 */
export async function expectedVerdict(
  token: string,
  plan: TokenPlan,
  ctx: TokenContext,
  options: VerifierOptions,
): Promise<'accepted' | 'refused'> {
  const azpUnchecked = options.allowMissingAzp && !('azp' in intent(plan, ctx).claims);
  const parties = azpUnchecked ? [] : options.authorizedParties;
  if (!(await verifyTokenAccepts(token, { ...options, authorizedParties: parties }))) {
    return 'refused';
  }
  return STRICTER.some((rule) => rule.applies(plan, ctx)) ? 'refused' : 'accepted';
}
