// Tests that run the compiled package (dist/) in child processes need it current: compile
// lib/ when one of its sources is newer than dist/index.js.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.join(__dirname, '..', '..');
export const distDir = path.join(root, 'dist');

export function ensureDist(): string {
  const built = path.join(distDir, 'index.js');
  const lib = path.join(root, 'lib');
  // Recursive: lib/ has subfolders (lib/sources/).
  const newest = Math.max(
    ...fs
      .readdirSync(lib, { recursive: true, encoding: 'utf8' })
      .map((f) => fs.statSync(path.join(lib, f)).mtimeMs),
  );
  if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < newest) {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')],
      { stdio: 'pipe' },
    );
  }
  return distDir;
}
