/**
 * Schema validation of a user's configuration (ajv against `config.schema.json`) with one-line
 * messages that name the JSON path and what is allowed, e.g.
 * `config.bounds.updatesPerHost must be an integer >= 0 (got "x")`.
 */
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { UsageError } from '../src/engine/errors.ts';
import type { ConfigInput } from './config-types.ts';
import { limitName, raiseHint, readLimits, schemaWithLimits } from './config-limits.ts';
import { didYouMean } from '../src/engine/near-miss.ts';

type Schema = Record<string, unknown>;

/** The configuration JSON Schema (draft-07), as loaded from `config.schema.json`. */
export const CONFIG_SCHEMA: Schema = JSON.parse(
  readFileSync(new URL('./config.schema.json', import.meta.url), 'utf8'),
) as Schema;

let compiled: ValidateFunction | undefined;

/** The compiled validator (compiled once). */
export function configValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    compiled = ajv.compile(CONFIG_SCHEMA);
  }
  return compiled;
}

const raised = new Map<string, ValidateFunction>();

/** A validator whose raisable maxima are `limits` (config-limits.ts), compiled once per set of limits. */
function validatorWithLimits(limits: Record<string, number>): ValidateFunction {
  const key = JSON.stringify(Object.entries(limits).sort());
  let v = raised.get(key);
  if (!v) {
    v = new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schemaWithLimits(CONFIG_SCHEMA, limits));
    raised.set(key, v);
  }
  return v;
}

/** `/bounds/updatesPerHost` -> `config.bounds.updatesPerHost`, `/hosts/0/id` -> `config.hosts[0].id`. */
export function jsonPath(instancePath: string, root = 'config'): string {
  if (!instancePath) return root;
  return root + instancePath.split('/').slice(1).map((p) => {
    const key = p.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }).join('');
}

/** A short description of what a schema allows. */
export function describeSchema(schema: unknown): string {
  if (typeof schema !== 'object' || schema === null) return 'valid';
  const s = schema as Schema;
  if (typeof s.$ref === 'string' && s.$ref.endsWith('/id')) {
    return "an id (a letter, then letters, digits, '_', '.' or '-')";
  }
  if (Array.isArray(s.enum)) return 'one of ' + s.enum.map((v) => JSON.stringify(v)).join(', ');
  if (Array.isArray(s.anyOf)) return s.anyOf.map(describeSchema).join(', or ');
  switch (s.type) {
    case 'integer':
      return typeof s.minimum === 'number' ? `an integer >= ${s.minimum}` : 'an integer';
    case 'boolean':
      return 'true or false';
    case 'string':
      return s.pattern ? "an id (a letter, then letters, digits, '_', '.' or '-')" : 'a string';
    case 'array':
      return typeof s.minItems === 'number' && s.minItems > 0 ? `a list of at least ${s.minItems}` : 'a list';
    case 'object': {
      const props = Object.keys((s.properties as Schema | undefined) ?? {});
      return props.length ? `an object with fields ${props.join(', ')}` : 'an object';
    }
    default:
      return 'valid';
  }
}

function got(data: unknown): string {
  // (Sweep 30b) 1e400 parses as Infinity, which JSON would print as null.
  if (typeof data === 'number' && !Number.isFinite(data)) return `${data} (a number too large for JSON to hold)`;
  const text = JSON.stringify(data);
  return text === undefined ? String(data) : text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/** One line for one ajv error. */
export function errorMessage(e: ErrorObject): string {
  const path = jsonPath(e.instancePath);
  switch (e.keyword) {
    case 'required': {
      // (Stop 37) With what to give: `config.zones[0].id is required: give an id (...)`.
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const field = ((e.parentSchema as Schema | undefined)?.properties as Schema | undefined)?.[missing];
      const what = field === undefined ? 'valid' : describeSchema(field);
      return `${path}.${missing} is required${what === 'valid' ? '' : `: give ${what}`}`;
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(((e.parentSchema as Schema | undefined)?.properties as Schema | undefined) ?? {});
      return `${path} has an unknown field "${extra}"${didYouMean(extra, allowed)} (allowed: ${allowed.join(', ')})`;
    }
    case 'minItems': {
      const limit = (e.params as { limit: number }).limit;
      return `${path} must have at least ${limit} ${limit === 1 ? 'entry' : 'entries'} (got ${got(e.data)})`;
    }
    case 'maximum':
    case 'maxItems': {
      const limit = (e.params as { limit: number }).limit;
      const text = e.keyword === 'maxItems'
        ? `${path} must have at most ${limit} entries (got ${Array.isArray(e.data) ? e.data.length : got(e.data)})`
        : `${path} must be at most ${limit} (got ${got(e.data)})`;
      const name = limitName(e.instancePath);
      return name ? `${text}; ${raiseHint(name)}` : `${text} (a hard limit)`;
    }
    case 'uniqueItems': {
      // (Stop 29) `writers: ["mh1", "mh1"]` and repeated interests were taken silently.
      const { i, j } = e.params as { i: number; j: number };
      return `${path} names ${got((e.data as unknown[])[j])} twice (entries ${j} and ${i}); give each once`;
    }
    case 'pattern':
      return `${path} must be ${describeSchema({ $ref: '#/definitions/id' })} (got ${got(e.data)})`;
    default:
      return `${path} must be ${describeSchema(e.parentSchema)} (got ${got(e.data)})`;
  }
}

/** Chooses the error to report: the deepest path, and within it a concrete keyword over `anyOf`. */
function pick(errors: ErrorObject[]): ErrorObject {
  // A list beyond its size limit is the problem to report (issue 16), whatever its entries hold.
  const tooLong = errors.find((e) => e.keyword === 'maxItems');
  if (tooLong) return tooLong;
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  let best = errors[0]!;
  for (const e of errors) {
    const deeper = depth(e) > depth(best);
    const sameButConcrete = depth(e) === depth(best) && best.keyword === 'anyOf' && e.keyword !== 'anyOf';
    if (deeper || sameButConcrete) best = e;
  }
  // (Sweep 30b) An object given where a word or an object is allowed (faults.checkpoint,
  // faults.recovery): the object branch's own complaint (an unknown field) says what is wrong.
  if (typeof best.data === 'object' && best.data !== null && !Array.isArray(best.data)) {
    const own = errors.find((e) => e.instancePath === best.instancePath && (e.keyword === 'additionalProperties' || e.keyword === 'required'));
    if (own) return own;
  }
  // Under an anyOf whose branches disagree on the type, describe the whole anyOf instead.
  if (best.keyword === 'type') {
    const alt = errors.find((e) => e.keyword === 'anyOf' && e.instancePath === best.instancePath);
    if (alt) return alt;
  }
  return best;
}

/** Validates the shape of a configuration; throws a {@link UsageError} naming the first bad path. */
export function validateShape(input: unknown): asserts input is ConfigInput {
  const limits = readLimits(input);
  const validate = limits ? validatorWithLimits(limits) : configValidator();
  if (validate(input)) return;
  const errors = validate.errors ?? [];
  if (!errors.length) throw new UsageError('config is not a valid configuration');
  throw new UsageError(errorMessage(pick(errors)));
}
