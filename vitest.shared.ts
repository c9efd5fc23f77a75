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
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  });
}
