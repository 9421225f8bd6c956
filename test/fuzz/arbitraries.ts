/**
 * fast-check generators of bad input for the fuzz suite (issue 16): configuration files, trace
 * files, command lines and misbehaving mechanism plugins. Each generated case says whether it
 * is certainly bad (`bad: true`: the CLI must refuse it, exit 2, one line) or only odd (the CLI
 * may run it, but must not crash).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './harness.ts';

/** Names that live on Object.prototype: they must behave like any other name. */
export const PROTO_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

/** A generated file's text and whether it must be refused. */
export interface FileCase {
  text: string;
  bad: boolean;
  what: string;
}

/** A small valid configuration (explicit tree) the mutations start from. */
export function baseConfig(): Record<string, unknown> {
  return {
    master: { id: 'ms' }, zones: [{ id: 'z1' }], cells: [{ id: 'c1', zone: 'z1' }],
    hosts: [{ id: 'mh1', kind: 'mobile', cell: 'c1', interests: ['o'] }, { id: 'mh2', kind: 'mobile', cell: 'c1', interests: ['o'] }],
    objects: [{ id: 'o', kind: 'frequent', items: ['x'], related: [] }],
    bounds: { updatesPerHost: 1, values: 1 }, writers: ['mh1'], knobs: { refusals: 0 },
  };
}

const HUGE = fc.constantFrom(1e9, 2 ** 53, 1e308, 4294967296);
const NOT_A_COUNT = fc.constantFrom<unknown>(-1, 1.5, 'x', null, true, [], {}, '7');

/** Numeric fields of the shorthand form and the bounds: [path, field]. */
const NUMERIC: [string[], string][] = [
  [['topology'], 'zones'], [['topology'], 'cellsPerZone'], [['topology'], 'mobilePerCell'], [['topology'], 'fixedPerCell'],
  [['objects'], 'frequent'], [['objects'], 'infrequent'], [['objects'], 'itemsPerObject'],
  [['bounds'], 'values'], [['bounds'], 'updatesPerHost'], [['bounds'], 'duplicates'], [['knobs'], 'refusals'], [['knobs'], 'clockSkew'],
];

function shorthand(): Record<string, unknown> {
  return { topology: { zones: 1, cellsPerZone: 1, mobilePerCell: 2 }, objects: { frequent: 1 }, bounds: {}, knobs: { refusals: 0 } };
}

function setAt(o: Record<string, unknown>, path: string[], field: string, v: unknown): Record<string, unknown> {
  let n = o;
  for (const k of path) n = n[k] as Record<string, unknown>;
  n[field] = v;
  return o;
}

/** Nests `v` inside `depth` arrays (as text: building the value would itself be deep). */
function deepText(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Bad configuration files (JSON text): each case is certainly refused. */
export const badConfig: fc.Arbitrary<FileCase> = fc.oneof(
  // A size far beyond the schema's limits, or not a count at all.
  fc.tuple(fc.constantFrom(...NUMERIC), fc.oneof(HUGE, NOT_A_COUNT)).map(([[path, field], v]) => ({
    text: JSON.stringify(setAt(shorthand(), path, field, v)), bad: true, what: `${path.join('.')}.${field} = ${JSON.stringify(v)}`,
  })),
  // A topology whose product of sizes is beyond the node limit.
  fc.tuple(fc.integer({ min: 400, max: 100000 }), fc.integer({ min: 400, max: 100000 })).map(([z, m]) => ({
    text: JSON.stringify({ topology: { zones: z, cellsPerZone: 1, mobilePerCell: m } }), bad: true, what: `topology ${z} x ${m}`,
  })),
  // An id that is not an id, or a reference to an id that does not exist (prototype names included).
  fc.tuple(fc.constantFrom('cell', 'interest', 'writer', 'zone'), fc.constantFrom(...PROTO_NAMES, 'nowhere', '', '1x', 'a b')).map(([where, id]) => {
    const c = baseConfig() as { cells: { zone: string }[]; hosts: { cell: string; interests: string[] }[]; writers: string[] };
    if (where === 'cell') c.hosts[0]!.cell = id;
    if (where === 'interest') c.hosts[1]!.interests = [id];
    if (where === 'writer') c.writers = [id];
    if (where === 'zone') c.cells[0]!.zone = id;
    return { text: JSON.stringify(c), bad: true, what: `${where} -> ${JSON.stringify(id)}` };
  }),
  // An unknown field, at the top or inside a section (prototype names included).
  fc.tuple(fc.constantFrom('', 'bounds', 'knobs', 'topology'), fc.constantFrom(...PROTO_NAMES.filter((n) => n !== '__proto__'), 'extra')).map(([where, key]) => {
    const c = where === 'topology' ? shorthand() : baseConfig();
    const target = where === '' ? c : (c[where] as Record<string, unknown>);
    Object.defineProperty(target, key, { value: 1, enumerable: true, configurable: true, writable: true });
    return { text: JSON.stringify(c), bad: true, what: `unknown field ${where}.${key}` };
  }),
  // A bad limits section.
  fc.constantFrom<unknown>({ 'bounds.values': -1 }, { 'bounds.values': 'x' }, { constructor: 5 }, { toString: 1 }, [], 'many', { nodes: 1.5 }).map((limits) => ({
    text: JSON.stringify({ ...shorthand(), limits }), bad: true, what: `limits ${JSON.stringify(limits)}`,
  })),
  // Not a configuration object at all.
  fc.constantFrom('[]', '42', '"small"', 'null', 'true', '{}').map((text) => ({ text, bad: true, what: `document ${text}` })),
  // Deep nesting, truncation, garbage bytes.
  fc.integer({ min: 300, max: 100000 }).map((d) => ({ text: `{"bounds": ${deepText(d)}}`, bad: true, what: `nested ${d} deep` })),
  fc.nat().map((k) => {
    const text = JSON.stringify(baseConfig());
    const cut = 1 + (k % (text.length - 2));
    return { text: text.slice(0, cut), bad: true, what: `truncated at ${cut}` };
  }),
  fc.tuple(fc.nat(), fc.constantFrom('\u0000', '\uFFFF', '}', ',', '"')).map(([k, g]) => {
    const text = JSON.stringify(baseConfig());
    const at = 1 + (k % (text.length - 2));
    return { text: text.slice(0, at) + g + g + text.slice(at), bad: false, what: `garbage ${JSON.stringify(g)} at ${at}` };
  }),
);

/** A corpus trace the trace mutations start from. */
export function baseTrace(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO, 'traces', 'corpus', 'lww-causal.trace.json'), 'utf8')) as Record<string, unknown>;
}

