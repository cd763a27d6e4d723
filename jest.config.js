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
  // One worker per core (jest's default keeps one core for itself): many suites wait on child
  // processes and local servers, so on a 2-core machine two workers halve the run (216 -> 94 s).
  maxWorkers: '100%',
  // Suites that start child processes and local servers take seconds on a loaded 2-core machine;
  // jest's 5 s default then fails them for the machine's load, not for a fault of theirs.
  testTimeout: 30_000,
  // A ratchet, checked when coverage is collected (CI runs `npm test -- --coverage`): just under the
  // level measured on main (statements 93.73-93.84%, branches 83.74-83.89%, functions 95.56-95.76%,
  // lines 95.86-95.95%: random properties move it a little).
  // It was lowered once to 91.5/80.5/93.5/94 while the streamed organization report and flow-log
  // reading had thin tests; their tests landed and it is now above where it stood before
  // (92.5/81.5/94/94.5). Raise it when coverage rises; never lower it to land a change.
  coverageThreshold: {
    global: { statements: 93.8, branches: 83.8, functions: 95.5, lines: 95.8 },
  },
};
