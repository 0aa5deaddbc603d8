// An opened file reaches no other file unless the caller allows it (issue 9, item 1).
//
// The hostile files are made here by h5py (test/python/make_external.py): external storage
// in a victim file (absolute, relative to the process's directory, /etc/passwd), virtual
// datasets of another file, external links to another file and to a FIFO. By default each
// is refused with an HDF5ExtError naming the feature, the node and the target; images
// never reach other files; `allowExternalFiles` allows them, optionally only under named
// directories, and never lets a FIFO (or any non-regular file) stall HDF5.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  Array as H5Array,
  HDF5ExtError,
  ExternalLink,
  SoftLink,
  openFile,
  openFileAsync,
  type File,
  type Group,
  type OpenFileOptions,
} from '../../lib/index';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';

// Every hostile file here is made by h5py or PyTables.
const NO_H5PY = lacks('h5py', 'pytables');
import { ageFile, fileState, makeTmpDir, removeDir, useTmpDir } from '../helpers/tmp';

interface Made {
  victim: string;
  uploads: string;
  secret: string;
  other: string;
  pipe: string;
  pytables_read: number[];
}

let root = '';
let made: Made;
const tmp = useTmpDir('h5tables-external-');

beforeAll(() => {
  if (NO_H5PY) return;
  root = makeTmpDir('h5tables-external-fixtures-');
  made = runPython<Made>('make_external.py', [root, process.cwd()]);
}, 60_000);

afterAll(() => {
  if (root) removeDir(root);
});

const upload = (name: string): string => path.join(made.uploads, name);
const SECRET = Array.from({ length: 16 }, (_, i) => 65 + i); // the first 16 bytes of secret.bin
const HINT =
  'pass { allowExternalFiles: true } (or { allowExternalFiles: { directories: [...] } }) to openFile to allow it';
const IMAGE = 'a file opened from an image never reaches other files';

function refusal(node: string, what: string, reason = HINT): string {
  return `${node} ${what}, which is refused: ${reason}`;
}
const efl = (node: string, target: string, reason?: string): string =>
  refusal(node, `uses external storage (${target})`, reason);
const vds = (node: string, target: string, reason?: string): string =>
  refusal(node, `is a virtual dataset with a source in another file (${target})`, reason);
const elink = (node: string, target: string, reason?: string): string =>
  refusal(node, `is an external link (${target})`, reason);

/** What fn throws (the test fails if it returns). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error('expected a throw');
}

async function rejected(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return e as Error;
  }
  throw new Error('expected a rejection');
}

function expectRefused(err: Error, message: string): void {
  expect(err).toBeInstanceOf(HDF5ExtError);
  expect(err.message).toBe(message);
}

/** The node at where, links followed (dereference() is how h5tables follows them). */
function followed(f: File, where: string): unknown {
  let node: unknown = f.getNode(where);
  while (node instanceof SoftLink || node instanceof ExternalLink) node = node.dereference();
  return node;
}

function read(f: File, where: string): number[] {
  const node = followed(f, where);
  expect(node).toBeInstanceOf(H5Array);
  return Array.from((node as H5Array).read().data as ArrayLike<number>);
}

async function readAsync(f: File, where: string): Promise<number[]> {
  const node = followed(f, where) as H5Array;
  return Array.from((await node.readAsync()).data as ArrayLike<number>);
}

/** A writable copy of an upload in this test's directory (HDF5 resolves links from there). */
function copyUpload(name: string): string {
  const p = tmp.path(name);
  fs.copyFileSync(upload(name), p);
  return p;
}

const relSecret = (): string => path.relative(process.cwd(), made.secret);
const relOther = path.join('..', 'victim', 'other.h5');

