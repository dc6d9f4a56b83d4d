// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-demo/**', 'docs/api/**', '.cache/**', 'test/fixtures/**/syntax-error.*'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'No `export *`: list exports by name (style G2).' },
      ],
    },
  },
  {
    // Time and randomness are injected (style G8): only platform/ may read the wall clock.
    files: ['src/shared-memory/**', 'src/protocol/**', 'src/engine/**', 'src/logic/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Inject randomness (style G8); only src/platform may call Math.random.' },
        { object: 'Date', property: 'now', message: 'Inject a Clock (style G8); only src/platform may read the wall clock.' },
        { object: 'performance', property: 'now', message: 'Inject a Clock (style G8); only src/platform may read the wall clock.' },
      ],
    },
  },
);
