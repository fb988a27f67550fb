/**
 * Typed readers for node:sqlite result rows, which arrive as Record<string, SQLOutputValue>.
 * A column of the wrong type means the file was changed behind the store's back, so it
 * throws instead of guessing.
 */
import type { SQLOutputValue } from 'node:sqlite';

export type Row = Record<string, SQLOutputValue>;

function wrongType(column: string, expected: string, value: SQLOutputValue | undefined): Error {
  return new Error(`workspace.db column ${column}: expected ${expected}, found ${typeof value}`);
}

export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw wrongType(column, 'text', value);
  return value;
}

/** NULL becomes undefined, so optional fields are simply absent from returned objects. */
export function optionalText(row: Row, column: string): string | undefined {
  return row[column] === null ? undefined : text(row, column);
}

export function num(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw wrongType(column, 'a number', value);
}

export function optionalNum(row: Row, column: string): number | undefined {
  return row[column] === null ? undefined : num(row, column);
}

/**
 * `value` without its undefined properties, so an object built in code deep-equals the
 * same object read back from the database (where absent columns are simply missing).
 */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A JSON text column, parsed. */
export function json(row: Row, column: string): unknown {
  return JSON.parse(text(row, column));
}

export function optionalJson(row: Row, column: string): unknown {
  return row[column] === null ? undefined : json(row, column);
}
