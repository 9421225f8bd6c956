/**
 * Command-line parsing: node's `util.parseArgs` in strict mode, with its errors turned into one
 * line a person can act on, and validators for numeric flags. Everything here throws
 * {@link UsageError}; nothing runs until all flags are valid.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../engine/errors.ts';
import { defaultMemoryBudget } from '../engine/guard.ts';
import { PATH_PATTERN } from '../engine/random-options.ts';

/** The option table handed to `parseArgs`. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed flag values: strings, booleans, or lists for repeatable flags. */
export type Flags = Record<string, string | boolean | string[] | undefined>;

/** Parses `argv` against `options` (no positional arguments), naming the command in errors. */
export function parseFlags(command: string, argv: string[], options: OptionSpec): Flags {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false, tokens: true });
  } catch (e) {
    throw new UsageError(`${describeParseError(e)} (see 'replcheck ${command} --help')`);
  }
  // (Stop 29) An empty value, and a one-value flag given twice with different values, were taken
  // silently (`--out ""` wrote into the working directory; `--config a --config b` ran b).
  const seen = new Map<string, string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.value === '') throw new UsageError(`--${t.name} needs a value (got an empty string) (see 'replcheck ${command} --help')`);
    if (options[t.name]?.multiple === true) continue;
    const before = seen.get(t.name);
    if (before !== undefined && before !== t.value) {
      throw new UsageError(`--${t.name} is given twice ('${before}' and '${t.value}'); give it once (see 'replcheck ${command} --help')`);
    }
    seen.set(t.name, t.value);
  }
  return parsed.values as Flags;
}

/** One line for a `parseArgs` error. */
function describeParseError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const msg = String(err.message ?? e);
  const name = /'([^' ]+)/.exec(msg)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${name}'`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(msg)) return `${name} does not take a value`;
      if (/ambiguous/.test(msg)) return `${name} needs a value (write ${name}=VALUE for a value starting with '-')`;
      return `${name} needs a value`;
    default:
      return msg.split('\n')[0];
  }
}

/** A string flag's value (the last one if repeated). */
export function str(flags: Flags, key: string): string | undefined {
  const v = flags[key];
  if (Array.isArray(v)) return v[v.length - 1];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable string flag's values. */
export function list(flags: Flags, key: string): string[] {
  const v = flags[key];
  if (Array.isArray(v)) return v;
  return typeof v === 'string' ? [v] : [];
}

/** An integer flag >= `min` (1: "positive", 0: "non-negative"), or undefined when absent. */
export function intFlag(flags: Flags, key: string, min: 0 | 1): number | undefined {
  const raw = str(flags, key);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${key} must be a ${min === 1 ? 'positive' : 'non-negative'} integer (got '${raw}')`);
  }
  return n;
}

/** `--seed`: a 32-bit signed integer (negative values as `--seed=-5`). */
export function seedFlag(flags: Flags): number | undefined {
  const raw = str(flags, 'seed');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || n < -0x80000000 || n > 0x7fffffff) {
    throw new UsageError(`--seed must be an integer between -2147483648 and 2147483647 (got '${raw}')`);
  }
  return n;
}

/** `--time-limit`: a positive number of seconds. */
export function secondsFlag(flags: Flags, key: string): number | undefined {
  const raw = str(flags, key);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(n > 0)) throw new UsageError(`--${key} must be a positive number of seconds (got '${raw}')`);
  return n;
}

/** `--memory MB`: a positive number of megabytes, as bytes; the default budget when absent. */
export function memoryFlag(flags: Flags): number {
  const raw = str(flags, 'memory');
  if (raw === undefined) return defaultMemoryBudget();
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(n > 0) || n > 2 ** 40) throw new UsageError(`--memory must be a positive number of megabytes (got '${raw}')`);
  return Math.round(n * 2 ** 20);
}

/**
 * (Issue 17) Spilling to disk: on with `--memory` or `--spill-dir` (undefined without either).
 * `--spill-dir` must be a directory the run can create files in (checked now, by making and
 * removing a directory in it).
 */
export function spillFlag(flags: Flags, cwd: string): { dir?: string } | undefined {
  const raw = str(flags, 'spill-dir');
  if (raw === undefined) return str(flags, 'memory') === undefined ? undefined : {};
  if (raw === '') throw new UsageError('--spill-dir needs a directory');
  const dir = resolve(cwd, raw);
  try {
    rmSync(mkdtempSync(join(dir, 'replcheck-spill-')), { recursive: true, force: true });
  } catch (e) {
    const code = (e as { code?: string }).code ?? (e as Error).message;
    throw new UsageError(`--spill-dir: cannot create files in '${raw}' (${code}); give an existing, writable directory`);
  }
  return { dir };
}

/** `--path`: a fast-check replay path such as `3:1:0`. */
export function pathFlag(flags: Flags): string | undefined {
  const raw = str(flags, 'path');
  if (raw === undefined) return undefined;
  if (!PATH_PATTERN.test(raw)) throw new UsageError(`--path must be colon-separated run and shrink indices such as 3:1:0 (got '${raw}')`);
  return raw;
}

/** Sets an own property, even for `__proto__` (which plain assignment would turn into a prototype change; issue 16). */
function setOwn(out: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `name=value` entries of a repeatable flag as a record. (Sweep 30b) A name given twice with
 * different values is refused, as a one-value flag given twice is (the last one used to win).
 */
function pairs(flag: 'param' | 'knob', entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of entries) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${flag} must be ${flag === 'param' ? 'key' : 'name'}=value (got '${p}')`);
    const name = p.slice(0, eq);
    const value = p.slice(eq + 1);
    if (Object.hasOwn(out, name) && out[name] !== value) {
      throw new UsageError(`--${flag} ${name} given twice with different values ("${out[name]}" and "${value}"); give it once`);
    }
    setOwn(out, name, value);
  }
  return out;
}

/** `--param key=value` (repeatable) as a record; a key given twice must have one value. */
export function paramFlags(flags: Flags): Record<string, string> {
  return pairs('param', list(flags, 'param'));
}

/** `--knob name=value` (repeatable) as a record, or undefined when none was given; a name given twice must have one value. */
export function knobFlags(flags: Flags): Record<string, string> | undefined {
  const raw = list(flags, 'knob');
  return raw.length === 0 ? undefined : pairs('knob', raw);
}

/**
 * (F6) `--mechanisms` entries (as given, with the name each mechanism reports) must have distinct
 * names: reports, columns, --json entries and trace folders tell mechanisms apart by name (a plugin
 * named like a built-in is refused where it loads). Two entries naming one file say so instead.
 */
export function distinctMechanismNames(entries: readonly { given: string; name: string }[], cwd: string): void {
  const seen = new Map<string, string>();
  for (const { given, name } of entries) {
    const first = seen.get(name);
    if (first === undefined) { seen.set(name, given); continue; }
    if (resolve(cwd, first) === resolve(cwd, given)) throw new UsageError(`--mechanisms names the file ${first} twice (also as ${given}); give it once`);
    throw new UsageError(`--mechanisms ${first} and ${given} are both named '${name}'; give each plugin its own name (its 'name' field: reports tell mechanisms apart by name)`);
  }
}

/** `--property a,b` (repeatable, comma-separated) as a list of names, or undefined for all. */
export function propertyFlags(flags: Flags): string[] | undefined {
  const raw = list(flags, 'property');
  if (raw.length === 0) return undefined;
  const names = raw.flatMap((r) => r.split(',')).map((n) => n.trim());
  if (names.some((n) => n === '')) throw new UsageError(`--property needs comma-separated property names (got '${raw.join(',')}')`);
  return [...new Set(names)];
}
