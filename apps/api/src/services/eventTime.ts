import { z } from 'zod';

/** The end of year 9999: later is no real timestamp (and not every store can hold it). */
const MAX_EVENT_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A provider's timestamp in ms since the epoch: an integer from 1970 to the end of 9999. */
export const EventTimeMsSchema = z.number().int().nonnegative().max(MAX_EVENT_TIME_MS);
