import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createEmulatorApp, type FaultMode } from './app.js';
import { clerkId, randomToken } from './ids.js';
import { ClerkInstance, type InstanceState } from './instance.js';
import { generateSigningKey, loadOrCreateSigningKey, type SigningKey } from './keys.js';
import type { MintRequest } from './routes/dev.js';
import { signSessionToken } from './tokens.js';
import { WebhookSender, type WebhookSenderOptions, type WebhookTarget } from './webhooks.js';

export type ClerkEmulatorOptions = {
  port?: number;
  host?: string;
  /** Backend API secret key; generated (`sk_test_…`) when absent, kept in `dataDir` if given. */
  secretKey?: string;
  /** The `iss` of minted tokens; defaults to the emulator's own URL (it serves the FAPI bits). */
  issuer?: string;
  /** Keeps the signing key, secret key, users and sessions across restarts. */
  dataDir?: string;
  /** A fixed signing key (tests that need two emulators with one key). */
  signingKey?: SigningKey;
  webhook?: WebhookTarget;
  webhookRetry?: Omit<WebhookSenderOptions, 'instanceId'>;
  /** The instance's clock (ms): tests move it to age sessions. Tokens keep the real time. */
  now?: () => number;
};

export type MintTokenOptions = Omit<MintRequest, 'sessionId'> & {
  userId: string;
  /** Reuse a session; otherwise a new one is created for the user (with `activity`). */
  sessionId?: string;
};

export type ClerkEmulator = {
  /** Base URL: pass as `apiUrl` to `@clerk/backend` and as `CLERK_API_URL` to the API. */
  url: string;
  secretKey: string;
  issuer: string;
  /** The current signing key's; each changes with rotateSigningKey(). */
  readonly kid: string;
  /** SPKI PEM for networkless verification (`jwtKey`, `CLERK_JWT_KEY`). */
  readonly publicKeyPem: string;
  readonly signingKey: SigningKey;
  /**
   * Replaces the signing key, as a Clerk instance's key rotation does: tokens are minted with a
   * new key (new `kid`) and the JWKS publishes only it, so the old key is retired at once. Not
   * persisted to `dataDir`: a restarted emulator uses its stored key again.
   */
  rotateSigningKey(): Promise<SigningKey>;
  instance: ClerkInstance;
  webhooks: WebhookSender;
  /**
   * Mints a session token for a user (creating a session unless one is given). Minting counts
   * as using the session: its `last_active_at` moves, and `activity` becomes its `latest_activity`.
   */
  mintToken(options: MintTokenOptions): Promise<{ token: string; sessionId: string }>;
  configureWebhook(target: WebhookTarget | undefined): void;
  /** Makes the Backend API answer 503 (`error`) or never answer (`hang`) until set to null. */
  setFault(mode: FaultMode): void;
  close(): Promise<void>;
};

export function assertNotProduction(env: NodeJS.ProcessEnv = process.env) {
  if (env.NODE_ENV === 'production') {
    throw new Error(
      'The Clerk emulator is for development and tests only; refusing to start with NODE_ENV=production.',
    );
  }
}

function persistentSecretKey(dataDir: string): string {
  const file = join(dataDir, 'secret-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = `sk_test_${randomToken(24)}`;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

function loadState(dataDir: string | undefined): InstanceState | undefined {
  const file = dataDir && join(dataDir, 'state.json');
  if (!file || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as InstanceState;
}

export async function startClerkEmulator(
  options: ClerkEmulatorOptions = {},
): Promise<ClerkEmulator> {
  assertNotProduction();
  const { dataDir } = options;
  let signingKey =
    options.signingKey ??
    (dataDir ? await loadOrCreateSigningKey(dataDir) : await generateSigningKey());
  const secretKey =
    options.secretKey ?? (dataDir ? persistentSecretKey(dataDir) : `sk_test_${randomToken(24)}`);
  const webhooks = new WebhookSender({ instanceId: clerkId('ins'), ...options.webhookRetry });
  webhooks.configure(options.webhook);
  const saveState = dataDir
    ? (state: InstanceState) => {
        writeFileSync(join(dataDir, 'state.json'), JSON.stringify(state), { mode: 0o600 });
      }
    : undefined;
  const instance = new ClerkInstance(
    (event) => {
      webhooks.send(event);
    },
    saveState,
    options.now ?? Date.now,
    loadState(dataDir),
  );

  const fault: { mode: FaultMode } = { mode: null };
  let issuer = options.issuer ?? '';
  const mint = async (request: MintRequest) => {
    const { session, fva } = instance.activeSession(request.sessionId);
    instance.touchSession(session.id, request.activity);
    return signSessionToken(signingKey, {
      userId: session.userId,
      sessionId: session.id,
      issuer,
      ttlSeconds: request.ttlSeconds,
      fva: request.fva ?? fva,
      azp: request.azp,
      extraClaims: request.extraClaims,
    });
  };
  const app = createEmulatorApp({
    instance,
    secretKey,
    jwks: () => [signingKey.jwk],
    issuer: () => issuer,
    mint,
    fault,
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  issuer ||= url;

  return {
    url,
    secretKey,
    issuer,
    get kid() {
      return signingKey.kid;
    },
    get publicKeyPem() {
      return signingKey.publicKeyPem;
    },
    get signingKey() {
      return signingKey;
    },
    async rotateSigningKey() {
      signingKey = await generateSigningKey();
      return signingKey;
    },
    instance,
    webhooks,
    async mintToken({ userId, sessionId, activity, ...rest }) {
      if (sessionId) return { token: await mint({ ...rest, activity, sessionId }), sessionId };
      const id = instance.createSession({ userId, activity }).id;
      return { token: await mint({ ...rest, sessionId: id }), sessionId: id };
    },
    configureWebhook(target) {
      webhooks.configure(target);
    },
    setFault(mode) {
      fault.mode = mode;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
