/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types a schema
   path's options as its SchemaTypeOptions class, yet takes plain objects by design. */
import { Schema, type Connection, type InferSchemaType } from 'mongoose';

export const WEBHOOK_SOURCES = ['clerk', 'revenuecat'] as const;

/**
 * Svix and RevenueCat retry for days, not weeks: an id older than this cannot come back, so
 * MongoDB's TTL monitor removes it.
 */
export const PROCESSED_WEBHOOK_TTL_SECONDS = 30 * 24 * 60 * 60;

/** One document per webhook delivery applied; the unique key makes a redelivery a no-op. */
export const processedWebhookSchema = new Schema(
  {
    source: { type: String, enum: WEBHOOK_SOURCES, required: true },
    eventId: { type: String, required: true },
    processedAt: { type: Date, default: Date.now, required: true },
  },
  {
    collection: 'processed_webhooks',
    versionKey: false,
    autoIndex: false,
    autoCreate: false,
  },
);

processedWebhookSchema.index({ source: 1, eventId: 1 }, { unique: true });
processedWebhookSchema.index(
  { processedAt: 1 },
  { expireAfterSeconds: PROCESSED_WEBHOOK_TTL_SECONDS },
);

export type ProcessedWebhookDocument = InferSchemaType<typeof processedWebhookSchema>;

export function processedWebhookModel(connection: Connection) {
  return connection.model('ProcessedWebhook', processedWebhookSchema);
}

export type ProcessedWebhookModel = ReturnType<typeof processedWebhookModel>;
