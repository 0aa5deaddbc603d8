// ESLint (flat config) for the TypeScript and JavaScript in this repository.
// Formatting is Prettier's job (npm run format); these rules catch mistakes.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'build/',
      'build-*/',
      'node_modules/',
      'docs/',
      'fuzz-out/',
      'prebuilds/',
      '.readme-*/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a deliberately unused argument or binding.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      // `let { a, b } = ...` where only some are reassigned stays one declaration.
      'prefer-const': ['error', { destructuring: 'all' }],
      // `catch {}` marks a probe whose failure only means "unknown" (bench machine facts).
      'no-empty': ['error', { allowEmptyCatch: true }],
      // `x = null` to drop the last reference before a GC is deliberate in tests and benches.
      'no-useless-assignment': 'off',
    },
  },
  {
    // The published API: no `any` (DESIGN.md, lib/).
    files: ['lib/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // Tests and tools may reach into loosely typed values (child process output, JSON).
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain CommonJS tools and helpers.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      // `const crypto = require('crypto')` shadows Node's global of the same name on purpose.
      'no-redeclare': ['error', { builtinGlobals: false }],
    },
  },
);
