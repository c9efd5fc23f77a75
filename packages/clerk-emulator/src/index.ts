export { startClerkEmulator, assertNotProduction } from './emulator.js';
export type { ClerkEmulator, ClerkEmulatorOptions, MintTokenOptions } from './emulator.js';
export { ClerkInstance, INSTANCE_EVENT_TYPES } from './instance.js';
export type {
  InstanceEvent,
  CreateUserParams,
  UpdateUserParams,
  CreateSessionParams,
  SessionFilter,
} from './instance.js';
export type { SessionActivityParams } from './sessions.js';
export type {
  EmailAddressJSON,
  SessionActivityJSON,
  SessionEventJSON,
  SessionJSON,
  SessionStatus,
  UserJSON,
} from './wire.js';
export { generateSigningKey, loadOrCreateSigningKey } from './keys.js';
export type { SigningKey } from './keys.js';
export { signSessionToken, sessionTokenClaims, DEFAULT_TOKEN_TTL_SECONDS } from './tokens.js';
export type { MintOptions, SessionTokenClaims } from './tokens.js';
export { WebhookSender } from './webhooks.js';
export type { WebhookTarget, WebhookDelivery } from './webhooks.js';
export type { FaultMode } from './app.js';
