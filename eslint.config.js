import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default ts.config(
  { ignores: ['dist/', 'dist-bench/', 'dist-single/', 'dist-cli/', 'bench-out/', 'node_modules/', 'test-results/', 'playwright-report/', 'test/fixtures/'] },
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
      // version counter, instead of per-entry reactive SvelteMap/SvelteSet (docs/architecture.md).
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
    // The core is pure: no format libraries, no UI, no DOM, no Node (docs/architecture.md).
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
  {
    // The page talks to the engine only through the worker protocol, and reads only the core's
    // types (plus two pure helpers): the engine, the readers and writers stay out of the first-load
    // bundle and out of the components. client.ts is the bridge that starts the worker (and, when
    // none can start, loads the engine on the page), so it may import the worker.
    files: ['src/lib/ui/**/*.ts', 'src/lib/ui/**/*.svelte', 'src/App.svelte'],
    ignores: ['src/lib/ui/client.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          { name: 'xlsx', message: 'Only src/lib/io reads or writes file formats.' },
          { name: 'papaparse', message: 'Only src/lib/io reads or writes file formats.' },
        ],
        patterns: [
          { group: ['**/io', '**/io/**'], message: 'The page does not import io: file work happens in the engine, behind the worker protocol.' },
          { group: ['**/worker/*', '!**/worker/protocol'], message: 'The page talks to the engine only through src/lib/worker/protocol.ts (and client.ts).' },
          {
            // core/report: maskedIssue, so that the print view masks numbers as the report does.
            // core/rules/index and core/rules/share: the rules' Chinese names and the share's text,
            // so the page words them exactly as the report and the command line do.
            // core/profiles/*.json: the province list of the settings (until the profile
            // component gives the validated profile's list).
            // core/issue-codec: issues arrive packed and are unpacked where the page shows them.
            // core/project-check: the project settings' rules, shared with the command line (no zod).
            // core/printable: names from files shown with control characters escaped, as the command line does.
            // core/verdict and core/files: the one verdict and the one list of file kinds, shared
            // with the batch engine and the command line.
            group: ['**/core/*', '!**/core/types', '!**/core/verdict', '!**/core/files', '!**/core/report', '!**/core/issue-codec', '!**/core/project-check', '!**/core/printable', '!**/core/profiles', '!**/core/rules', '**/core/rules/**', '!**/core/rules/index', '!**/core/rules/share', '**/core/profiles/*', '!**/core/profiles/national.json'],
            allowTypeImports: true,
            message: 'The page imports only types from src/lib/core (and core/types constants such as cellKey).',
          },
        ],
      }],
    },
  },
);
