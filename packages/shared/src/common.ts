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

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const WITHOUT_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

/**
 * A string the contract carries in a request (body field, path parameter, webhook payload):
 * control characters (U+0000–U+001F, U+007F) are refused. No such value needs one, and
 * PostgreSQL cannot store U+0000 at all, so letting one through would end in a 500.
 */
export const text = () =>
  z.string().regex(WITHOUT_CONTROL_CHARACTERS, 'Must not contain control characters');

/** Each control character replaced by a space: for free text we must take, not refuse. */
export const withoutControlCharacters = (value: string) => value.replace(CONTROL_CHARACTER, ' ');
