import { defineProject } from 'vitest/config';

/** Settings every Node workspace's vitest project shares; each passes its own name. */
export function nodeProject(name: string) {
  return defineProject({
    resolve: { conditions: ['@assetra/source'] },
    ssr: { resolve: { conditions: ['@assetra/source'] } },
    // globalSetup files run in vitest's own environment, which ignores the two settings above
    // (vitest-dev/vitest#9429); the API's migrates through the store, which imports the contract.
    environments: { __vitest__: { resolve: { conditions: ['@assetra/source'] } } },
    test: {
      name,
      environment: 'node',
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      // Test files share their worker's module graph: importing the API (Express, Clerk's SDK,
      // the drivers) once per worker instead of once per file saves about 40% of the suite's CPU.
      // So a test file leaves nothing behind: no vi.mock; stubbed environment variables and spies
      // undone in its own afterEach (vitest's unstubEnvs/restoreMocks act only before the next
      // test, after the next file's beforeAll); whatever it starts it stops.
      isolate: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
}
