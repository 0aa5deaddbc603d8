// The packed tarball installed into an empty project, as `npm install h5tables` would give
// a user: shared by the package tests that need the package as users get it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { root } from './dist';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface InstalledPackage {
  /** The tarball `npm pack` wrote into the work folder. */
  tarball: string;
  /** The paths inside the tarball, sorted. */
  files: string[];
  /** The project it was installed into (`<work>/app`). */
  app: string;
  /** What `npm install` printed. */
  installLog: string;
}

/** Packs the repository into `work` and installs the tarball into `<work>/app`; throws when either fails. */
export function packAndInstall(work: string): InstalledPackage {
  const packed = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  const tarball = path.join(work, packed[0]?.filename ?? '');
  const files = (packed[0]?.files ?? []).map((f) => f.path).sort();
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'app', version: '1.0.0', private: true }),
  );
  // Dependencies come from npm's cache when it has them (they do after `npm ci`).
  const r = spawnSync(npm, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: app,
    encoding: 'utf8',
    timeout: 240_000,
  });
  const installLog = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error('npm install failed:\n' + installLog);
  return { tarball, files, app, installLog };
}
