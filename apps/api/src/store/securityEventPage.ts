import type { SecurityEventPage, SecurityEventRecord } from './port.js';

/**
 * A page of events from `limit + 1` rows read newest first: the extra row only says that a
 * next page exists, whose cursor is the last event shown.
 */
export function pageOf(rows: SecurityEventRecord[], limit: number): SecurityEventPage {
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return { events, next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
}
