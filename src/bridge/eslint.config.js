// ESLint for the bridge (flat config): the recommended rules for ES modules on Node.js, a few more that
// catch real mistakes, and every finding an error (`npm run lint`; CI runs it after the bridge's tests).
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // `x == null` / `x != null` (null or undefined) is the one loose comparison the code means.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      // A name that hides an outer one is read as the outer one.
      'no-shadow': 'error',
      'no-unused-expressions': 'error',
      'no-useless-concat': 'error',
      'no-template-curly-in-string': 'error',
    },
  },
];
