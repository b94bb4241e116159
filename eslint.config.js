// Lint: TypeScript rules plus the import rule of ARCHITECTURE.md (who may import whom).
import tseslint from 'typescript-eslint';

const adapters = String.raw`(cluster/(sim|kube|api-server)|cloud/(mock-ec2|aws|ec2-api))(/|$)`;
const rule = (regexes, message) => ({
  'no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }],
});
const wallClock = {
  'no-restricted-syntax': [
    'error',
    { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'Use a seeded random stream (src/sim/random.ts).' },
    { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Use the Clock port.' },
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the Clock port.' },
    { selector: "CallExpression[callee.name=/^set(Timeout|Interval|Immediate)$/]", message: 'Use the Clock port.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', 'bench/results/**', 'src/catalog/*.json'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/model/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { ...rule([String.raw`^\.\./`], 'model imports nothing internal outside model/.'), ...wallClock },
  },
  {
    files: ['src/sim/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: rule([String.raw`^\.\./`], 'sim/ (the kernel) imports nothing internal outside sim/.'),
  },
  {
    files: ['src/scheduling/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { ...rule([String.raw`^\.\./(?!model/)[^.]`], 'scheduling imports only model.'), ...wallClock },
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...rule([adapters, 'baselines/', 'runtime/', 'report/', 'metrics/', 'workload/', 'scenario/', 'cli/', String.raw`sim/(?!clock|controller-loop)`],
        'engine imports model, scheduling, the ports and the Clock type only — never an adapter or the baselines.'),
      '@typescript-eslint/no-explicit-any': 'error',
      ...wallClock,
    },
  },
  {
    files: ['src/baselines/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...rule([adapters, String.raw`(^|/)engine/`, 'runtime/', 'report/', 'metrics/', 'workload/', 'scenario/', 'cli/', String.raw`sim/(?!clock|controller-loop)`],
        'baselines import model, scheduling, the ports and the Clock type only — never an adapter or the engine.'),
      ...wallClock,
    },
  },
  {
    files: ['src/cluster/kube/**/*.ts', 'src/cloud/aws/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: rule([String.raw`(^|/)sim/(?!clock)`, String.raw`cluster/sim`, 'mock-ec2'], 'live adapters never import the simulation (the Clock port type is allowed).'),
  },
  {
    files: ['src/report/**/*.ts', 'src/metrics/**/*.ts', 'src/workload/**/*.ts', 'src/scenario/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: rule([adapters, String.raw`(^|/)engine/`, 'baselines/'], 'only runtime/ meets the engine, the baselines and concrete adapters.'),
  },
);
