// Hidden nodes (names starting with `_p_` or `_i_`) are not listed, walked or printed, and
// stay reachable by path (PyTables' test_tree.py HiddenTreeTestCase).
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';

import { openFile, type File } from '../../lib/index';
import { lacks } from '../helpers/interop';
import { python, pythonJson, useScratch } from './model-helpers';

const scratch = useScratch();

const VISIBLE = ['/a', '/g', '/g/a1', '/g/a2', '/g/g', '/g/g/a'];
const HIDDEN = ['/_p_a', '/_p_g', '/_p_g/a', '/_p_g/_p_a', '/g/_p_a', '/_i_x'];

/** HiddenTreeTestCase's tree, plus an `_i_` group. */
function hiddenTree(): File {
  const f = scratch.track(openFile(scratch.path('hidden.h5'), 'w'));
  f.createArray('/', 'a', [0]);
  const g = f.createGroup('/', 'g');
  f.createArray(g, 'a1', [0]);
  f.createArray(g, 'a2', [0]);
  const gg = f.createGroup(g, 'g');
  f.createArray(gg, 'a', [0]);
  f.createArray('/', '_p_a', [0]);
  const hg = f.createGroup('/', '_p_g');
  f.createArray(hg, 'a', [0]);
  f.createArray(hg, '_p_a', [0]);
  f.createArray(g, '_p_a', [0]);
  f.createGroup('/', '_i_x');
  return f;
}

describe('hidden nodes', () => {
  it('are found by getNode, has() and natural naming', () => {
    const f = hiddenTree();
    for (const p of [...VISIBLE, ...HIDDEN]) {
      expect(f.getNode(p).pathname).toBe(p);
      expect(f.has(p)).toBe(true);
    }
    expect(f.root._p_g.a.pathname).toBe('/_p_g/a');
    expect(f.root.has('_p_a')).toBe(true);
    expect('_p_a' in f.root).toBe(true);
  });

  it('are not walked by walkNodes, walkGroups or iterating the file', () => {
    const f = hiddenTree();
    const walked = [...f.walkNodes('/')].map((n) => n.pathname);
    expect(walked).toEqual(['/', '/a', '/g', '/g/a1', '/g/a2', '/g/g', '/g/g/a']);
    expect([...f].map((n) => n.pathname)).toEqual(walked);
    expect([...f.walkGroups('/')].map((n) => n.pathname)).toEqual(['/', '/g', '/g/g']);
    expect([...f.root.walkNodes()].map((n) => n.pathname)).toEqual(walked.slice(1));
  });

  it('are not listed by listNodes or iterNodes; a hidden group lists its visible children', () => {
    const f = hiddenTree();
    expect(f.listNodes('/g').map((n) => n.pathname)).toEqual(['/g/a1', '/g/a2', '/g/g']);
    expect([...f.iterNodes('/g')].map((n) => n.pathname)).toEqual(['/g/a1', '/g/a2', '/g/g']);
    expect([...f.root.g].map((n) => n.pathname)).toEqual(['/g/a1', '/g/a2', '/g/g']);
    // test05_listNodesHidden: under a hidden group, only its visible child.
    expect(f.listNodes('/_p_g').map((n) => n.pathname)).toEqual(['/_p_g/a']);
    expect([...f.walkNodes('/_p_g')].map((n) => n.pathname)).toEqual(['/_p_g', '/_p_g/a']);
  });

  it("are not printed by str(file), repr(file) or a group's repr", () => {
    const f = hiddenTree();
    expect(String(f).split('\n').slice(3)).toEqual([
      "/ (RootGroup) ''",
      "/a (Array(1,)) ''",
      "/g (Group) ''",
      "/g/a1 (Array(1,)) ''",
      "/g/a2 (Array(1,)) ''",
      "/g/g (Group) ''",
      "/g/g/a (Array(1,)) ''",
      '',
    ]);
    expect(inspect(f)).not.toMatch(/_p_|_i_/);
    expect(inspect(f.root)).toBe("/ (RootGroup) ''\n  children := ['g' (Group), 'a' (Array)]");
  });

  it('do not count as children when a group is removed, as in PyTables', () => {
    const f = hiddenTree();
    f.createGroup('/', 'only');
    f.createArray('/only', '_p_x', [1]);
    f.removeNode('/only');
    expect(f.has('/only')).toBe(false);
    expect(() => f.removeNode('/_p_g')).toThrow(/has child nodes/);
  });
});

describe.skipIf(lacks('pytables'))('against PyTables', () => {
  it('the same tree walks and prints as PyTables walks and prints it', () => {
    const f = hiddenTree();
    f.close();
    const p = scratch.path('hidden.h5');
    const theirs = pythonJson<{ walk: string[]; str: string; list: string[] }>(`
import tables as tb, json
f = tb.open_file(${JSON.stringify(p)})
print(json.dumps({'walk': [n._v_pathname for n in f.walk_nodes('/')], 'str': str(f).split('\\n', 2)[2],
                  'list': [n._v_pathname for n in f.list_nodes('/_p_g')]}))
`);
    const g = scratch.track(openFile(p, 'r'));
    expect([...g.walkNodes('/')].map((n) => n.pathname)).toEqual(theirs.walk);
    expect(String(g).split('\n').slice(2).join('\n')).toBe(theirs.str);
    expect(g.listNodes('/_p_g').map((n) => n.pathname)).toEqual(theirs.list);
  });

  it("a PyTables table's index group (_i_...) does not appear", () => {
    const p = scratch.path('indexed.h5');
    python(`
import tables as tb
f = tb.open_file(${JSON.stringify(p)}, 'w')
class D(tb.IsDescription):
    x = tb.Int32Col()
t = f.create_table('/', 't', D, 'T')
t.append([(i,) for i in range(10)])
t.flush()
t.cols.x.create_index()
f.close()
`);
    const f = scratch.track(openFile(p, 'r'));
    expect(f.has('/_i_t')).toBe(true);
    expect(f.listNodes('/').map((n) => n.pathname)).toEqual(['/t']);
    expect([...f.walkNodes('/')].map((n) => n.pathname)).toEqual(['/', '/t']);
    expect(String(f)).not.toContain('_i_t');
  });
});