/** Trace files: certainly-bad ones (refused) and odd ones (may diverge). */
export const badTrace: fc.Arbitrary<FileCase> = fc.oneof(
  fc.constantFrom(...PROTO_NAMES, 'no-such-property', '').map((name) => {
    const t = baseTrace();
    t.property = { name, kind: 'always' };
    return { text: JSON.stringify(t), bad: true, what: `property ${JSON.stringify(name)}` };
  }),
  fc.constantFrom('sometimes', 'alwaysReachable', 'eventually', 'never', '').map((kind) => {
    const t = baseTrace();
    t.property = { name: 'causal-order', kind };
    return { text: JSON.stringify(t), bad: true, what: `kind ${kind}` };
  }),
  fc.constantFrom(...PROTO_NAMES, 'no-such-mechanism', '').map((m) => ({ text: JSON.stringify({ ...baseTrace(), mechanism: m }), bad: true, what: `mechanism ${JSON.stringify(m)}` })),
  fc.constantFrom(...PROTO_NAMES, 'nope').map((m) => ({ text: JSON.stringify({ ...baseTrace(), model: m }), bad: true, what: `model ${JSON.stringify(m)}` })),
  fc.tuple(fc.constantFrom('zone', 'cell'), fc.constantFrom(...PROTO_NAMES, 'nowhere')).map(([where, id]) => {
    const t = baseTrace() as { config: { cells: { zone: string }[]; hosts: { cell: string }[] } };
    if (where === 'zone') t.config.cells[0]!.zone = id;
    else t.config.hosts[0]!.cell = id;
    return { text: JSON.stringify(t), bad: true, what: `config ${where} -> ${id}` };
  }),
  fc.constantFrom('config', 'steps', 'property', 'model', 'format').map((k) => {
    const t = baseTrace();
    delete t[k];
    return { text: JSON.stringify(t), bad: true, what: `no ${k}` };
  }),
  fc.nat().map((k) => {
    const text = JSON.stringify(baseTrace());
    const cut = 1 + (k % (text.length - 2));
    return { text: text.slice(0, cut), bad: true, what: `truncated at ${cut}` };
  }),
  fc.integer({ min: 300, max: 100000 }).map((d) => ({ text: `{"steps": ${deepText(d)}}`, bad: true, what: `nested ${d} deep` })),
  fc.constantFrom('[]', '42', 'null', '""', '{}').map((text) => ({ text, bad: true, what: `document ${text}` })),
  // Odd but well-formed: a step's action or state replaced; the replay may diverge (exit 1).
  fc.tuple(fc.nat(), fc.constantFrom<unknown>(null, 42, 'x', {}, [], { type: 'toString' })).map(([k, v]) => {
    const t = baseTrace() as { steps: Record<string, unknown>[] };
    const i = 1 + (k % Math.max(1, t.steps.length - 1));
    if (t.steps[i]) t.steps[i]![k % 2 ? 'action' : 'state'] = v;
    return { text: JSON.stringify(t), bad: false, what: `step ${i} ${k % 2 ? 'action' : 'state'} = ${JSON.stringify(v)}` };
  }),
);

