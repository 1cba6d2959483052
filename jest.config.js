/** Unit and integration tests: `npm test`. Browser tests live in jest.e2e.config.js. */
module.exports = {
  testEnvironment: 'node',
  // TensorFlow.js (inside the sentence encoder) keeps its engine on the global object; Jest's
  // clean-up between files would only warn about it, so it is left alone.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  roots: ['<rootDir>/test'],
  testMatch: ['**/unit/**/*.test.ts', '**/integration/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testTimeout: 20000,
};
