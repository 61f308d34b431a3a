import { defineConfig } from 'vitest/config';

// Two projects: pure/unit tests run in parallel; tests that talk to moto_server share one server
// (started by the global setup) and run one file at a time, resetting it between tests.
export default defineConfig({
  test: {
    testTimeout: 20_000,
    // CI=false: Ink renders only a final frame when it believes it runs in CI, and the UI tests read
    // the live frames a person would see. Nothing else in the suite looks at CI.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/aws/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'aws',
          include: ['test/aws/**/*.test.ts'],
          globalSetup: ['test/harness/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
