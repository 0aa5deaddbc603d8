// h5tables: HDF5 for Node.js with PyTables' object model. Re-exports only.
// The published .d.ts files name Node's types (Buffer, node:util) and `Symbol.dispose`:
// these directives make them self-contained (kept in the output by `preserve`).
/// <reference types="node" preserve="true" />
/// <reference lib="esnext.disposable" preserve="true" />

export { openFile, openFileAsync, File, isHDF5File, hdf5Version } from './file';
export type {
  FileMode,
  DriverName,
  OpenFileOptions,
  CreateOptions,
  CArrayOptions,
  EArrayOptions,
  NodeOpOptions,
  NodeClasses,
  NodeClassName,
  AsyncOptions,
} from './file';
export { Node, Unknown } from './node';
export { Group, RootGroup } from './group';
export type { NaturalChildren, NaturalNode } from './group';
export { Leaf, UnImplemented } from './leaf';
export { Array } from './array';
export { CArray } from './carray';
export { EArray } from './earray';
export { Table, Cols, Column } from './table';
export type {
  TableOptions,
  TableReadOptions,
  TableColumns,
  TableRow,
  TableRowsInput,
  TableCell,
  TableChunk,
} from './table';
export { TableRowWriter } from './table-row';
export {
  Col,
  Description,
  Int8Col,
  UInt8Col,
  Int16Col,
  UInt16Col,
  Int32Col,
  UInt32Col,
  Int64Col,
  UInt64Col,
  Float16Col,
  Float32Col,
  Float64Col,
  Complex64Col,
  Complex128Col,
  ComplexCol,
  BoolCol,
  StringCol,
  EnumCol,
} from './description';
export type {
  ColDType,
  ColDefault,
  ColOptions,
  EnumColOptions,
  EnumMap,
  ColHelper,
  DescriptionInput,
} from './description';
export { VLArray } from './vlarray';
export type { VLArrayOptions, VLRow } from './vlarray';
export { Link, SoftLink, ExternalLink } from './link';
export type { LinkOptions, DereferenceOptions } from './link';
export { Slice, slice } from './selection';
export type { RangeKey, SelectionKey } from './selection';
export type { Row, RowElement } from './iteration';
export type { ArrayReadOptions } from './read-out';
export { AttributeSet } from './attributeset';
export { Filters } from './filters';
export type { Complib, FiltersOptions } from './filters';
export {
  Atom,
  Int8Atom,
  UInt8Atom,
  Int16Atom,
  UInt16Atom,
  Int32Atom,
  UInt32Atom,
  Int64Atom,
  UInt64Atom,
  Float32Atom,
  Float64Atom,
  BoolAtom,
  StringAtom,
  Float16Atom,
  ComplexAtom,
  Complex64Atom,
  Complex128Atom,
  EnumAtom,
  PseudoAtom,
  VLStringAtom,
  VLUnicodeAtom,
  ObjectAtom,
} from './atom';
export { Enum } from './enum';
export type { EnumSource } from './enum';
export type { AttributeRecord, RecordFieldValue } from './attr-records';
export type {
  AtomDefault,
  AtomFactory,
  AtomFromDTypeOptions,
  AtomKind,
  AtomOptions,
  ComplexAtomFactory,
  EnumAtomFactory,
  EnumAtomOptions,
  PseudoAtomKind,
  StringAtomFactory,
} from './atom';
export type { AttributeValues } from './attributeset';
export type {
  ArrayDType,
  ArrayInput,
  AttributeValue,
  Complex,
  DType,
  DTypeData,
  Int64Mode,
  NestedArray,
  ReadData,
  ReadOptions,
  ReadResult,
  ReadResultJSON,
  ShapedAttribute,
  TypedArray,
} from './dtype';
export {
  HDF5ExtError,
  NodeError,
  NoSuchNodeError,
  FileModeError,
  ClosedFileError,
  ClosedNodeError,
} from './errors';
export { httpSource } from './sources/http';
export type { HttpSourceOptions } from './sources/http';
export { s3Source } from './sources/s3';
export type {
  S3SourceOptions,
  S3GetObjectInput,
  S3GetObjectCommandClass,
  S3SendClient,
  S3GetObjectClient,
} from './sources/s3';
export type { ByteRangeSource, ByteRangeReadOptions } from './sources/byte-range-source';
export type { SourceCacheOptions, SourceStats } from './source-open';
export type { SourceError, SourceErrorCode } from './sources/source-errors';
export { ConditionSyntaxError, ConditionNameError, ConditionTypeError } from './condition-errors';
export type { CondVar, ConditionColumnRef } from './condition';
// Table.readWhere, where, getWhereList (and their Async forms) are added by table-where.ts.
import './table-where';
export type { TableCondVars } from './table-where';
// Table.readCoordinates (and its Async form) is added by table-coords.ts.
import './table-coords';
export type { TableCoords } from './table-coords';
