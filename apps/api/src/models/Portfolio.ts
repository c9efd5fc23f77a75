/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- mongoose types a schema
   path's options as its SchemaTypeOptions class, yet takes plain objects by design. */
import { Schema, Types, type Connection } from 'mongoose';

/**
 * Written out rather than inferred: the inferred type of a schema with ObjectId or Decimal128
 * paths names bson's private `bsonType` symbol, which `tsc --declaration` (the build) cannot emit.
 */
export type PortfolioDocument = {
  userId: Types.ObjectId;
  baseCurrency: string;
  totalValue: Types.Decimal128;
  lastCalculatedAt: Date | null;
};

/** One portfolio per user, created empty with the user. */
export const portfolioSchema = new Schema<PortfolioDocument>(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true, unique: true },
    baseCurrency: { type: String, default: 'USD', required: true },
    // Money is exact: Decimal128, never a binary float.
    totalValue: {
      type: Schema.Types.Decimal128,
      default: () => Types.Decimal128.fromString('0'),
      required: true,
    },
    lastCalculatedAt: { type: Date, default: null },
  },
  // Written only through atomic updates (no `save()`, so no version key); indexes are built
  // by the store once connected, not on model compile.
  { collection: 'portfolios', versionKey: false, autoIndex: false, autoCreate: false },
);

/** Registers the model on the given connection (each store owns its connection). */
export function portfolioModel(connection: Connection) {
  return connection.model('Portfolio', portfolioSchema);
}

export type PortfolioModel = ReturnType<typeof portfolioModel>;
