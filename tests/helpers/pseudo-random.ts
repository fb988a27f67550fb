/** Deterministic test data. */
import { SeededRandom } from '../../training/random.ts';

/** `n` reproducible pseudo-random values in [-1, 1). */
export function pseudoRandomValues(n: number, seed: number): Float32Array {
  const random = new SeededRandom(seed);
  return Float32Array.from({ length: n }, () => random.uniform(-1, 1));
}
