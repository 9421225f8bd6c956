/**
 * (Stop 31, sweep 31c) The digest of a user's module file together with the local modules it
 * imports, for the checks that a file is the one a run used: `replay` of a trace found with a
 * plugin mechanism (traces/plugin.ts) and `merge` of shards (shard-sources.ts). Hashing the entry
 * file alone let a helper it imports change unseen: replay reported "diverged", which reads as
 * replcheck's bug. A module without local imports keeps the digest of its own bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** replcheck's own module folders (here, or in its build): modules a plugin imports from them are replcheck's, not the plugin's. */
const OWN = ['src', 'model', 'properties', 'traces', 'reference'].map((d) => resolve(fileURLToPath(new URL('../..', import.meta.url)), d) + sep);
/** Most modules followed from one plugin file. */
const MAX_MODULES = 256;
/**
 * Specifiers in import and export statements, `import()` with a string or a template literal
 * without substitutions, and `require()`.
 */
const SPECIFIERS = /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*(?:['"]([^'"]+)['"]|`([^`$]+)`)\s*\)|\bimport\s+['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
/** Block comments and whole-line comments (an import written in a comment loads nothing). */
const COMMENTS = /\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm;
const EXTENSIONS = ['', '.ts', '.mts', '.tsx', '.js', '.mjs', '.cts', '.cjs'];

/** The file a local specifier in `from` names (TypeScript's `.js` for `.ts` included), or undefined. */
function resolveLocal(from: string, spec: string): string | undefined {
  const base = spec.startsWith('file:') ? fileURLToPath(spec) : resolve(dirname(from), spec);
  const swapped = base.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts');
  const candidates = [...EXTENSIONS.map((e) => base + e), swapped, ...EXTENSIONS.slice(1).map((e) => resolve(base, `index${e}`))];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** A relative (`./`, `../`) or absolute (`/x`, `file:`) specifier: a file of the user's, not a package. */
function isLocal(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec.startsWith('file:');
}

/**
 * (Stop 31, sweeps 31c and 31d) The local modules the plugin file `entry` imports, directly or
 * not (`files`, absolute paths): relative or absolute specifiers and `file:` URLs, outside
 * node_modules and outside replcheck's own code; and the local specifiers that name no file
 * (`missing`, as `./del.ts in plugin.ts`). A helper edited after the run made `replay` report
 * "diverged" (a disagreement that reads as replcheck's bug) where an edited entry file was
 * refused. A module named by a computed `import()` or a package.json `imports` alias is not seen.
 */
export function scanImports(given: string): { files: string[]; missing: string[] } {
  // (Sweep 31d) A symlinked plugin's relative imports are resolved from where the file really is, as Node does.
  const entry = realpathSync(given);
  const seen = new Set<string>([entry]);
  const missing: string[] = [];
  const queue = [entry];
  while (queue.length > 0 && seen.size < MAX_MODULES) {
    const file = queue.shift()!;
    for (const m of readFileSync(file, 'utf8').replace(COMMENTS, '').matchAll(SPECIFIERS)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]!;
      if (!isLocal(spec)) continue;
      const target = resolveLocal(file, spec);
      if (target === undefined) {
        missing.push(`${spec} in ${relative(dirname(entry), file) || file}`);
        continue;
      }
      if (seen.has(target) || target.split(sep).includes('node_modules') || OWN.some((d) => target.startsWith(d))) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  seen.delete(entry);
  return { files: [...seen].sort(), missing };
}

/** The files of {@link scanImports}. */
export function localImports(entry: string): string[] {
  return scanImports(entry).files;
}

/**
 * The SHA-256 (hex) `replay` and `merge` compare: of the file's own bytes when it imports no
 * local module, else one over the file and each of its {@link localImports}, each named by its
 * path relative to the file's folder.
 */
export function pluginDigest(entry: string): string {
  const imports = localImports(entry);
  const h = createHash('sha256').update(readFileSync(entry));
  if (imports.length === 0) return h.digest('hex');
  for (const f of imports) h.update(`\0${relative(dirname(entry), f)}\0`).update(readFileSync(f));
  return h.digest('hex');
}

/**
 * What changed when `path`'s digest no longer matches, for the one-line refusals of `replay` and
 * `merge`: `shown` (the file as the user named it), or (sweep 31d) `shown` "or a local module it
 * imports (h.ts)", and the local modules it imports that are gone.
 */
export function changedModuleText(path: string, shown: string): string {
  const { files, missing } = scanImports(path);
  const what = files.length === 0 ? shown : `${shown} or a local module it imports (${files.map((f) => relative(dirname(path), f)).join(', ')})`;
  return missing.length === 0 ? what : `${what} (a local module it imports is missing: ${missing.join(', ')})`;
}
