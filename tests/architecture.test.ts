import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.ts';

/** Every .ts file under src/ with its import specifiers. */
function sources(): Array<{ file: string; imports: string[] }> {
  const files = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.ts'),
  );
  return files.map((file) => {
    const text = readFileSync(path.join(ROOT, 'src', file), 'utf8');
    const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
    const dynamic = [...text.matchAll(/const specifier = '([^']+)'/g)].map((m) => m[1] ?? '');
    return { file, imports: [...imports, ...dynamic] };
  });
}

/** The composition root may import every lower folder. */
const RUNTIME_MAY_IMPORT = [
  'runtime',
  'pipeline',
  'babi',
  'corpus',
  'dialogue',
  'model',
  'behaviours',
  'recording',
  'users',
  'robot',
  'core',
  'nlu',
  'log',
  'config',
];

/** Folder (first path segment under src/) → the src folders it may import. */
const ALLOWED: Record<string, string[]> = {
  core: ['core'],
  log: ['log'],
  nlu: ['core', 'nlu'],
  config: ['config', 'core', 'log'],
  behaviours: ['behaviours', 'core'],
  model: ['model', 'core', 'nlu', 'log'],
  corpus: ['corpus', 'core'],
  babi: ['babi', 'corpus', 'core'],
  pipeline: ['pipeline', 'babi', 'dialogue', 'model', 'corpus', 'behaviours', 'core', 'nlu', 'log'],
  recording: ['recording', 'core', 'log'],
  users: ['users', 'core', 'log'],
  robot: ['robot', 'core', 'log'],
  dialogue: ['dialogue', 'behaviours', 'core', 'nlu', 'log'],
  runtime: RUNTIME_MAY_IMPORT,
  bench: ['bench', ...RUNTIME_MAY_IMPORT],
  cli: ['cli', 'bench', ...RUNTIME_MAY_IMPORT],
};

describe('architecture (docs/conventions.md)', () => {
  const all = sources();

  it('dependencies point inward', () => {
    const wrong: string[] = [];
    for (const { file, imports } of all) {
      const folder = file.split(path.sep)[0] ?? '';
      for (const spec of imports.filter((s) => s.startsWith('.'))) {
        const target = path.relative(
          path.join(ROOT, 'src'),
          path.resolve(path.join(ROOT, 'src', path.dirname(file)), spec),
        );
        const targetFolder = target.split(path.sep)[0] ?? '';
        if (!(ALLOWED[folder] ?? []).includes(targetFolder)) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('each heavy dependency lives in one folder', () => {
    const owners: Array<[RegExp, string]> = [
      [/^@tensorflow\//, `model${path.sep}`],
      [/^rosnodejs/, `robot${path.sep}ros${path.sep}`],
      [/^socket\.io/, `robot${path.sep}simulator${path.sep}`],
      [/^natural/, `model${path.sep}`],
      [/^xstate/, `dialogue${path.sep}`],
    ];
    const wrong = all.flatMap(({ file, imports }) =>
      imports
        .filter((s) => owners.some(([p, owner]) => p.test(s) && !file.startsWith(owner)))
        .map((s) => `${file}: ${s}`),
    );
    expect(wrong).toEqual([]);
  });

  it('only the config folder reads process.env', () => {
    const readers = all
      .filter(({ file }) => !file.startsWith(`config${path.sep}`))
      .filter(({ file }) => /process\.env/.test(readFileSync(path.join(ROOT, 'src', file), 'utf8')));
    expect(readers.map((r) => r.file)).toEqual([]);
  });
});
