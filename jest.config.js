/** Unit and integration tests: `npm test`. Browser tests live in jest.e2e.config.js. */
module.exports = {
  testEnvironment: 'node',
  // TensorFlow.js (inside the sentence encoder) keeps its engine on the global object. Each test
  // file must start with none: a file that ended while the model was still loading would leave a
  // half-initialised engine for the next file in the same worker.
  testEnvironmentOptions: { globalsCleanup: 'on' },
  roots: ['<rootDir>/test'],
  testMatch: ['**/unit/**/*.test.ts', '**/integration/**/*.test.ts'],
  // Templates of views/shared/ import as the browser bundle gets them: compiled (scripts/ejs-module.mjs).
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'], '^.+\\.ejs$': '<rootDir>/scripts/ejs-module.mjs' },
  testTimeout: 20000,
};
