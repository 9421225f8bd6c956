// The package as users get it (issue 15): `npm pack`, then a fresh project installs the tarball
// and uses replcheck the way the README says: the CLI, its own TypeScript model and mechanism
// plugin type-checked under a strict NodeNext tsconfig, the library from plain node, and the
// README's vitest example pasted as is. Run by `npm run test:package` (CI runs it).
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSchema, formatSchemaErrors } from '../../src/cli/json-schema.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = join(repo, 'test', 'package', 'fixture');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let tmp = '';
let project = '';
let tarball = '';

/** The version of a dependency the repository itself installed (so npm finds it in its cache). */
function installed(name: string): string {
  return (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

function run(cmd: string, args: string[], cwd = project): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, REPLCHECK_SOURCE: undefined, VITEST: undefined, NODE_OPTIONS: undefined, NO_COLOR: '1', FORCE_COLOR: '0' } });
}

/** The README's CI example for the --json schemas, exactly as printed. */
function readmeSchemaSnippet(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const m = /### JSON output and its schemas[\s\S]*?```js\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md has no CI example under "JSON output and its schemas"');
  return m[1];
}

/** The README's vitest example (section 6), exactly as printed. */
function readmeSnippet(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const m = /### 6\. Properties as tests \(vitest\)[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md has no vitest example in section 6');
  return m[1];
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'replcheck-pack-'));
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', tmp], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  tarball = join(tmp, (JSON.parse(out) as { filename: string }[])[0].filename);
  project = join(tmp, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, type: 'module' }, null, 2));
  for (const f of readdirSync(fixture)) copyFileSync(join(fixture, f), join(project, f));
  writeFileSync(join(project, 'suite.test.ts'), readmeSnippet());
  writeFileSync(join(project, 'check-report.mjs'), readmeSchemaSnippet());
  const deps = [tarball, `ajv@${installed('ajv')}`, `vitest@${installed('vitest')}`, `@fast-check/vitest@${installed('@fast-check/vitest')}`,
    `typescript@${installed('typescript')}`, `@types/node@${installed('@types/node')}`];
  const r = run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...deps]);
  if (r.status !== 0) throw new Error(`npm install failed: ${r.stderr}`);
}, 600_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed replcheck in a fresh project', () => {
  it('ships the compiled build and not the repository\'s tests, benchmarks or CI', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(list).toContain('package/dist/src/index.js');
    expect(list).toContain('package/dist/src/index.d.ts');
    expect(list).toContain('package/bin/replcheck.js');
    for (const c of ['check', 'simulate', 'compare', 'measure', 'replay']) {
      expect(list).toContain(`package/schemas/${c}.schema.json`);
      expect(list).toContain(`package/dist/schemas/${c}.schema.json`);
    }
    expect(list.some((f) => /^package\/(test|bench|\.ci|src)\//.test(f))).toBe(false);
  });

  it('runs `npx replcheck check --config tiny`', () => {
    const r = run('npx', ['--no-install', 'replcheck', 'check', '--config', 'tiny']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/result\s+pass/);
    expect(r.status).toBe(0);
  }, 120_000);

  it('prints --json that conforms to the installed schema, which the package exports and the README\'s CI check reads', () => {
    const r = run('npx', ['--no-install', 'replcheck', 'check', '--config', 'tiny', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { schemaVersion: string; result: string };
    expect(report.schemaVersion).toMatch(/^1\.\d+\.\d+$/);
    const installedSchema = JSON.parse(readFileSync(join(project, 'node_modules', 'replcheck', 'schemas', 'check.schema.json'), 'utf8')) as object;
    const validate = compileSchema(installedSchema);
    expect(validate(report), formatSchemaErrors(validate.errors).join('\n')).toBe(true);
    const resolved = run(process.execPath, ['--input-type=module', '-e',
      "import s from 'replcheck/schemas/replay.schema.json' with { type: 'json' }; import { createRequire } from 'node:module'; console.log(s.title + ' | ' + createRequire(import.meta.url).resolve('replcheck/schemas/check.schema.json'))"]);
    expect(resolved.stderr).toBe('');
    expect(resolved.stdout).toMatch(/^replcheck replay --json .*\| .*node_modules\/replcheck\/schemas\/check\.schema\.json\n$/);
    const ci = spawnSync(process.execPath, ['check-report.mjs'], { cwd: project, input: r.stdout, encoding: 'utf8' });
    expect(ci.stderr).toBe('');
    expect(ci.stdout).toBe('pass 0\n');
    const bad = spawnSync(process.execPath, ['check-report.mjs'], { cwd: project, input: JSON.stringify({ ...report, result: 'passed' }), encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/must be equal to one of the allowed values/);
  }, 120_000);

  it('checks the user\'s own TypeScript model and mechanism plugin from the CLI', () => {
    const m = run('npx', ['--no-install', 'replcheck', 'check', '--model', './user-model.ts', '--json']);
    expect(m.status).toBe(0);
    expect((JSON.parse(m.stdout) as { result: string }).result).toBe('pass');
    const p = run('npx', ['--no-install', 'replcheck', 'check', '--config', 'tiny', '--mechanism', './my-mechanism.ts', '--property', 'causal-order']);
    expect(p.status).toBe(0);
  }, 120_000);

  it('type-checks a user model, a plugin and a vitest suite under strict NodeNext with zero errors', () => {
    const r = run('npx', ['--no-install', 'tsc', '--noEmit', '-p', '.']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 300_000);

  it('imports the library from plain node (no loader) and runs a check', () => {
    const r = run(process.execPath, ['use-library.mjs']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^toy pass 4; tiny pass \d+/);
  }, 120_000);

  it('runs the README\'s vitest example green as pasted', () => {
    const r = run('npx', ['--no-install', 'vitest', 'run']);
    expect(r.stdout).toMatch(/Tests\s+3 passed/);
    expect(r.status).toBe(0);
  }, 300_000);

  it('loads the project\'s TypeScript mechanism plugin from a vitest suite (stop 28: "Unknown file extension .ts")', () => {
    const r = run('npx', ['--no-install', 'vitest', 'run', '--config', 'vitest.plugin.config.mjs']);
    expect(r.stdout + r.stderr).toMatch(/Tests\s+1 passed/);
    expect(r.status).toBe(0);
  }, 300_000);

  it('says how to fix a .ts model in a CommonJS package', () => {
    const cjs = join(project, 'cjs');
    mkdirSync(cjs);
    writeFileSync(join(cjs, 'package.json'), JSON.stringify({ name: 'cjs-user', version: '1.0.0', type: 'commonjs' }));
    copyFileSync(join(fixture, 'user-model.ts'), join(cjs, 'model.ts'));
    const r = run('npx', ['--no-install', 'replcheck', 'check', '--model', './model.ts'], cjs);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/name it \.mts, or set "type": "module"/);
  }, 120_000);
});
