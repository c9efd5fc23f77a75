import { SECURITY_EVENT_TYPES } from '@assetra/shared';
import { describe, expect, it } from 'vitest';
import { SECURITY_EVENT_TTL_SECONDS } from '../../src/models/SecurityEvent.js';
import { SECURITY_EVENT_RETENTION_MS } from '../../src/services/securityCenter.js';
import { securityEventTypes } from '../../src/store/sql/schema.js';

describe('security event types and retention', () => {
  it('lets the SQL check constraint accept exactly the contract’s event types', () => {
    expect([...securityEventTypes].sort()).toEqual([...SECURITY_EVENT_TYPES].sort());
  });

  it('keeps events 400 days in every store', () => {
    expect(SECURITY_EVENT_TTL_SECONDS * 1000).toBe(400 * 24 * 60 * 60 * 1000);
    expect(SECURITY_EVENT_RETENTION_MS).toBe(SECURITY_EVENT_TTL_SECONDS * 1000);
  });
});
