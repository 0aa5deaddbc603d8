// Soft and external links as nodes (PyTables' tables.link): the link itself, listed,
// walked, printed, removed, renamed and moved as a node, followed only by dereference().
// Hard links need no class: they are the groups and leaves they lead to.

import fs from 'node:fs';
import path from 'node:path';

import { prepareNew } from './creating';
import { HDF5ExtError, NoSuchNodeError, nativeCall } from './errors';
import type { File } from './file';
import type { FileMode } from './open';
import { Node } from './node';
import { checkOptions, type OptionTable } from './options';
import { joinPath, splitPath } from './paths';
import { registerClassName, registerLinkClass } from './registry';

/** The options of createSoftLink, createExternalLink and createHardLink. */
export interface LinkOptions {
  /** Create missing groups on the way to `where` (PyTables' createparents). */
  createParents?: boolean;
}

/** The options of `ExternalLink.dereference` (how the other file is opened). */
export interface DereferenceOptions {
  /** The mode the other file opens in: 'r' (the default) or 'r+' / 'a' to write to it. */
  mode?: Exclude<FileMode, 'w'>;
}

const LINK_OPTIONS: OptionTable = { createParents: 'boolean' };
const DEREFERENCE_OPTIONS: OptionTable = {
  mode: (value) => {
    if (value !== 'r' && value !== 'r+' && value !== 'a')
      throw new TypeError("option 'mode' must be 'r', 'r+' or 'a'");
  },
};

function linkOptions(options: unknown, what: string): LinkOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object')
    throw new TypeError(`${what}: options must be an object ({ createParents })`);
  checkOptions(options, LINK_OPTIONS, what);
  return options as LinkOptions;
}

/**
 * A link node (PyTables' `tables.Link`): a node that names another node. Its `attrs`
 * are those of the node it leads to (HDF5 follows the link), as PyTables forwards them.
 */
export abstract class Link extends Node {
  /** The path (or `file:/path`) the link names, as stored. */
  abstract get target(): string;

  /** Whether the node the link names is missing. */
  abstract isDangling(): boolean;

  /** @internal Links print after the leaves of their group, before unknown nodes. */
  _printRank(): number {
    return 2;
  }

  /** @internal A new link at `to` naming the same target (PyTables copies the link, not the target). */
  abstract _copyTo(to: string): void;

  /** @internal */
  _str(): string {
    return `${this._path} (${this._className()}) -> ${this.target}`;
  }
}

/**
 * A soft link (PyTables' `tables.SoftLink`): a path in the same file, which need not
 * exist. A relative target is relative to the link's group.
 */
export class SoftLink extends Link {
  /** @internal Made by its File, or by `createSoftLink`. */
  static _create(
    file: File,
    where: unknown,
    name: unknown,
    target: unknown,
    options?: LinkOptions,
  ): SoftLink {
    const what = 'createSoftLink';
    let text: string;
    if (target instanceof Node) text = target.pathname;
    else if (typeof target === 'string' && target !== '' && !target.includes('\0')) text = target;
    else throw new TypeError(`${what}: \`target\` has to be a non-empty path string or a node object`);
    const { path: at } = prepareNew(file, where, name, linkOptions(options, what), what);
    const nat = file._nat();
    nativeCall(() => nat.createSoftLink(at, text));
    return file._node(at, 'softlink') as SoftLink;
  }

  /** @internal */
  _ownClassName(): string {
    return 'SoftLink';
  }

  /** The target path, as stored (relative to the link's group when it does not start with '/'). */
  get target(): string {
    const nat = this._check();
    return nativeCall(() => nat.getLinkValue(this._path)).target ?? '';
  }

  /** @internal The target as an absolute path. */
  _targetPath(): string {
    const target = this.target;
    return target.startsWith('/') ? target : joinPath(splitPath(this._path)[0], target);
  }

  /** The node the link names (NoSuchNodeError when dangling), as PyTables' `dereference()`. */
  dereference(): Node {
    return this._file.getNode(this._targetPath()) as Node;
  }

  /** Whether the target path names no node. */
  isDangling(): boolean {
    return !this._file.has(this._targetPath());
  }

  /** @internal */
  _copyTo(to: string): void {
    const target = this.target;
    const nat = this._file._nat();
    nativeCall(() => nat.createSoftLink(to, target));
  }

  /** @internal PyTables' str() and repr(): `/sl (SoftLink) -> /c`, `... (dangling)`. */
  _str(): string {
    return super._str() + (this.isDangling() ? ' (dangling)' : '');
  }
}

/**
 * An external link (PyTables' `tables.ExternalLink`): a node in another file, named
 * `file.h5:/path`. It is followed only by `dereference()`, and only under the file's
 * `allowExternalFiles` policy.
 */
export class ExternalLink extends Link {
  /** @internal */
  _extfile: File | null = null;

  /** @internal Made by its File, or by `createExternalLink`. */
  static _create(
    file: File,
    where: unknown,
    name: unknown,
    target: unknown,
    options?: LinkOptions,
  ): ExternalLink {
    const what = 'createExternalLink';
    let other: string;
    let object: string;
    if (target instanceof Node) {
      [other, object] = [target.file.filename, target.pathname];
    } else if (typeof target === 'string') {
      const at = target.indexOf(':/');
      if (at <= 0 || target.includes('\0'))
        throw new TypeError(`${what}: \`target\` must expressed as 'file:/path/to/node'`);
      [other, object] = [target.slice(0, at), target.slice(at + 1)];
    } else {
      throw new TypeError(`${what}: \`target\` has to be a string or a node object`);
    }
    const { path: at } = prepareNew(file, where, name, linkOptions(options, what), what);
    const nat = file._nat();
    nativeCall(() => nat.createExternalLink(at, other, object));
    return file._node(at, 'externallink') as ExternalLink;
  }

