import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'net', 'path', 'os', 'child_process', 'crypto', 'stream', 'http', 'tls'];

/** What no file in main/ may import (electron/ and the shell's folder). */
const mainRestrictions = {
  paths: [{ name: 'electron', message: 'main/ is Electron-free: inject what you need from electron/.' }],
  patterns: [
    {
      regex: '(^|/)electron/',
      message: 'main/ may not depend on electron/: shared types live in contract/ (import them as @contract/...).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', mainRestrictions] },
  },
  {
    // The rooms are the floor below the gateway (docs/ARCHITECTURE.md): only its leaf contain.ts is shared. Tests
    // may use the gateway's test clients.
    files: ['main/rooms/**/*.ts'],
    ignores: ['main/rooms/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: mainRestrictions.paths,
          patterns: [
            ...mainRestrictions.patterns,
            {
              regex: '^\\.\\./(gateway/(?!contain\\.js$)|transfer/|client/|host/|app/|cli/)',
              message:
                'main/rooms sits below the gateway, transfer and the apps: it may import protocol/ (and security/), not them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only to the preload API.' }],
          patterns: [
            { group: nodeBuiltins, message: 'No Node modules in the renderer.' },
            { group: ['**/main/**', '../main/*'], message: 'The renderer may not import main/.' },
            {
              regex: '(^|/)electron/',
              message: 'The renderer may not import electron/: the IPC contract is @contract/ipc-contract (types).',
            },
          ],
        },
      ],
    },
  },
);
