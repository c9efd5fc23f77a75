import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Key material that must never reach the app bundle. Bare prefixes (`"sk_live_"`) are fine —
 * Clerk's SDK and src/config.ts test keys against them — so each pattern needs the key body.
 */
export const SECRET_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'Clerk secret key', pattern: /sk_(?:live|test)_[A-Za-z0-9]{16,}/ },
  { name: 'RevenueCat secret key', pattern: /\bsk_[A-Za-z0-9]{24,}/ },
  { name: 'Svix / Clerk webhook secret', pattern: /whsec_[A-Za-z0-9+/=]{16,}/ },
  { name: 'PEM block (private key or certificate)', pattern: /-----BEGIN [A-Z ]+-----/ },
  { name: 'Stripe restricted key', pattern: /rk_(?:live|test)_[A-Za-z0-9]{16,}/ },
  { name: 'AWS access key id', pattern: /\bAKIA[0-9A-Z]{16}\b/ },
];

/** Names of environment variables whose values are secrets if they are set where the export is built. */
const SECRET_ENV_NAME = /SECRET|PRIVATE|PASSWORD|WEBHOOK|_AUTH$|JWT_KEY/;

export type Finding = { file: string; kind: string; excerpt: string };

function redact(match: string): string {
  return `${match.slice(0, 10)}…(${match.length} chars)`;
}

export function scanText(
  file: string,
  text: string,
  env: Readonly<Record<string, string | undefined>> = {},
): Finding[] {
  const findings: Finding[] = [];
  for (const { name, pattern } of SECRET_PATTERNS) {
    const match = pattern.exec(text);
    if (match) findings.push({ file, kind: name, excerpt: redact(match[0]) });
  }
  for (const [name, value] of Object.entries(env)) {
    if (value && value.length >= 12 && SECRET_ENV_NAME.test(name) && text.includes(value)) {
      findings.push({ file, kind: `value of $${name}`, excerpt: redact(value) });
    }
  }
  return findings;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Scans every text file of an export (JS, HTML, JSON, source maps) for secrets. */
export function scanDirectory(
  dir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Finding[] {
  return filesUnder(dir)
    .filter((file) => /\.(js|mjs|cjs|html|json|map|css|txt)$/.test(file))
    .flatMap((file) => scanText(path.relative(dir, file), readFileSync(file, 'utf8'), env));
}
