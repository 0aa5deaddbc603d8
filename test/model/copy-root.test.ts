// Copying the root group within its file, as PyTables allows and refuses it (File.copy_node).
import { describe, expect, it } from 'vitest';

import { Group, NodeError, openFile, type File } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { pythonJson, useScratch } from './model-helpers';

const scratch = useScratch();
const REFUSED = 'You cannot copy a root group over the same file';

function tree(): File {
  const f = scratch.track(openFile(scratch.path('root.h5'), 'w', { title: 'R' }));
  f.createGroup('/', 'g');
  f.createArray('/', 'a', [1]);
  return f;
}

describe('copyNode of the root', () => {
  it('into a group of the same file without a new name is refused, recursive or not', () => {
    const f = tree();
    expect(() => f.copyNode('/', '/', { recursive: true })).toThrow(REFUSED);
    expect(() => f.copyNode('/', '/')).toThrow(REFUSED);
    expect(() => f.copyNode('/', '/g', { recursive: true })).toThrow(REFUSED);
    expect(() => f.copyNode(f.root, f.root.g)).toThrow(REFUSED);
    expect(() => f.root.copy('/', undefined, false, true)).toThrow(REFUSED);
    expect(f.listNodes('/').map((n) => n.name)).toEqual(['a', 'g']);
  });

  it('under a new name: alone it is a new group; recursively it would copy into itself', () => {
    const f = tree();
    const copy = f.copyNode('/', '/', 'x');
    expect(copy).toBeInstanceOf(Group);
    expect(String(copy)).toBe("/x (Group) 'R'");
    expect(f.listNodes('/x')).toEqual([]);
    expect(String(f.copyNode('/', { newname: 'y' }))).toBe("/y (Group) 'R'");
    expect(() => f.copyNode('/', '/g', 'z', undefined, false, true)).toThrow(
      new NodeError('can not move or recursively copy node ``/`` into itself'),
    );
  });
});

describe.skipIf(lacks('pytables'))('against PyTables', () => {
  it('PyTables refuses and allows the same copies', () => {
    const theirs = pythonJson<string[]>(`
import tables as tb, json
f = tb.open_file(${JSON.stringify(scratch.path('pt.h5'))}, 'w')
f.create_group('/', 'g')
out = []
for kw in [dict(newparent='/', recursive=True), dict(newparent='/'), dict(newparent='/g', recursive=True),
           dict(newparent='/', newname='x'), dict(newparent='/g', newname='z', recursive=True)]:
    try:
        out.append(str(f.copy_node('/', **kw)))
    except Exception as e:
        out.append(type(e).__name__ + ': ' + str(e))
f.close()
print(json.dumps(out))
`);
    const f = tree();
    const ours: string[] = [];
    const tries: Array<() => unknown> = [
      () => f.copyNode('/', '/', { recursive: true }),
      () => f.copyNode('/', '/'),
      () => f.copyNode('/', '/g', { recursive: true }),
      () => f.copyNode('/', '/', 'x'),
      () => f.copyNode('/', { newparent: '/g', newname: 'z', recursive: true }),
    ];
    for (const attempt of tries) {
      try {
        ours.push(String(attempt()).replace("'R'", "''"));
      } catch (err) {
        ours.push((err as Error).message);
      }
    }
    expect(ours).toEqual(theirs.map((t) => t.replace(/^(OSError|NodeError): /, '')));
  });
});

describe('options after newparent', () => {
  it('copyNode and moveNode take them, and refuse a second newparent there', () => {
    const f = tree();
    f.createArray('/g', 'b', [2]);
    expect(f.copyNode('/g', '/', { newname: 'h', recursive: true }).pathname).toBe('/h');
    expect(f.listNodes('/h').map((n) => n.name)).toEqual(['b']);
    f.moveNode('/a', '/g', { newname: 'a2' });
    expect(f.has('/g/a2')).toBe(true);
    expect(() => f.moveNode('/g/a2', '/', { newparent: '/h' })).toThrow(
      "moveNode: unknown option 'newparent'; accepted options: newname, name, overwrite, createParents",
    );
    expect(() => f.copyNode('/g', '/', { recursiv: true } as never)).toThrow(TypeError);
  });
});
