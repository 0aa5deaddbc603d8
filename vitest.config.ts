// CommonJS syntax on purpose: package.json has no "type": "module", and Vite warns about
// ESM syntax in a config it loads as CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defineConfig } = require('vitest/config') as typeof import('vitest/config');

module.exports = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Probes PyTables, h5py and h5dump once; interop tests skip without them.
    globalSetup: ['test/helpers/global-setup.ts'],
    // The addon is loaded per process; forks keep each test file's HDF5 state apart.
    pool: 'forks',
    // Interop tests start Python and h5dump; give them time.
    testTimeout: 60000,
  },
});
