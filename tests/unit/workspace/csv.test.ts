import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvField, toCsv } from '../../../electron/services/workspace/csv.ts';

test('csvField quotes only fields holding a comma, quote, CR or LF, doubling quotes', () => {
  assert.equal(csvField('plain text'), 'plain text');
  assert.equal(csvField(' spaced '), ' spaced ');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('"'), '""""');
  assert.equal(csvField('line\nbreak'), '"line\nbreak"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField(3.25), '3.25');
  assert.equal(csvField(0), '0');
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(''), '');
});

test('toCsv writes a header and CRLF-ended lines', () => {
  assert.equal(
    toCsv(
      ['a', 'b'],
      [
        ['1', null],
        ['x,y', 2],
      ],
    ),
    'a,b\r\n1,\r\n"x,y",2\r\n',
  );
  assert.equal(toCsv(['only'], []), 'only\r\n');
});

test('tricky notes survive a round trip through csv-parse', () => {
  const nasty = [
    'comma, inside',
    'a "quoted" word',
    '""',
    'multi\nline\nnote',
    'windows\r\nline',
    'lone\rCR',
    '  leading and trailing  ',
    '=SUM(A1:A2)',
    'unicode: ñ, 感情, 🙂',
    'trailing quote"',
    ',',
    'tab\there',
  ];
  const header = ['id', 'note', 'n'];
  const rows = nasty.map((note, i) => [`clip-${i}`, note, i]);
  const parsed: string[][] = parse(toCsv(header, rows), { relax_column_count: false });
  assert.deepEqual(parsed[0], header);
  assert.deepEqual(
    parsed.slice(1),
    rows.map((row) => row.map(String)),
  );
});
