/** Browser end-to-end tests: `npm run test:e2e` (needs /usr/bin/chromium). */
module.exports = {
  testEnvironment: 'node',
  // TensorFlow.js (inside the sentence encoder) keeps its engine on the global object; Jest's
  // clean-up between files would only warn about it, so it is left alone.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/test'],
  testMatch: ['**/e2e/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testTimeout: 60000,
};
