/** One line of the benchmark table (and of bench/results.json). */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The target this number is held to, in words, when there is one. */
  target?: string;
  detail?: string;
}