/** A token that makes any command line bad, with its command. */
const BAD_TOKENS: fc.Arbitrary<readonly string[]> = fc.oneof(
  fc.constantFrom<readonly string[]>(['--frobnicate'], ['--max-states', '0'], ['--max-states', 'abc'], ['--max-states', '1e9x'], ['--max-depth', '-1'],
    ['--time-limit', 'soon'], ['--time-limit', '0'], ['--out', 'package.json'], ['--model', 'test/fixtures/missing.ts'],
    ['--model', 'test/fixtures/not-a-model.ts'], ['--knob', 'causalHoldBack=maybe'], ['--knob', 'refusals=-1'], ['--param', 'noeq'],
    ['--param', 'symmetry=sideways'], ['stray-argument'], ['--config', 'test/fixtures/missing.json'], ['--config', '/dev/zero']),
  fc.constantFrom(...PROTO_NAMES, 'nope').chain((n) => fc.constantFrom<readonly string[]>(['--config', n], ['--mechanism', n], ['--property', n], ['--param', `${n}=1`], ['--knob', `${n}=1`])),
);

/** Tokens that are fine on their own (they keep a run small when the line is not refused). */
const OK_TOKENS = fc.constantFrom<readonly string[]>(['--config', 'tiny'], ['--json'], ['--property', 'causal-order'], ['--mechanism', 'lamport'], ['--knob', 'peerExchange=false']);

/** Command lines of `check` and `simulate` that contain at least one bad token (last, so no later flag overrides it). */
export const badFlags: fc.Arbitrary<{ argv: string[]; what: string }> = fc.tuple(
  fc.constantFrom('check', 'simulate'), fc.array(OK_TOKENS, { maxLength: 3 }), BAD_TOKENS,
).map(([cmd, before, bad]) => {
  // A run that is not refused would still stay small: the limits go first, so a bad value given later wins.
  const limits = cmd === 'check' ? ['--max-states', '50'] : ['--runs', '2', '--steps', '20'];
  const ok = before.filter((t) => t[0] !== bad[0]).flat();
  return { argv: [cmd, ...limits, ...ok, ...bad], what: bad.join(' ') };
});

/** A misbehaving mechanism plugin: the method it breaks and its body (JavaScript). */
export interface PluginCase {
  method: string;
  body: string;
}

const BREAKS: Record<string, string[]> = {
  arrange: ['(c, u, n, order) => [...order, order[0]]', '() => []', '(c, u, n, order) => order.map((x) => x + 1000)', "() => 'x'", '() => undefined', '(c, u, n, order) => [...order, 0.5]'],
  release: ['(c, s, n, col) => [...col, col[0]]', '(c, s, n, col) => [...col, 99999]', '() => 3', '() => [0.5]', '() => null', "() => ['0']"],
  commit: ['(c, s, col) => [...col, col[0]]', '(c, s, col) => [...col, 99999]', '() => 3', '() => [NaN]', '() => ({})'],
  peer: ['() => [99999]', "() => 'x'", '() => [-1]', '() => ({})', '() => [1.5]'],
  stamp: ["() => ['x']", "() => 'x'", '() => [NaN]', '() => [Infinity]', '() => null', '() => [1n]'],
  mayUpdate: ['() => 1', "() => 'yes'", '() => undefined', '() => null'],
};

/** Plugins whose methods return what their contract forbids, or call process.exit. */
export const badPlugin: fc.Arbitrary<PluginCase> = fc.oneof(
  fc.constantFrom(...Object.keys(BREAKS)).chain((method) => fc.constantFrom(...BREAKS[method]!).map((body) => ({ method, body }))),
  fc.constantFrom(...Object.keys(BREAKS)).map((method) => ({ method, body: '() => process.exit(0)' })),
);

/** The source of a plugin module (ES module JavaScript) built on the hierarchical mechanism. */
export function pluginSource(c: PluginCase): string {
  const base = join(REPO, 'model', 'mechanisms', 'hierarchical.ts');
  return `import { hierarchical } from ${JSON.stringify(base)};\nexport default { ...hierarchical, name: 'fuzzed', ${c.method}: ${c.body} };\n`;
}
