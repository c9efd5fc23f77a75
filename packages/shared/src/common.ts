import { z } from 'zod';

/**
 * An ISO 8601 timestamp with a `Z` or numeric offset (`Date#toISOString()` output).
 * Date-only or offset-less values are rejected: without a zone they mean different
 * instants on the server and on the phone.
 */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTimeSchema>;

/** Record ids are opaque: an ObjectId on MongoDB, a UUID on PostgreSQL. */
export const IdSchema = z.string().min(1);
export type Id = z.infer<typeof IdSchema>;
