/**
 * CSV writing per RFC 4180 (csv-stringify is not a dependency, and this is all we need):
 * CRLF line ends, and a field is quoted, with its quotes doubled, when it holds a comma, a
 * quote, CR or LF — notes are free text and may hold any of them.
 */

export type CsvValue = string | number | null | undefined;

/** One field, quoted only when needed; null and undefined become an empty field. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const field = String(value);
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** A header line and one line per row, each ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}
