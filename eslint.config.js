import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default ts.config(
  { ignores: ['dist/', 'dist-cli/', 'bench-out/', 'node_modules/', 'test-results/', 'playwright-report/', 'test/fixtures/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
    rules: {
      // Rosters have 100,000 rows: the page keeps big Maps and arrays in $state.raw and bumps a
      // version counter, instead of per-entry reactive SvelteMap/SvelteSet (design.md).
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // Only src/lib/io may touch file formats.
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['src/lib/io/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: 'xlsx', message: 'Only src/lib/io reads or writes file formats.' },
        { name: 'papaparse', message: 'Only src/lib/io reads or writes file formats.' },
      ] }],
    },
  },
  {
    // The core is pure: no format libraries, no UI, no DOM, no Node (design.md).
    files: ['src/lib/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['xlsx', 'papaparse', 'svelte', 'svelte/*', 'node:*', 'fs', 'path', '**/io/**', '**/ui/**', '*.svelte'], message: 'src/lib/core must stay pure: no format libraries, Svelte, Node or io imports.' },
        ],
      }],
      'no-restricted-globals': ['error', 'document', 'window', 'navigator', 'localStorage', 'indexedDB', 'fetch', 'XMLHttpRequest', 'process', 'Buffer', 'require'],
    },
  },
);