describe.skipIf(NO_H5PY)('by default, nothing outside the file is reached', () => {
  for (const mode of ['r', 'a'] as const) {
    it(`external storage is refused (mode '${mode}'), by absolute and relative name and to /etc/passwd`, () => {
      const f = tmp.track(openFile(mode === 'r' ? upload('efl.h5') : copyUpload('efl.h5'), mode));
      expectRefused(
        thrown(() => read(f, '/abs')),
        efl('/abs', made.secret),
      );
      expectRefused(
        thrown(() => read(f, '/rel')),
        efl('/rel', relSecret()),
      );
      expectRefused(
        thrown(() => read(f, '/passwd')),
        efl('/passwd', '/etc/passwd'),
      );
      // Describing it reaches nothing and still works; the file's own data reads.
      expect((f.getNode('/abs') as H5Array).shape).toEqual([16]);
      expect(read(f, '/plain')).toEqual([0, 1, 2, 3]);
    });

    it(`virtual datasets of another file are refused (mode '${mode}'); one of the same file reads`, () => {
      const f = tmp.track(openFile(mode === 'r' ? upload('vds.h5') : copyUpload('vds.h5'), mode));
      expectRefused(
        thrown(() => read(f, '/abs')),
        vds('/abs', `${made.other}:data`),
      );
      expectRefused(
        thrown(() => read(f, '/rel')),
        vds('/rel', `${relOther}:data`),
      );
      expect(read(f, '/self')).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
      // The tree lists and prints without reaching the sources.
      expect(f.listNodes('/').map((n) => n.name)).toEqual(['abs', 'local', 'rel', 'self']);
    });

    it(`external links are not followed (mode '${mode}'): the link is an ExternalLink node, going through or dereferencing it is refused`, () => {
      const f = tmp.track(openFile(mode === 'r' ? upload('elink.h5') : copyUpload('elink.h5'), mode));
      const target = `${made.other}:/g`;
      expect([...f.walkNodes('/')].map((n) => `${n.pathname} ${n.constructor.name}`)).toEqual([
        '/ RootGroup',
        '/ext ExternalLink',
        '/extdata ExternalLink',
        '/fifo ExternalLink',
        '/plain Array',
        '/sl SoftLink',
      ]);
      expect(f.getNode('/ext')).toBeInstanceOf(ExternalLink);
      expect(String(f.getNode('/ext'))).toBe(`/ext (ExternalLink) -> ${target}`);
      expectRefused(
        thrown(() => f.getNode('/ext', undefined, 'ExternalLink').dereference()),
        elink('/ext', target, 'open the file with allowExternalFiles to follow it'),
      );
      expect(f.has('/ext')).toBe(true);
      expectRefused(
        thrown(() => f.getNodeAttr('/ext', 'mark')),
        elink('/ext', target),
      );
      expectRefused(
        thrown(() => f.getNode('/ext').attrs.keys()),
        elink('/ext', target),
      );
      expectRefused(
        thrown(() => f.getNode('/ext/anything')),
        elink('/ext', target),
      );
      // Through a soft link, and to a FIFO (which would stall HDF5 if it were opened).
      expectRefused(
        thrown(() => f.getNodeAttr('/sl', 'CLASS')),
        elink('/extdata', `${made.other}:/data`),
      );
      expectRefused(
        thrown(() => f.getNodeAttr('/fifo', 'x')),
        elink('/fifo', `${made.pipe}:/x`),
      );
      expect(read(f, '/plain')).toEqual([0, 1, 2]);
    });
  }

  it('an unlimited virtual mapping is refused as soon as the node is described (HDF5 would open its source)', () => {
    const f = tmp.track(openFile(upload('vds_unlimited.h5'), 'r'));
    expectRefused(
      thrown(() => f.getNode('/grow')),
      vds('/grow', `${path.join(made.victim, 'grow.h5')}:data`),
    );
    expectRefused(
      thrown(() => f.getNode('/fifo')),
      vds('/fifo', `${made.pipe}:data`),
    );
  });

  it('the binding refuses on its own, whatever lib/ asks (no path in it reaches another file)', async () => {
    const l = tmp.track(openFile(upload('elink.h5'), 'r'));
    const nat = l._nat();
    const message = elink('/extdata', `${made.other}:/data`);
    expect(() => nat.readDataset('/extdata')).toThrow(message);
    expect(() => nat.getDatasetInfo('/extdata')).toThrow(message);
    expect(() => nat.listAttributes('/extdata')).toThrow(message);
    await expect(nat.readDatasetAsync('/extdata')).rejects.toThrow(message);
    // The link itself is reported without opening the other file.
    expect(nat.getKind('/extdata')).toBe('externallink');
    expect(nat.getLinkValue('/extdata')).toEqual({ type: 'external', file: made.other, target: '/data' });
    const e = tmp.track(openFile(upload('efl.h5'), 'r'));
    expect(() => e._nat().readDataset('/passwd')).toThrow(efl('/passwd', '/etc/passwd'));
    await expect(e._nat().readDatasetAsync('/passwd')).rejects.toThrow(efl('/passwd', '/etc/passwd'));
  });

  it('a virtual dataset of a same-file dataset with external storage is refused', () => {
    const f = tmp.track(openFile(upload('vds_efl.h5'), 'r'));
    expectRefused(
      thrown(() => read(f, '/v')),
      efl('/v', made.secret),
    );
    expectRefused(
      thrown(() => read(f, '/e')),
      efl('/e', made.secret),
    );
  });

  it('async opens and reads are refused the same way', async () => {
    const e = tmp.track(await openFileAsync(upload('efl.h5'), 'r'));
    expectRefused(await rejected(readAsync(e, '/abs')), efl('/abs', made.secret));
    expectRefused(await rejected(readAsync(e, '/passwd')), efl('/passwd', '/etc/passwd'));
    expect(await readAsync(e, '/plain')).toEqual([0, 1, 2, 3]);
    const v = tmp.track(await openFileAsync(upload('vds.h5'), 'r'));
    expectRefused(await rejected(readAsync(v, '/abs')), vds('/abs', `${made.other}:data`));
    expect(await readAsync(v, '/self')).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    const l = tmp.track(await openFileAsync(upload('elink.h5'), 'r'));
    expectRefused(
      thrown(() => l.getNodeAttr('/ext', 'mark')),
      elink('/ext', `${made.other}:/g`),
    );
  });

  it("writes through an external link in a file opened 'a' are refused and the other file is untouched", async () => {
    const p = copyUpload('elink.h5');
    ageFile(made.other);
    const before = fileState(made.other);
    const f = tmp.track(openFile(p, 'a'));
    const target = `${made.other}:/g`;
    expectRefused(
      thrown(() => f.setNodeAttr('/ext', 'evil', 1)),
      elink('/ext', target),
    );
    expectRefused(
      thrown(() => f.getNode('/ext').attrs.set('evil', 1)),
      elink('/ext', target),
    );
    expectRefused(
      thrown(() => f.delNodeAttr('/ext', 'mark')),
      elink('/ext', target),
    );
    // h5tables does not follow the link, so it is no group to create in.
    expect(thrown(() => f.createGroup('/ext', 'evil'))).toBeInstanceOf(TypeError);
    expect(thrown(() => f.createArray('/ext', 'evil', [1, 2, 3]))).toBeInstanceOf(TypeError);
    expect(await rejected(f.createArrayAsync('/ext', 'evil', [1, 2, 3]))).toBeInstanceOf(TypeError);
    expectRefused(
      thrown(() => f.removeNode('/ext/anything')),
      elink('/ext', target),
    );
    // A link is copied as a link, as PyTables copies it: the other file is not reached.
    expect(String(f.copyNode('/ext', '/', 'copy'))).toBe(`/copy (ExternalLink) -> ${target}`);
    expectRefused(
      thrown(() => f.getNodeAttr('/copy', 'mark')),
      elink('/copy', target),
    );
    f.createArray('/', 'mine', [1, 2]); // the file itself stays writable
    f.close();
    const after = fileState(made.other);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.bytes.equals(before.bytes)).toBe(true);
  });
});

