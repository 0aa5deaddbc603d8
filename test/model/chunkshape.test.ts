// PyTables' chunk shapes: for many shapes, atoms and expected rows, PyTables 3.7 makes
// each CArray and EArray (in memory) and reports its chunkshape; ours must equal it.
import { beforeAll, describe, expect, it } from 'vitest';

import { Atom } from '../../lib/atom';
import { calcChunksize, carrayChunkshape, earrayChunkshape } from '../../lib/chunkshape';
import { lacks } from '../helpers/interop';
import { runPython } from '../helpers/python';

interface Case {
  class: 'CArray' | 'EArray';
  dtype: string;
  shape: number[];
  atomshape?: number[];
  expectedrows?: number;
}

// numpy's names, and the atom each is here.
const ATOMS: Array<[string, () => Atom]> = [
  ['i1', () => Atom.fromDType('int8')],
  ['u2', () => Atom.fromDType('uint16')],
  ['f4', () => Atom.fromDType('float32')],
  ['f8', () => Atom.fromDType('float64')],
  ['S100', () => Atom.fromDType('string', { itemsize: 100 })],
  ['S3000000', () => Atom.fromDType('string', { itemsize: 3_000_000 })],
];

function cases(): Case[] {
  const out: Case[] = [];
  const carrayShapes = [
    [1],
    [10],
    [1000],
    [100_000],
    [2 ** 20],
    [3, 4],
    [10, 20],
    [5000, 5000],
    [1, 1, 1],
    [7, 300, 500],
    [2, 3000, 3000],
    [100, 2, 2, 2, 2],
  ];
  const earrayShapes: Array<[number[], number]> = [
    [[0], 0],
    [[0, 3], 0],
    [[5, 0], 1],
    [[0, 100, 100], 0],
    [[3, 0, 4], 1],
    [[0, 3000, 3000], 0],
    [[2, 2, 0], 2],
  ];
  const rows = [1, 1000, 30_000, 1_000_000, 1e9, 1e13];
  for (const [dtype] of ATOMS) {
    for (const shape of carrayShapes) out.push({ class: 'CArray', dtype, shape });
    for (const [shape] of earrayShapes)
      for (const expectedrows of rows) out.push({ class: 'EArray', dtype, shape, expectedrows });
  }
  // Array atoms: their whole size counts.
  out.push({ class: 'CArray', dtype: 'f8', shape: [100], atomshape: [10] });
  out.push({ class: 'CArray', dtype: 'f8', shape: [100, 3], atomshape: [1000, 1000] });
  out.push({ class: 'EArray', dtype: 'i1', shape: [0, 5], atomshape: [4], expectedrows: 50_000 });
  return out;
}

function atomsize(c: Case): number {
  const base = (ATOMS.find(([d]) => d === c.dtype) as [string, () => Atom])[1]();
  return (c.atomshape ?? []).reduce((a, b) => a * b, base.itemsize);
}

describe.skipIf(lacks('pytables'))('chunk shapes as PyTables computes them', () => {
  const all = cases();
  let py: number[][];
  beforeAll(() => {
    py = runPython<{ results: number[][] }>('pt_filters.py', ['chunkshape', JSON.stringify(all)]).results;
  });

  it(`every case (${all.length}) equals PyTables' chunkshape`, () => {
    expect(py).toHaveLength(all.length);
    all.forEach((c, i) => {
      const ours =
        c.class === 'CArray'
          ? carrayChunkshape(c.shape, atomsize(c))
          : earrayChunkshape(c.shape, c.shape.indexOf(0), atomsize(c), c.expectedrows);
      expect(ours, JSON.stringify(c)).toEqual(py[i]);
    });
    // The cases reach every branch: main dimension trimmed only, others trimmed, none fits.
    expect(new Set(py.map((s) => s.length)).size).toBeGreaterThan(3);
  });
});

describe('calcChunksize', () => {
  it("steps by decades of MB, from 64 KiB to 1 MiB, times 8 (PyTables' formula)", () => {
    expect(calcChunksize(0)).toBe(8 * 8192);
    expect(calcChunksize(9)).toBe(8 * 8192);
    expect(calcChunksize(10)).toBe(8 * 16384);
    expect(calcChunksize(99_999)).toBe(8 * 8192 * 16);
    expect(calcChunksize(1e12)).toBe(8 * 8192 * 2 ** 7);
  });

  it('a scalar leaf has chunkshape [1]', () => {
    expect(carrayChunkshape([], 8)).toEqual([1]);
  });
});
