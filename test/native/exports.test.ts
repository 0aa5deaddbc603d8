// Issue 8, item 7: lib/native.ts declares what the addon exports. Its interfaces are read
// with the TypeScript compiler (so members made by AsyncForms<> count) and compared, both
// ways, with what the loaded addon really has.
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

import { native, type NativeDataset, type NativeFile } from '../../lib/native';

const DECLARATION = path.join(__dirname, '..', '..', 'lib', 'native.ts');

/** The member names of each named interface of lib/native.ts, as the type checker sees them. */
function declaredMembers(names: string[]): Record<string, string[]> {
  const program = ts.createProgram([DECLARATION], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(DECLARATION);
  if (!source) throw new Error(`cannot read ${DECLARATION}`);
  const out: Record<string, string[]> = {};
  ts.forEachChild(source, (node) => {
    if (ts.isInterfaceDeclaration(node) && names.includes(node.name.text)) {
      const type = checker.getTypeAtLocation(node);
      out[node.name.text] = checker
        .getPropertiesOfType(type)
        .map((p) => p.getName())
        .sort();
    }
  });
  return out;
}

/** Own and prototype members of a native object (its class's methods are on the prototype). */
function realMembers(object: object): string[] {
  const names = new Set<string>(Object.getOwnPropertyNames(object));
  const proto = Object.getPrototypeOf(object) as object | null;
  if (proto && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) if (name !== 'constructor') names.add(name);
  }
  return [...names].sort();
}

const declared = declaredMembers(['NativeModule', 'NativeFile', 'NativeDataset']);
const addon = native();
const file: NativeFile = addon.openFile({
  name: 'exports.h5',
  create: true,
  writable: true,
  driver: 'core',
  coreBackingStore: false,
});
file.createDataset('/x', { dtype: 'float64', shape: [2], data: new Float64Array([1, 2]) });
const dataset: NativeDataset = file.openDataset('/x');
afterAll(() => file.close());

describe('lib/native.ts matches the addon', () => {
  it('the declaration was read (each interface has members)', () => {
    for (const name of ['NativeModule', 'NativeFile', 'NativeDataset'])
      expect(declared[name]?.length).toBeGreaterThan(3);
    // AsyncForms<> members are seen: the check covers both forms.
    expect(declared.NativeFile).toContain('readDatasetAsync');
    expect(declared.NativeFile).toEqual(expect.arrayContaining(['readRows', 'readRowsAsync']));
    expect(declared.NativeDataset).toContain('readAsync');
    expect(declared.NativeFile).toEqual(
      expect.arrayContaining(['readRecords', 'readRecordsAsync', 'writeRecords', 'appendRecordsAsync']),
    );
    expect(declared.NativeDataset).toContain('readRecordsAsync');
    for (const op of ['createVlenDataset', 'readVlen', 'appendVlen', 'writeVlen'])
      expect(declared.NativeFile).toContain(`${op}Async`);
  });

  it.each([
    ['NativeModule', () => realMembers(addon)],
    ['NativeFile', () => realMembers(file)],
    ['NativeDataset', () => realMembers(dataset)],
  ] as const)('%s: every declared member exists, and every exported one is declared', (name, real) => {
    expect(real()).toEqual(declared[name]);
  });

  it('every operation has both forms, on every class', () => {
    for (const members of [realMembers(addon), realMembers(file), realMembers(dataset)]) {
      const ops = members.filter((m) => m.endsWith('Async'));
      expect(ops.length).toBeGreaterThan(0);
      for (const op of ops) expect(members).toContain(op.slice(0, -'Async'.length));
    }
  });
});
