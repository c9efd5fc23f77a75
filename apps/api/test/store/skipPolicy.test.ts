import { afterEach, describe, expect, it, vi } from 'vitest';
import { requireOrSkip } from '../support/databases.js';

describe('requireOrSkip', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('runs the tests when the service is reachable', () => {
    expect(requireOrSkip('PostgreSQL', true)).toBe(true);
  });

  it('skips with one plain [skip] line outside CI', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    const run = requireOrSkip('Redis', false);

    expect(run).toBe(false);
    expect(warn).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/^\[skip\] Redis tests: /));
  });

  it.each(['PostgreSQL', 'Redis'] as const)('fails instead of skipping %s when CI=true', (name) => {
    vi.stubEnv('CI', 'true');

    expect(() => requireOrSkip(name, false)).toThrow(`CI=true requires ${name}`);
  });

  it('only reports MongoDB as skipped, even when CI=true', () => {
    vi.stubEnv('CI', 'true');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    const run = requireOrSkip('MongoDB', false);

    expect(run).toBe(false);
    expect(warn).toHaveBeenCalledExactlyOnceWith(
      expect.stringMatching(/^\[skip\] MongoDB tests: /),
    );
  });
});
