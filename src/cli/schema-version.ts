/**
 * The version of the `--json` contract: every command's `--json` object (and compare.json,
 * measure.json) starts with `schemaVersion`, and schemas/<command>.schema.json describes it.
 *
 * Policy (semver, one number for every command): an additive change (a new optional field, a
 * new field in a nested object, a new value of an open enum such as `stats.limit` or a property
 * `kind`, a new command) bumps the minor version; a correction of a schema that does not change
 * the output bumps the patch version; renaming or removing a field, or changing its type, would
 * bump the major version, and the CLI contract forbids it. A consumer checks that the major
 * version is the one it was written for.
 *
 * Changing an output: edit its schema by hand beside the code (check and simulate share their
 * definitions word for word), bump this version, and extend test/cli/json-schema.test.ts's cases.
 */

/** The `schemaVersion` every `--json` object carries. */
export const JSON_SCHEMA_VERSION = '1.3.0';
