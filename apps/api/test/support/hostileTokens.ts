import { generateSigningKey } from '@assetra/clerk-emulator';
import { constants, createHmac, sign, type KeyObject } from 'node:crypto';
import {
  CLAIMS,
  DROP,
  HEADER,
  type Mutation,
  type Pick,
  type TokenContext,
  type TokenPlan,
} from './tokenPlans.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same bytes with the unused low bits of the last character set: Node decodes it, Clerk refuses it. */
function noncanonical(text: string): string {
  const last = ALPHABET.indexOf(text.at(-1) ?? '');
  if (text.length % 4 === 0 || last < 0) return text;
  return `${text.slice(0, -1)}${ALPHABET[last | 1] ?? ''}`;
}

const b64 = (bytes: Buffer, encoding: TokenPlan['encoding'] = 'standard') => {
  const text = bytes.toString('base64url');
  if (encoding === 'noncanonical') return noncanonical(text);
  return encoding === 'padded' ? text.padEnd(Math.ceil(text.length / 4) * 4, '=') : text;
};

/** The header fields or claims a plan picks (DROP: left out), as buildToken puts them in. */
export function pickAll(
  table: Record<string, Pick[]>,
  picked: Record<string, number>,
  ctx: TokenContext,
) {
  const now = Math.floor(Date.now() / 1000);
  const out: Record<string, unknown> = {};
  for (const [name, picks] of Object.entries(table)) {
    const chosen = picks[picked[name] ?? 0]?.(ctx, now);
    if (chosen !== DROP) out[name] = chosen;
  }
  return out;
}

function payloadBytes(plan: TokenPlan, claims: Record<string, unknown>): Buffer {
  const json = JSON.stringify(claims);
  switch (plan.encoding) {
    case 'invalid-utf8':
      return Buffer.concat([
        Buffer.from(`${json.slice(0, -1)},"x":"`),
        Buffer.from([0xff, 0x22, 0x7d]),
      ]);
    case 'reordered':
      return Buffer.from(JSON.stringify(Object.fromEntries(Object.entries(claims).reverse())));
    case 'duplicate-sub':
      return Buffer.from(`${json.slice(0, -1)},"sub":"user_duplicate"}`);
    case 'array-payload':
      return Buffer.from(JSON.stringify([claims]));
    case 'oversized':
      return Buffer.from(JSON.stringify({ ...claims, pad: 'p'.repeat(9000) }));
    default:
      return Buffer.from(json);
  }
}

const RSA_HASH: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

function signature(plan: TokenPlan, alg: unknown, input: Buffer, ctx: TokenContext): Buffer {
  const rs256 = (key: KeyObject) => sign('sha256', input, key);
  switch (plan.signer) {
    case 'rs256':
      return rs256(ctx.key);
    case 'stranger':
      return rs256(ctx.strangerKey);
    case 'hs256-pem':
      return createHmac('sha256', ctx.publicKeyPem).update(input).digest();
    case 'empty':
      return Buffer.alloc(0);
    case 'as-header': {
      if (typeof alg === 'string' && RSA_HASH[alg]) return sign(RSA_HASH[alg], input, ctx.key);
      if (alg === 'PS256')
        return sign('sha256', input, { key: ctx.key, padding: constants.RSA_PKCS1_PSS_PADDING });
      if (alg === 'HS256') return createHmac('sha256', ctx.publicKeyPem).update(input).digest();
      if (alg === 'none') return Buffer.alloc(0);
      return rs256(ctx.key);
    }
  }
}

function mutate(token: string, mutation: Mutation): string {
  const parts = token.split('.');
  switch (mutation.kind) {
    case 'none':
      return token;
    case 'flip-byte': {
      const bytes = Buffer.from(parts[mutation.segment] ?? '', 'base64url');
      if (bytes.length === 0) return token;
      const at = mutation.index % bytes.length;
      bytes[at] = (bytes[at] ?? 0) ^ mutation.xor;
      parts[mutation.segment] = b64(bytes);
      return parts.join('.');
    }
    case 'replace-char': {
      const at = mutation.index % token.length;
      return `${token.slice(0, at)}${mutation.char}${token.slice(at + 1)}`;
    }
    case 'truncate-signature':
      return `${parts[0] ?? ''}.${parts[1] ?? ''}.${(parts[2] ?? '').slice(0, mutation.keep)}`;
    case 'drop-signature':
      return `${parts[0] ?? ''}.${parts[1] ?? ''}.`;
    case 'extra-segment':
      return `${token}.${parts[2] ?? ''}`;
    case 'two-segments':
      return `${parts[0] ?? ''}.${parts[1] ?? ''}`;
    case 'pad-signature':
      return `${token}==`;
    case 'noncanonical-signature':
      return `${parts[0] ?? ''}.${parts[1] ?? ''}.${noncanonical(parts[2] ?? '')}`;
  }
}

/** The token a plan describes, made now (its times are relative to this moment). */
export function buildToken(ctx: TokenContext, plan: TokenPlan): string {
  const claims = pickAll(CLAIMS, plan.claims, ctx);
  const { extra, ...header } = pickAll(HEADER, plan.header, ctx);
  const headerJson = { ...header, ...(extra && typeof extra === 'object' ? extra : {}) };
  const signingInput = `${b64(Buffer.from(JSON.stringify(headerJson)), plan.encoding)}.${b64(payloadBytes(plan, claims), plan.encoding)}`;
  const sig = signature(plan, headerJson.alg, Buffer.from(signingInput), ctx);
  return mutate(`${signingInput}.${b64(sig)}`, plan.mutation);
}

/** A fresh instance key and a stranger's, and the ids a genuine token of `name` carries. */
export async function freshTokenContext(
  name: string,
  issuer: string,
  azp: string,
): Promise<TokenContext> {
  const [key, stranger] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  return {
    key: key.privateKey,
    kid: key.kid,
    publicKeyPem: key.publicKeyPem,
    strangerKey: stranger.privateKey,
    issuer,
    userId: `user_${name}`,
    sessionId: `sess_${name}`,
    azp,
  };
}
