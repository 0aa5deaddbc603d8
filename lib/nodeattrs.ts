// File's attribute calls (PyTables' set_node_attr, get_node_attr, del_node_attr): a node's
// AttributeSet, found by path, with PyTables' errors for missing attributes.

import { writeNodeAttribute, type AttributeSet } from './attributeset';
import type { AttributeValue } from './dtype';
import { noSuchAttribute } from './errors';
import type { File } from './file';
import type { Node } from './node';

function attrsOf(file: File, where: string | Node, name?: string): AttributeSet {
  return (file.getNode(where, name) as Node).attrs;
}

/** Sets an attribute of a node. */
export function setNodeAttr(
  file: File,
  where: string | Node,
  attrname: string,
  attrvalue: AttributeValue,
  name?: string,
): void {
  // The node checks itself (getNode); writing needs no AttributeSet object.
  writeNodeAttribute(file.getNode(where, name) as Node, attrname, attrvalue);
}

/** An attribute of a node; an Error when it does not exist. */
export function getNodeAttr(
  file: File,
  where: string | Node,
  attrname: string,
  name?: string,
): AttributeValue {
  const attrs = attrsOf(file, where, name);
  const value = attrs.get(attrname);
  if (value === undefined) {
    throw noSuchAttribute(`Attribute '${attrname}' does not exist in node: '${attrs._node._path}'`);
  }
  return value;
}

/** Deletes an attribute of a node; an Error when it does not exist. */
export function delNodeAttr(file: File, where: string | Node, attrname: string, name?: string): void {
  const attrs = attrsOf(file, where, name);
  if (!attrs.delete(attrname)) {
    throw noSuchAttribute(`Attribute ('${attrname}') does not exist in node '${attrs._node._path}'`);
  }
}
