// Issue 8, item 2: binding/hdf5/ calls libhdf5 and knows nothing of napi; binding/js/ is
// the only code that touches napi. Checked on the sources, so a stray include fails here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BINDING = path.join(__dirname, '..', '..', 'binding');

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(cc|h|c)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('binding/ layout', () => {
  it('has no source outside binding/hdf5/ and binding/js/', () => {
    const outside = fs
      .readdirSync(BINDING, { withFileTypes: true })
      .filter((e) => !e.isDirectory())
      .map((e) => e.name);
    expect(outside).toEqual([]);
    expect(fs.readdirSync(BINDING).sort()).toEqual(['hdf5', 'js']);
  });

  it('binding/hdf5/ uses no napi and includes nothing from binding/js/', () => {
    const files = sources(path.join(BINDING, 'hdf5'));
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) =>
      /#include\s*[<"](napi\.h|node_api\.h|js\/)|\bNapi::|\bnapi_/.test(fs.readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(BINDING, f))).toEqual([]);
  });
});