describe.skipIf(NO_H5PY)('images never reach other files', () => {
  const cases: Array<[string, (f: File) => unknown]> = [
    ['efl.h5', (f) => read(f, '/abs')],
    ['vds.h5', (f) => read(f, '/abs')],
    ['elink.h5', (f) => f.getNodeAttr('/ext', 'mark')],
  ];
  const messages = (): Record<string, string> => ({
    'efl.h5': efl('/abs', made.secret, IMAGE),
    'vds.h5': vds('/abs', `${made.other}:data`, IMAGE),
    'elink.h5': elink('/ext', `${made.other}:/g`, IMAGE),
  });

  for (const [name, probe] of cases) {
    for (const [label, mode, options] of [
      ['image, r', 'r', {}],
      ['image, r, no copy', 'r', { driverCoreImageNoCopy: true }],
      ['image, a', 'a', { driverCoreBackingStore: false }],
    ] as const) {
      it(`${name} opened as an ${label}: refused`, () => {
        const image = fs.readFileSync(upload(name));
        const f = tmp.track(
          openFile(tmp.path('u.h5'), mode, { driver: 'H5FD_CORE', driverCoreImage: image, ...options }),
        );
        expectRefused(
          thrown(() => probe(f)),
          messages()[name],
        );
      });
    }

    it(`${name} loaded by H5FD_CORE without backing store: refused`, () => {
      const f = tmp.track(
        openFile(upload(name), 'r', { driver: 'H5FD_CORE', driverCoreBackingStore: false }),
      );
      expectRefused(
        thrown(() => probe(f)),
        messages()[name],
      );
    });
  }

  it('an image opened async is refused too', async () => {
    const image = fs.readFileSync(upload('efl.h5'));
    const f = tmp.track(await openFileAsync('u.h5', 'r', { driver: 'H5FD_CORE', driverCoreImage: image }));
    expectRefused(await rejected(readAsync(f, '/abs')), efl('/abs', made.secret, IMAGE));
  });

  it('allowExternalFiles with an image, or CORE without backing store, is a TypeError and opens nothing', () => {
    const image = fs.readFileSync(upload('efl.h5'));
    const err = thrown(() =>
      openFile(tmp.path('u.h5'), 'a', {
        driver: 'H5FD_CORE',
        driverCoreImage: image,
        allowExternalFiles: true,
      }),
    );
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe(
      'allowExternalFiles does not apply to images or to H5FD_CORE without backing store: they never reach other files',
    );
    expect(
      thrown(() =>
        openFile(upload('efl.h5'), 'r', {
          driver: 'H5FD_CORE',
          driverCoreBackingStore: false,
          allowExternalFiles: { directories: [made.victim] },
        }),
      ),
    ).toBeInstanceOf(TypeError);
    expect(tmp.list()).toEqual([]);
  });
});

