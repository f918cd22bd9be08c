// A seeded pseudo-random generator (sfc32, seeded through splitmix32): the same seed gives the same
// campaign, ids included. Not for secrets: only for the synthetic demo data.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weights (same length as items). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** A new array in a random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** Log-normal around `median` (multiplicative spread `sigma`). */
  logNormal(median: number, sigma: number): number;
  /** A UUID (version 4 layout) drawn from the generator: ids are reproducible. */
  uuid(): string;
  /** An independent generator for a named part of the campaign. */
  fork(label: string): Rng;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const HEX = '0123456789abcdef';

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init(); let b = init(); let c = init(); let d = init();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();
  const next = (): number => u32() / 4294967296;
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items, weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i];
        if (r < 0) return items[i];
      }
      return items[items.length - 1];
    },
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    logNormal: (median, sigma) => {
      // Box–Muller.
      const u = Math.max(next(), 1e-12);
      const v = next();
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
      return median * Math.exp(sigma * z);
    },
    uuid: () => {
      let s = '';
      for (let i = 0; i < 32; i++) {
        let n = u32() & 15;
        if (i === 12) n = 4;
        if (i === 16) n = (n & 3) | 8;
        s += HEX[n];
        if (i === 7 || i === 11 || i === 15 || i === 19) s += '-';
      }
      return s;
    },
    fork: (label) => createRng((u32() ^ hashLabel(label)) >>> 0),
  };
  return rng;
}
