// scripts/sizes.mjs finds the functions it should, measures them from their
// opening to their closing brace, and is not fooled by braces in literals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longFunctions } from '../../scripts/sizes.mjs';

const body = (n) => Array.from({ length: n - 2 }, (_, i) => `  x += ${i};`).join('\n');
const fn = (sig, n) => `${sig} {\n${body(n)}\n}\n`;
const lengths = (file, src) => longFunctions(file, src).map((f) => [f.name.split('(')[0].trim().split(' ').pop(), f.lines, f.excused]);

test('sizes: C++ functions at file, namespace and class level, lambdas counted in their function', () => {
  const src = [
    '#include <string>',
    '#define BRACE {',
    'namespace a {',
    fn('int top(int x) const noexcept', 81),
    'struct S : Base {',
    fn('  int method() override', 12),
    '  enum class E { A, B };',
    '};',
    'static const int table[] = {1, 2, 3};',
    'int with_lambda() {\n  auto f = [&](int y) {\n    return y;\n  };\n  if (f(1)) {\n  }\n  return 0;\n}',
    '}  // namespace a',
    'Foo::Foo(int a) : a_{a}, b_(a) {\n}',
  ].join('\n');
  assert.deepEqual(lengths('x.cpp', src), [['top', 81, false], ['method', 12, false], ['with_lambda', 8, false], ['Foo::Foo', 2, false]]);
});

test('sizes: braces in C++ literals, comments and preprocessor lines are not code', () => {
  const src = [
    '// a comment {',
    '/* {{ */',
    'int f() {',
    '  const char* s = "}{\\"}";',
    '  char c = \'{\';',
    '  auto raw = R"sql({ ")" })sql";',
    '  long n = 10\'000\'000;',
    '#define OPEN {',
    '  return 0;',
    '}',
  ].join('\n');
  assert.deepEqual(lengths('x.cpp', src), [['f', 8, false]]);
});

test('sizes: JavaScript functions, methods and arrows, nested ones too; regexes and templates are not code', () => {
  const src = [
    'export function outer(a) {',
    '  const re = /[{]\\}/g, half = a / 2 / 1;',
    '  const t = `x ${ { a: "}" }.a } ${`${"{"}`} }`;',
    '  const inner = (b) => {',
    '    return b;',
    '  };',
    '  if (a) {',
    '  }',
    '  return { inner };',
    '}',
    'class K extends mixin(Base) {',
    '  async method(x) {',
    '    for (const y of x) {',
    '    }',
    '  }',
    '}',
  ].join('\n');
  assert.deepEqual(lengths('x.mjs', src), [['outer', 10, false], ['=', 3, false], ['method', 4, false]]);
});

test('sizes: a "Long:" comment directly above excuses a function; one further up does not', () => {
  const excused = `// Long: one table, in the order of the format.\n${fn('int f()', 90)}`;
  assert.deepEqual(lengths('x.cpp', excused), [['f', 90, true]]);
  const apart = `// Long: about something else.\nint g;\n\n${fn('int f()', 90)}`;
  assert.deepEqual(lengths('x.cpp', apart), [['f', 90, false]]);
});

test('sizes: braces that do not pair up (a literal misread) are an error, not a length', () => {
  assert.throws(() => longFunctions('x.cpp', 'int f() {\n'), /never closed/);
  assert.throws(() => longFunctions('x.mjs', 'const a = 1; }\n'), /without its/);
});

test('sizes: braces inside a parameter list (a `= {}` default, a destructured object) are part of the header, not the body', () => {
  const js = [
    fn('export async function create(factory, options = {}, first = 1)', 90),
    fn('function pick({ a, b }, [c] = [])', 85),
    fn('const arrow = async ({ x } = {}) =>', 82),
    'if (call({ a: 1 })) {\n}',
  ].join('');
  assert.deepEqual(lengths('x.mjs', js), [['create', 90, false], ['pick', 85, false], ['async', 82, false]]);
  const cpp = fn('int f(std::vector<int> v = {}, Options o = Options{})', 81);
  assert.deepEqual(lengths('x.cpp', cpp), [['f', 81, false]]);
});
