// The lint suite of `make test` (scripts/run-tests lint): keeps the JavaScript of the
// tests and the benchmarks within the Node that package.json's `engines` names, which
// is the nodejs Debian 12 ships (18.19). eslint-plugin-n's rules read that range from
// package.json: a Node API, an ECMAScript built-in or a piece of syntax that came later
// (zlib.crc32, fs.globSync, Array.prototype.toSorted, import attributes, ...) is an error.
//
// What the rules cannot see, by the nature of JavaScript: members of objects handed to
// a callback, such as the test context of node:test (t.assert, t.mock.timers); the
// tests use the imported functions of node:test and node:assert instead.
import n from 'eslint-plugin-n';

export default [
	{
		ignores: ['build/**', 'build-test/**', 'node_modules/**', 'subprojects/**'],
	},
	{
		files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
		languageOptions: {
			// Parse everything eslint knows, so that syntax newer than the engines range
			// is reported by the rule below rather than failing as a parse error.
			ecmaVersion: 'latest',
			sourceType: 'module',
		},
		plugins: { n },
		rules: {
			// allowExperimental: the test runner itself (node:test) was still marked
			// experimental in Node 18; it is there, and the tests use it. A feature not in
			// 18.19 at all is still an error.
			// test.describe: node:test's describe() is in Node 18 (added in 18.6); the
			// rule's data give it the dates of suite(), its alias from Node 20.13/22.
			'n/no-unsupported-features/node-builtins': [
				'error',
				{ allowExperimental: true, ignores: ['test.describe'] },
			],
			'n/no-unsupported-features/es-builtins': 'error',
			'n/no-unsupported-features/es-syntax': 'error',
			// Two pieces of syntax the rules above do not know yet: import attributes
			// (`import x from './x.json' with { type: 'json' }`, Node 18.20 and 20.10) and
			// `using` declarations (Node 24).
			'no-restricted-syntax': [
				'error',
				{
					selector: 'ImportDeclaration[attributes.length>0], ImportExpression[options]',
					message: 'Import attributes are not in Node 18.19 (Debian 12): read the file with fs instead.',
				},
				{
					selector: "VariableDeclaration[kind='using'], VariableDeclaration[kind='await using']",
					message: "'using' declarations are not in Node 18.19 (Debian 12).",
				},
			],
		},
	},
];
