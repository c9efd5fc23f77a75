import type { KeyObject } from 'node:crypto';
import fc from 'fast-check';

/** What a hostile token is built from: the real instance key and a stranger's. */
export type TokenContext = {
  key: KeyObject;
  kid: string;
  publicKeyPem: string;
  strangerKey: KeyObject;
  issuer: string;
  userId: string;
  sessionId: string;
  azp: string;
};

/** A choice that leaves the claim or header field out. */
export const DROP = Symbol('drop');
export type Pick = (ctx: TokenContext, now: number) => unknown;
const value =
  (v: unknown): Pick =>
  () =>
    v;
const drop = value(DROP);

/**
 * Per claim, the genuine value first, then hostile ones (wrong types, empty, swapped with
 * another claim's value, fractions, beyond what a Date holds). Times sit 2 s inside or 8 s
 * outside the 5 s skew, never on its edge, so no verdict flips between two checks.
 */
export const CLAIMS: Record<string, Pick[]> = {
  sub: [
    (c) => c.userId,
    drop,
    value(''),
    value(123),
    value(null),
    (c) => [c.userId],
    value('user_someone_else'),
    (c) => c.sessionId,
  ],
  sid: [
    (c) => c.sessionId,
    drop,
    value(''),
    value(42),
    value(null),
    value({}),
    value('sess_x'),
    (c) => c.userId,
  ],
  iss: [
    (c) => c.issuer,
    drop,
    value('https://evil.example'),
    (c) => `${c.issuer}/`,
    (c) => [c.issuer],
    value(7),
    (c) => c.azp,
  ],
  azp: [
    (c) => c.azp,
    drop,
    value(''),
    value('https://evil.example'),
    value(null),
    (c) => [c.azp],
    (c) => `${c.azp}/`,
    (c) => c.issuer,
  ],
  exp: [
    (_c, n) => n + 60,
    drop,
    (_c, n) => n - 2,
    (_c, n) => n - 8,
    (_c, n) => n - 3600,
    (_c, n) => String(n + 60),
    value(null),
    (_c, n) => (n + 60) * 1000,
    value(-1),
    (_c, n) => n + 60.9,
    (_c, n) => n - 8.9,
    value(8.64e12),
    value(8.64e12 + 1),
    value(1e300),
    value(true),
  ],
  nbf: [
    (_c, n) => n - 5,
    drop,
    (_c, n) => n + 2,
    (_c, n) => n + 8,
    (_c, n) => String(n - 5),
    value(null),
    value(-1e300),
    value(-8.64e12 - 1),
    (_c, n) => n + 2.9,
  ],
  iat: [
    (_c, n) => n,
    drop,
    (_c, n) => n + 2,
    (_c, n) => n + 8,
    (_c, n) => String(n),
    value(-1e300),
    value(-0.5),
  ],
  fva: [value([0, -1]), drop, value('x'), value([1.5, 2])],
  v: [value(2), drop, value('2')],
};

export const HEADER: Record<string, Pick[]> = {
  alg: [
    value('RS256'),
    value('RS384'),
    value('RS512'),
    value('PS256'),
    value('HS256'),
    value('none'),
    value('ES256'),
    value('rs256'),
    drop,
  ],
  kid: [(c) => c.kid, drop, value('ins_other'), value(''), value(7)],
  typ: [value('JWT'), drop, value('jwt'), value('at+jwt'), value(0), value(null)],
  extra: [
    value(DROP),
    value({ crit: ['exp'] }),
    value({ jku: 'http://127.0.0.1:1/jwks' }),
    value({ b64: false, crit: ['b64'] }),
    // Clerk's machine-to-machine token category: not a session token.
    value({ cat: 'cl_B7d4PD333AAA' }),
  ],
};

/** How the signature is made, whatever the header claims. */
const SIGNERS = ['as-header', 'rs256', 'stranger', 'hs256-pem', 'empty'] as const;
/** How the signed bytes are encoded before signing. */
const ENCODINGS = [
  'standard',
  'reordered',
  'padded',
  'invalid-utf8',
  'duplicate-sub',
  'array-payload',
  'oversized',
  'noncanonical',
] as const;

export type Mutation =
  | { kind: 'none' }
  | { kind: 'flip-byte'; segment: number; index: number; xor: number }
  | { kind: 'replace-char'; index: number; char: string }
  | { kind: 'truncate-signature'; keep: number }
  | { kind: 'drop-signature' }
  | { kind: 'extra-segment' }
  | { kind: 'two-segments' }
  | { kind: 'pad-signature' }
  | { kind: 'noncanonical-signature' };

export type TokenPlan = {
  claims: Record<string, number>;
  header: Record<string, number>;
  signer: (typeof SIGNERS)[number];
  encoding: (typeof ENCODINGS)[number];
  mutation: Mutation;
};

/** Mostly the genuine choice (index 0), so a fair share of tokens stays valid. */
const choice = (count: number) =>
  fc.oneof(
    { arbitrary: fc.constant(0), weight: 6 },
    { arbitrary: fc.integer({ min: 1, max: count - 1 }), weight: 1 },
  );
const choices = (table: Record<string, Pick[]>) =>
  fc.record(
    Object.fromEntries(Object.entries(table).map(([name, picks]) => [name, choice(picks.length)])),
  );
const rare = <T>(genuine: T, others: readonly T[]) =>
  fc.oneof(
    { arbitrary: fc.constant(genuine), weight: 8 },
    { arbitrary: fc.constantFrom(...others), weight: 2 },
  );

const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 12 },
  fc.record({
    kind: fc.constant('flip-byte' as const),
    segment: fc.integer({ min: 0, max: 2 }),
    index: fc.nat(),
    xor: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('replace-char' as const),
    index: fc.nat(),
    char: fc.constantFrom(...'AQgw_-+/=~. '.split('')),
  }),
  fc.record({ kind: fc.constant('truncate-signature' as const), keep: fc.nat({ max: 340 }) }),
  fc.constant({ kind: 'drop-signature' as const }),
  fc.constant({ kind: 'extra-segment' as const }),
  fc.constant({ kind: 'two-segments' as const }),
  fc.constant({ kind: 'pad-signature' as const }),
  fc.constant({ kind: 'noncanonical-signature' as const }),
);

/** Plans for tokens made from the real signing key, then mutated in header, claims, bytes. */
export const tokenPlans: fc.Arbitrary<TokenPlan> = fc.record({
  claims: choices(CLAIMS),
  header: choices(HEADER),
  signer: rare('as-header', SIGNERS.slice(1)),
  encoding: rare('standard', ENCODINGS.slice(1)),
  mutation: MUTATION,
});
