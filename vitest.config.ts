import { defineConfig } from 'vitest/config';

/** `npm run test:long` (FLEETSIM_LONG=1 vitest run test/long): the soak, full-horizon determinism, heavy properties. */
const long = Boolean(process.env.FLEETSIM_LONG);

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // test/long is left out of the normal run only; with FLEETSIM_LONG set it is included (else `vitest run test/long` finds nothing).
    exclude: long ? ['node_modules/**'] : ['test/long/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The soak samples heap after global.gc().
    ...(long ? { execArgv: ['--expose-gc'] } : {}),
  },
});
