'use strict';
// Case N of a run: which seed, which way of opening, which mutation. A pure function of
// (run seed, N, the seed files, the ways), so a case id "SEED:N" is its reproducer too.
const { prng, caseSeed, mutate } = require('./mutate');

function makeCase(runSeed, index, seeds, ways) {
  const rand = prng(caseSeed(runSeed, index));
  const seed = seeds[Math.floor(rand() * seeds.length)];
  const way = ways[Math.floor(rand() * ways.length)];
  const others = seeds.filter((s) => s !== seed).map((s) => s.bytes);
  const { bytes, desc } = mutate(seed.bytes, rand, others);
  return { id: `${runSeed}:${index}`, index, way, seed: seed.name, mutation: desc, bytes };
}

function parseCaseId(id) {
  const m = /^(\d+):(\d+)$/.exec(id);
  if (!m) throw new Error(`a case id is SEED:INDEX, not ${id}`);
  return { runSeed: Number(m[1]), index: Number(m[2]) };
}

module.exports = { makeCase, parseCaseId };