  /** @internal */
  _ownClassName(): string {
    return 'ExternalLink';
  }

  /** @internal The other file's name and the object's path, as stored. */
  _parts(): { file: string; object: string } {
    const nat = this._check();
    const value = nativeCall(() => nat.getLinkValue(this._path));
    return { file: value.file ?? '', object: value.target ?? '' };
  }

  /** `file.h5:/path`, as PyTables shows it. */
  get target(): string {
    const { file, object } = this._parts();
    return `${file}:${object}`;
  }

  /** The other file once dereference() opened it (PyTables' extfile), else null. */
  get extfile(): File | null {
    return this._extfile?.isOpen ? this._extfile : null;
  }

  /** @internal The other file's absolute name: relative names are relative to this file's directory. */
  _otherFile(): string {
    const { file } = this._parts();
    return path.isAbsolute(file) ? file : path.join(path.dirname(this._file._absolutePath()), file);
  }

  /**
   * Opens the other file (mode 'r' unless given; once, kept in `extfile` until `umount()`
   * or this file's close) and returns the node there. Only under this file's
   * `allowExternalFiles` (HDF5ExtError otherwise, before the other file is touched); a
   * missing file is an Error with code ENOENT, a missing node NoSuchNodeError.
   */
  dereference(options?: DereferenceOptions): Node {
    this._check();
    if (options !== undefined) checkOptions(options, DEREFERENCE_OPTIONS, 'dereference');
    const { object } = this._parts();
    const mode = options?.mode ?? 'r';
    const other = this._otherFile();
    let ext = this.extfile;
    if (ext && ext.mode !== mode) {
      throw new TypeError(
        `dereference: ${JSON.stringify(other)} is open in mode '${ext.mode}' already; umount() first`,
      );
    }
    if (!ext) {
      this._checkAllowed(other);
      ext = this._file._openLinked(other, mode);
      this._extfile = ext;
    }
    return ext.getNode(object) as Node;
  }

  /** Whether the other file or the node in it is missing (following it as dereference() does). */
  isDangling(): boolean {
    const other = this._otherFile();
    if (!fs.existsSync(other)) return true;
    this._checkAllowed(other);
    try {
      return !this.dereference().isOpen;
    } catch (err) {
      if (err instanceof NoSuchNodeError) return true;
      throw err;
    }
  }

  /** Closes the other file if dereference() opened it (PyTables' umount). */
  umount(): void {
    const ext = this._extfile;
    this._extfile = null;
    if (ext?.isOpen) ext.close();
  }

  /** @internal Refuses, as the binding refuses HDF5's own traversals, what the policy does not allow. */
  _checkAllowed(other: string): void {
    const policy = this._file._externalPolicy();
    const refuse = (reason: string): never => {
      throw new HDF5ExtError(
        `${this._path} is an external link (${this.target}), which is refused: ${reason}`,
      );
    };
    if (!policy.allow) {
      refuse(
        policy.inMemory
          ? 'a file opened from an image (or H5FD_CORE without backing store) never reaches other files'
          : 'open the file with allowExternalFiles to follow it',
      );
    }
    if (!fs.existsSync(other)) return; // opening it says it does not exist
    const real = fs.realpathSync(other);
    if (!fs.statSync(real).isFile()) refuse(`${real} is not a regular file`);
    const dirs = policy.directories;
    if (dirs && !dirs.some((d) => real === d || real.startsWith(d.endsWith(path.sep) ? d : d + path.sep))) {
      refuse(`${real} is not under a directory that allowExternalFiles.directories names`);
    }
  }

  /** @internal */
  _copyTo(to: string): void {
    const { file, object } = this._parts();
    const nat = this._file._nat();
    nativeCall(() => nat.createExternalLink(to, file, object));
  }
}

/** @internal createHardLink: a second name for `target`; the node returned is the target's class. */
export function createHardLink(
  file: File,
  where: unknown,
  name: unknown,
  target: unknown,
  options?: LinkOptions,
): Node {
  const what = 'createHardLink';
  if (!(target instanceof Node) && typeof target !== 'string')
    throw new TypeError(`${what}: \`target\` has to be a path string or a node object`);
  const targetPath = file._pathOf(target);
  const node = file.getNode(targetPath) as Node;
  if (node instanceof Link) {
    throw new TypeError(
      `${what}: \`target\` \`\`${targetPath}\`\` is a ${node._className()}, not a group or leaf`,
    );
  }
  const { path: at } = prepareNew(file, where, name, linkOptions(options, what), what);
  const nat = file._nat();
  nativeCall(() => nat.createHardLink(at, targetPath));
  return file._node(at);
}

declare module './registry' {
  interface NodeClasses {
    /** Soft and external links. */
    Link: Link;
    /** Soft links. */
    SoftLink: SoftLink;
    /** External links. */
    ExternalLink: ExternalLink;
  }
}
registerClassName('Link', Link);
registerClassName('SoftLink', SoftLink);
registerClassName('ExternalLink', ExternalLink);
registerLinkClass('softlink', (file, p) => new SoftLink(file, p));
registerLinkClass('externallink', (file, p) => new ExternalLink(file, p));
