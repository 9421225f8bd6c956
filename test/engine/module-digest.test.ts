// (Stop 31, sweep 31c) src/engine/module-digest.ts: the digest replay and merge compare covers
// the local modules a plugin or model imports (followed through relative specifiers, with
// TypeScript's `.js` naming a `.ts` file), not node_modules or replcheck's own code; a module
// with no local import keeps the digest of its own bytes.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localImports, pluginDigest, scanImports } from '../../src/engine/module-digest.ts';
import { pathToFileURL } from 'node:url';

const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'replcheck-module-digest-')));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const repo = resolve(import.meta.dirname, '..', '..');

describe('module digests', () => {
  it('follows relative imports transitively, and leaves out node_modules and replcheck\'s own modules', () => {
    mkdirSync(join(tmp, 'lib'), { recursive: true });
    mkdirSync(join(tmp, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(tmp, 'node_modules', 'dep', 'index.js'), 'export const x = 1;\n');
    writeFileSync(join(tmp, 'lib', 'deep.ts'), 'export const deep = 1;\n');
    writeFileSync(join(tmp, 'lib', 'index.ts'), "export { deep } from './deep.js';\n");
    writeFileSync(join(tmp, 'policy.ts'), "import { deep } from './lib';\nexport const p = deep;\n");
    writeFileSync(join(tmp, 'plugin.ts'), [
      "import { p } from './policy.ts';",
      "import { x } from './node_modules/dep/index.js';",
      `import type { OrderingMechanism } from '${join(repo, 'model', 'mechanism.ts')}';`,
      "import { arrangeByGid } from '../../no/such/file.ts';",
      'export default { p, x };',
    ].join('\n'));
    expect(localImports(join(tmp, 'plugin.ts'))).toEqual([join(tmp, 'lib', 'deep.ts'), join(tmp, 'lib', 'index.ts'), join(tmp, 'policy.ts')]);
    // replcheck's own modules, imported relatively (the repository's fixtures do), are not the plugin's.
    expect(localImports(join(repo, 'examples', 'my-ordering.ts'))).toEqual([]);
  });

  it('changes when an imported module changes; a module without local imports hashes its own bytes', () => {
    const before = pluginDigest(join(tmp, 'plugin.ts'));
    writeFileSync(join(tmp, 'lib', 'deep.ts'), 'export const deep = 2;\n');
    expect(pluginDigest(join(tmp, 'plugin.ts'))).not.toBe(before);
    const own = createHash('sha256').update(readFileSync(join(tmp, 'lib', 'deep.ts'))).digest('hex');
    expect(pluginDigest(join(tmp, 'lib', 'deep.ts'))).toBe(own);
  });

  it('(sweep 31d) follows absolute paths, file: URLs and plain template literals; ignores commented imports; names missing ones', () => {
    writeFileSync(join(tmp, 'abs.ts'), 'export const a = 1;\n');
    writeFileSync(join(tmp, 'url.ts'), 'export const u = 1;\n');
    writeFileSync(join(tmp, 'tmpl.ts'), 'export const t = 1;\n');
    writeFileSync(join(tmp, 'ghost.ts'), 'export const g = 1;\n');
    writeFileSync(join(tmp, 'p2.ts'), [
      `import { a } from ${JSON.stringify(join(tmp, 'abs.ts'))};`,
      `import { u } from '${pathToFileURL(join(tmp, 'url.ts')).href}';`,
      'const t = await import(`./tmpl.ts`);',
      "// import { g } from './ghost.ts';",
      "/* import('./ghost.ts') */",
      "import { gone } from './deleted.ts';",
      'export default { a, u, t };',
    ].join('\n'));
    const r = scanImports(join(tmp, 'p2.ts'));
    expect(r.files).toEqual([join(tmp, 'abs.ts'), join(tmp, 'tmpl.ts'), join(tmp, 'url.ts')]);
    expect(r.missing).toEqual(['./deleted.ts in p2.ts']);
  });

  it('(sweep 31d) follows a symlinked plugin\'s imports from where the file really is', () => {
    mkdirSync(join(tmp, 'real'), { recursive: true });
    mkdirSync(join(tmp, 'links'), { recursive: true });
    writeFileSync(join(tmp, 'real', 'helper.ts'), 'export const h = 1;\n');
    writeFileSync(join(tmp, 'real', 'plugin.ts'), "import { h } from './helper.ts';\nexport default h;\n");
    symlinkSync(join(tmp, 'real', 'plugin.ts'), join(tmp, 'links', 'plugin.ts'));
    expect(localImports(join(tmp, 'links', 'plugin.ts'))).toEqual([join(tmp, 'real', 'helper.ts')]);
  });
});
