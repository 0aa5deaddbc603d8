// Friendly edges, the REPL: a real `repl` session over streams shows a group's and an
// attribute set's PyTables repr (the REPL inspects with showProxy, so neither may be a Proxy
// itself), and its completer lists children and attribute names on every Node line.
import type { CompleterResult } from 'node:readline';
import repl from 'node:repl';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';

import { Group, RootGroup, openFile, type File } from '../../lib/index';
import { useScratch } from './model-helpers';

const scratch = useScratch();

function sample(): File {
  const f = scratch.track(
    openFile('repl.h5', 'w', { driver: 'H5FD_CORE', driverCoreBackingStore: false, title: 'T' }),
  );
  const g = f.createGroup('/', 'grp', 'G');
  f.createArray(g, 'arr', [1, 2]);
  f.createGroup('/', '_p_hidden');
  f.root.attrs.units = 'm';
  return f;
}

/** Runs `lines` in a REPL whose context holds `f`; returns what it printed. */
async function session(f: File, lines: string[]): Promise<{ output: string; server: repl.REPLServer }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString()));
  const server = repl.start({ input, output, prompt: '> ', terminal: false, useColors: false });
  server.context.f = f;
  for (const line of lines) input.write(`${line}\n`);
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 50));
  return { output: text, server };
}

function complete(server: repl.REPLServer, line: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    server.completer(line, (err?: Error | null, result?: CompleterResult) => {
      if (err) reject(err);
      else resolve((result as CompleterResult)[0].filter((c) => c !== ''));
    });
  });
}

describe('groups and attribute sets in the REPL', () => {
  it('shows PyTables repr, not a Proxy', async () => {
    const f = sample();
    const { output, server } = await session(f, ['f.root', 'f.root.grp', 'f.root.attrs']);
    server.close();
    expect(output).toContain(`> ${inspect(f.root.attrs)}\n`);
    expect(inspect(f.root.attrs, { showProxy: true })).toBe(inspect(f.root.attrs));
    expect(inspect(f.root.attrs)).toMatch(/^\/\._v_attrs \(AttributeSet\), \d+ attributes:/);
    expect(output).toContain("> / (RootGroup) 'T'\n  children := ['grp' (Group)]\n");
    expect(output).toContain("> /grp (Group) 'G'\n  children := ['arr' (Array)]\n");
    expect(output).not.toContain('Proxy');
    expect(inspect(f.root.grp, { showProxy: true })).toBe("/grp (Group) 'G'\n  children := ['arr' (Array)]");
  });

  it('tab completion lists children (not hidden ones) and members', async () => {
    const f = sample();
    const { server } = await session(f, []);
    const children = await complete(server, 'f.root.g');
    expect(children).toContain('f.root.grp');
    expect(children).toContain('f.root.getChild');
    expect(await complete(server, 'f.root.grp.a')).toContain('f.root.grp.arr');
    expect(await complete(server, 'f.root._p')).not.toContain('f.root._p_hidden');
    expect(await complete(server, 'f.root.attrs.un')).toEqual(['f.root.attrs.units']);
    expect(await complete(server, 'f.root.attrs.ke')).toContain('f.root.attrs.keys');
    server.close();
  });

  it('keeps natural naming, instanceof and own keys consistent', () => {
    const f = sample();
    const root = f.root;
    expect(root).toBeInstanceOf(RootGroup);
    expect(root).toBeInstanceOf(Group);
    expect(root.grp.arr.read().data).toEqual(new Float64Array([1, 2]));
    expect('grp' in root).toBe(true);
    expect('nope' in root).toBe(false);
    expect(() => root.nope).toThrow('group ``/`` does not have a child named ``nope``');
    // The children are listed on the prototype (where the REPL looks), lazily.
    const proto = Object.getPrototypeOf(root) as object;
    expect(Reflect.ownKeys(proto)).toContain('grp');
    expect(Reflect.ownKeys(proto)).not.toContain('_p_hidden');
    expect(Object.getOwnPropertyDescriptor(proto, 'grp')?.get?.()).toBe(root.grp);
    // So are an attribute set's attributes.
    const attrsProto = Object.getPrototypeOf(root.attrs) as object;
    expect(Reflect.ownKeys(attrsProto)).toEqual(expect.arrayContaining(['CLASS', 'TITLE', 'units']));
    expect(Object.getOwnPropertyDescriptor(attrsProto, 'units')?.get?.()).toBe('m');
    expect(Object.getOwnPropertyDescriptor(attrsProto, 'nope')).toBeUndefined();
    f.close();
    expect(Reflect.ownKeys(proto)).not.toContain('grp'); // a closed group lists nothing
  });
});
