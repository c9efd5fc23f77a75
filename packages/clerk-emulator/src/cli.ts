#!/usr/bin/env node
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ClerkInstance, type InstanceState } from './instance.js';
import { assertNotProduction, startClerkEmulator } from './emulator.js';
import { loadOrCreateSigningKey } from './keys.js';
import { activityFields, type SessionActivityParams } from './sessions.js';
import { signSessionToken } from './tokens.js';

const USAGE = `Usage:
  clerk-emulator serve [--port 4010] [--host 127.0.0.1] [--data-dir .data/clerk]
  clerk-emulator token <userId|email> [--fva 0,-1] [--ttl 60] [--azp origin] [--url http://127.0.0.1:4010] [--data-dir .data/clerk]
                      [--device iPhone] [--browser Safari] [--browser-version 18.2] [--city Lisbon] [--country PT] [--ip 203.0.113.7] [--mobile]

serve reads CLERK_SECRET_KEY, CLERK_WEBHOOK_URL and CLERK_WEBHOOK_SIGNING_SECRET when set.
token asks the running emulator at --url; if none answers, it mints offline from --data-dir.
The device options describe where the new session is used from (Clerk's latest_activity).`;

// npm runs workspace scripts inside the workspace; paths given by the user are theirs.
const userCwd = process.env.INIT_CWD ?? process.cwd();

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string', default: process.env.CLERK_EMULATOR_PORT ?? '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string', default: '.data/clerk' },
    url: { type: 'string' },
    fva: { type: 'string' },
    ttl: { type: 'string' },
    azp: { type: 'string' },
    device: { type: 'string' },
    browser: { type: 'string' },
    'browser-version': { type: 'string' },
    city: { type: 'string' },
    country: { type: 'string' },
    ip: { type: 'string' },
    mobile: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
const [command, subject] = positionals;
const dataDir = resolve(userCwd, values['data-dir']);

function parseFva(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map(Number);
  if (parts.length !== 2 || parts.some((n) => !Number.isInteger(n)))
    throw new Error('--fva takes two integers, e.g. 0,-1');
  return [parts[0] ?? 0, parts[1] ?? -1];
}

/** The device options (Clerk's `latest_activity`); undefined when none is given. */
function activityOption(): SessionActivityParams | undefined {
  const activity: SessionActivityParams = {
    deviceType: values.device,
    browserName: values.browser,
    browserVersion: values['browser-version'],
    city: values.city,
    country: values.country,
    ipAddress: values.ip,
    isMobile: values.mobile,
  };
  return Object.keys(activityFields(activity)).length > 0 ? activity : undefined;
}

function activityFieldsOption() {
  const activity = activityOption();
  return activity && activityFields(activity);
}

async function serve() {
  const webhookUrl = process.env.CLERK_WEBHOOK_URL;
  const webhookSecret = process.env.CLERK_WEBHOOK_SIGNING_SECRET;
  const emulator = await startClerkEmulator({
    port: Number(values.port),
    host: values.host,
    dataDir,
    secretKey: process.env.CLERK_SECRET_KEY,
    webhook: webhookUrl && webhookSecret ? { url: webhookUrl, secret: webhookSecret } : undefined,
  });
  console.log(`Clerk emulator listening on ${emulator.url}`);
  console.log(`  CLERK_API_URL=${emulator.url}`);
  console.log(`  CLERK_ISSUER=${emulator.issuer}`);
  console.log(`  signing key kid=${emulator.kid}; keys and secret key kept in ${dataDir}`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function mintViaServer(
  url: string,
  body: Record<string, unknown>,
): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/__dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(2000),
    });
    const json = (await response.json()) as { jwt?: string; errors?: { long_message: string }[] };
    if (!response.ok || !json.jwt)
      throw new Error(json.errors?.[0]?.long_message ?? `HTTP ${response.status}`);
    return json.jwt;
  } catch (error) {
    if (error instanceof TypeError || (error as Error).name === 'TimeoutError') return undefined; // not running
    throw error;
  }
}

/** Without a running emulator: the same key and users, read from (and saved to) the data dir. */
async function mintOffline(
  subjectText: string,
  fva?: [number, number],
  ttlSeconds?: number,
  azp?: string,
) {
  const stateFile = join(dataDir, 'state.json');
  const initial = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as InstanceState)
    : undefined;
  const key = await loadOrCreateSigningKey(dataDir);
  const save = (state: InstanceState) => {
    writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
  };
  const instance = new ClerkInstance(() => undefined, save, Date.now, initial);
  const userId = subjectText.includes('@')
    ? (instance.findUserIdByEmail(subjectText) ??
      instance.createUser({ emailAddress: [subjectText] }).id)
    : instance.getUser(subjectText).id;
  const session = instance.createSession({ userId, activity: activityOption() });
  const issuer = values.url ?? `http://127.0.0.1:${values.port}`;
  return signSessionToken(key, { userId, sessionId: session.id, issuer, fva, ttlSeconds, azp });
}

async function token() {
  if (!subject) throw new Error('token needs a user id (user_…) or an email address');
  const fva = parseFva(values.fva);
  const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
  const url = values.url ?? `http://127.0.0.1:${values.port}`;
  const request = subject.includes('@') ? { email: subject } : { user_id: subject };
  const jwt =
    (await mintViaServer(url, {
      ...request,
      fva,
      expires_in_seconds: ttlSeconds,
      azp: values.azp,
      activity: activityFieldsOption(),
    })) ?? (await mintOffline(subject, fva, ttlSeconds, values.azp));
  process.stdout.write(`${jwt}\n`);
}

async function main() {
  assertNotProduction();
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (command === 'serve') return serve();
  if (command === 'token') return token();
  throw new Error(`unknown command ${command}\n${USAGE}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
