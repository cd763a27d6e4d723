/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  // The CLI's live seam imports './live.js' (an ES dynamic import needs the extension): the source
  // is live.ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  collectCoverageFrom: ['src/**/*.ts', 'handlers/**/*.ts'],
  // A ratchet, checked when coverage is collected (CI runs `npm test -- --coverage`): just under the
  // level measured when it was set (statements 93.7%, branches 84.6%, functions 95.5%, lines 96.0%).
  // Raise it when coverage rises; never lower it to land a change.
  coverageThreshold: {
    global: { statements: 92, branches: 83, functions: 94, lines: 94 },
  },
};
