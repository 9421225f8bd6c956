/**
 * The JSON Schemas of the `--json` outputs (schemas/<command>.schema.json, shipped in the package
 * as `replcheck/schemas/<command>.schema.json`) and a validator for them (ajv). Used by the tests
 * that run every command's `--json` and by the package test; a user's code can do the same with
 * the schema file and any draft-07 validator.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** The schemas' directory: schemas/ at the repository root (dist/schemas in the build, a copy). */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** The schema file of a command's `--json` output (it may not exist: see {@link hasJsonSchema}). */
export function schemaFile(command: string): string {
  return `${SCHEMA_DIR}${command}.schema.json`;
}

/** True when the command ships a schema for its `--json` output. */
export function hasJsonSchema(command: string): boolean {
  return existsSync(schemaFile(command));
}

/** The parsed schema of a command's `--json` output. */
export function jsonSchema(command: string): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaFile(command), 'utf8')) as Record<string, unknown>;
}

const compiled = new Map<string, ValidateFunction>();

/**
 * Compiles a schema with ajv in strict mode, every error reported: an unknown keyword, a keyword
 * without its type or a malformed schema throws (strictRequired is off: an if/then may require a
 * field its own subschema does not list). Exported to validate against a schema read from
 * elsewhere, e.g. an installed package's.
 */
export function compileSchema(schema: object): ValidateFunction {
  return new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
}

/** One line per ajv error: `JSON pointer: message`. */
export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/**
 * Validates `value` (a parsed `--json` object) against the command's schema; returns the errors,
 * empty when it conforms.
 */
export function validateJsonOutput(command: string, value: unknown): string[] {
  let v = compiled.get(command);
  if (!v) {
    v = compileSchema(jsonSchema(command));
    compiled.set(command, v);
  }
  return v(value) ? [] : formatSchemaErrors(v.errors);
}