describe.skipIf(NO_H5PY)('allowExternalFiles', () => {
  for (const [label, allow] of [
    ['true', true],
    ['{ directories } holding the targets', 'victim'],
  ] as const) {
    const options = (): OpenFileOptions => ({
      allowExternalFiles: allow === true ? true : { directories: [made.victim] },
    });

    it(`${label}: external storage, virtual datasets and external links read`, () => {
      const e = tmp.track(openFile(upload('efl.h5'), 'r', options()));
      expect(read(e, '/abs')).toEqual(SECRET);
      expect(read(e, '/rel')).toEqual(SECRET);
      const v = tmp.track(openFile(upload('vds.h5'), 'r', options()));
      expect(read(v, '/abs')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(read(v, '/rel')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const ve = tmp.track(openFile(upload('vds_efl.h5'), 'r', options()));
      expect(read(ve, '/v')).toEqual(SECRET);
      // HDF5 keeps a virtual dataset's source file open (with its own close degree): a
      // link's dereference() cannot open it again until that file closes.
      v.close();
      ve.close();
      const l = tmp.track(openFile(upload('elink.h5'), 'r', options()));
      // Attributes by path go through the link (HDF5 opens the other file and lets it go);
      // dereference() then opens it as a File of its own, until umount() or l's close.
      expect(Number(l.getNodeAttr('/ext', 'mark'))).toBe(7);
      expect(read(l, '/extdata')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(read(l, '/sl')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it(`${label}: async reads`, async () => {
      const e = tmp.track(await openFileAsync(upload('efl.h5'), 'r', options()));
      expect(await readAsync(e, '/abs')).toEqual(SECRET);
      const v = tmp.track(await openFileAsync(upload('vds.h5'), 'r', options()));
      expect(await readAsync(v, '/rel')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await v.closeAsync(); // it holds the source file open (see above)
      const l = tmp.track(await openFileAsync(upload('elink.h5'), 'r', options()));
      expect(await readAsync(l, '/extdata')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it(`${label}: a FIFO (or any non-regular file) is still refused, and nothing stalls`, async () => {
      const reason = `${made.pipe} is not a regular file`;
      const l = tmp.track(openFile(upload('elink.h5'), 'r', options()));
      expectRefused(
        thrown(() => l.getNodeAttr('/fifo', 'x')),
        elink('/fifo', `${made.pipe}:/x`, reason),
      );
      const e = tmp.track(openFile(upload('efl_fifo.h5'), 'r', options()));
      expectRefused(
        thrown(() => read(e, '/x')),
        efl('/x', made.pipe, reason),
      );
      expectRefused(
        thrown(() => read(e, '/zero')),
        efl('/zero', '/dev/zero', '/dev/zero is not a regular file'),
      );
      const v = tmp.track(await openFileAsync(upload('vds_fifo.h5'), 'r', options()));
      expectRefused(await rejected(readAsync(v, '/x')), vds('/x', `${made.pipe}:data`, reason));
      const u = tmp.track(openFile(upload('vds_unlimited.h5'), 'r', options()));
      expect(read(u, '/grow')).toEqual([0, 1, 2, 3, 4]);
      expectRefused(
        thrown(() => u.getNode('/fifo')),
        vds('/fifo', `${made.pipe}:data`, reason),
      );
    });
  }

  it('{ directories } refuses targets elsewhere, /etc/passwd included, and names the resolved file', () => {
    const options = { allowExternalFiles: { directories: [made.uploads] } };
    const outside = (p: string): string =>
      `${p} is not under a directory that allowExternalFiles.directories names`;
    const e = tmp.track(openFile(upload('efl.h5'), 'r', options));
    expectRefused(
      thrown(() => read(e, '/abs')),
      efl('/abs', made.secret, outside(made.secret)),
    );
    expectRefused(
      thrown(() => read(e, '/rel')),
      efl('/rel', relSecret(), outside(made.secret)),
    );
    const passwd = fs.realpathSync('/etc/passwd');
    expectRefused(
      thrown(() => read(e, '/passwd')),
      efl('/passwd', '/etc/passwd', outside(passwd)),
    );
    const v = tmp.track(openFile(upload('vds.h5'), 'r', options));
    expectRefused(
      thrown(() => read(v, '/rel')),
      vds('/rel', `${relOther}:data`, outside(made.other)),
    );
    const l = tmp.track(openFile(upload('elink.h5'), 'r', options));
    expectRefused(
      thrown(() => l.getNodeAttr('/ext', 'mark')),
      elink('/ext', `${made.other}:/g`, outside(made.other)),
    );
  });

  it('{ directories } checks where a symbolic link really leads', () => {
    // allowed/other.h5 is a symlink to the victim's file: its real place is not allowed.
    const allowed = tmp.path('allowed');
    fs.mkdirSync(allowed);
    const link = path.join(allowed, 'other.h5');
    fs.symlinkSync(made.other, link);
    const p = tmp.path('link.h5');
    runPython('make_elink.py', [p, link, '/data']);
    const f = tmp.track(openFile(p, 'r', { allowExternalFiles: { directories: [allowed] } }));
    const reason = `${made.other} is not under a directory that allowExternalFiles.directories names`;
    expectRefused(
      thrown(() => f.getNodeAttr('/ext', 'CLASS')),
      elink('/ext', `${link}:/data`, reason),
    );
    f.close();
    const g = tmp.track(openFile(p, 'r', { allowExternalFiles: { directories: [made.victim] } }));
    expect(read(g, '/ext')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a file reached through an allowed link follows the same policy for its own links', () => {
    // a.h5:/tob -> b/b.h5:/ whose /ext -> victim/other.h5:/data
    const b = tmp.path('b');
    fs.mkdirSync(b);
    runPython('make_elink.py', [path.join(b, 'b.h5'), made.other, '/data']);
    const a = tmp.path('a.h5');
    runPython('make_elink.py', [a, path.join(b, 'b.h5'), '/']);
    const f = tmp.track(openFile(a, 'r', { allowExternalFiles: { directories: [b] } }));
    const reason = `${made.other} is not under a directory that allowExternalFiles.directories names`;
    expectRefused(
      thrown(() => f.getNodeAttr('/ext/ext', 'CLASS')),
      refusal(`a link in ${path.join(b, 'b.h5')}:/`, `is an external link (${made.other}:/data)`, reason),
    );
    f.close();
    const g = tmp.track(openFile(a, 'r', { allowExternalFiles: { directories: [b, made.victim] } }));
    expect(read(g, '/ext/ext')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const h = tmp.track(openFile(a, 'r'));
    expectRefused(
      thrown(() => h.getNodeAttr('/ext/ext', 'CLASS')),
      elink('/ext', `${path.join(b, 'b.h5')}:/`),
    );
  });

  it('writes through an allowed external link land in the other file (as in PyTables)', () => {
    const victim = tmp.path('victim');
    fs.mkdirSync(victim);
    const other = path.join(victim, 'other.h5');
    fs.copyFileSync(made.other, other);
    const p = tmp.path('elink.h5');
    runPython('make_elink.py', [p, other, '/g']);
    const f = openFile(p, 'a', { allowExternalFiles: { directories: [victim] } });
    f.setNodeAttr('/ext', 'added', 5);
    // The link is no group to create in: its target, opened writable, is.
    expect(thrown(() => f.createGroup('/ext', 'made'))).toBeInstanceOf(TypeError);
    const target = f.getNode('/ext', undefined, 'ExternalLink').dereference({ mode: 'a' });
    target.file.createGroup(target as Group, 'made');
    f.close(); // closes the file dereference() opened, too
    expect(target.isOpen).toBe(false);
    const g = tmp.track(openFile(other, 'r'));
    expect(g.getNodeAttr('/g', 'added')).toBe(5);
    expect(g.has('/g/made')).toBe(true);
  });

  it('validates its value', () => {
    const p = upload('efl.h5');
    const bad: unknown[] = [
      'yes',
      1,
      null,
      {},
      { directories: [] },
      { directories: 'x' },
      { directories: [1] },
      { directories: [made.victim], more: 1 },
    ];
    for (const value of bad) {
      const err = thrown(() => openFile(p, 'r', { allowExternalFiles: value as boolean }));
      expect(err).toBeInstanceOf(TypeError);
    }
    const missing = thrown(() =>
      openFile(p, 'r', { allowExternalFiles: { directories: [tmp.path('nope')] } }),
    );
    expect((missing as NodeJS.ErrnoException).code).toBe('ENOENT');
    const notDir = thrown(() => openFile(p, 'r', { allowExternalFiles: { directories: [made.secret] } }));
    expect((notDir as NodeJS.ErrnoException).code).toBe('ENOTDIR');
  });
});

describe.skipIf(NO_H5PY)('PyTables external links', () => {
  it('a file PyTables made with create_external_link opens in h5tables with allowExternalFiles', async () => {
    expect(made.pytables_read).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // PyTables reads it itself
    const f = tmp.track(openFile(upload('pt_elink.h5'), 'r', { allowExternalFiles: true }));
    expect(read(f, '/lnk')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const g = tmp.track(
      await openFileAsync(upload('pt_elink.h5'), 'r', { allowExternalFiles: { directories: [made.victim] } }),
    );
    expect(await readAsync(g, '/lnk')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const h = tmp.track(openFile(upload('pt_elink.h5'), 'r'));
    expect(h.getNode('/lnk')).toBeInstanceOf(ExternalLink);
    expectRefused(
      thrown(() => h.getNodeAttr('/lnk', 'CLASS')),
      elink('/lnk', `${made.other}:/data`),
    );
  });
});
