import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CORPUS_CATALOG,
  corpusEntry,
  readLicenseNotice,
} from '../../../electron/services/datasets/corpus-catalog.ts';

test('the RAVDESS entry points at its Zenodo record and file', () => {
  const entry = corpusEntry('ravdess-speech');
  assert.equal(entry, CORPUS_CATALOG['ravdess-speech']);
  assert.equal(entry.zenodoRecordId, '1188976');
  assert.equal(entry.fileKey, 'Audio_Speech_Actors_01-24.zip');
  assert.match(entry.citation, /Livingstone.*Russo.*2018.*PLoS ONE/);
});

test('the licence notice the UI shows before downloading is shipped and names the licence', async () => {
  const notice = await readLicenseNotice('ravdess-speech');
  assert.ok(
    notice.includes(corpusEntry('ravdess-speech').license.name),
    'the notice must name CC BY-NC-SA 4.0',
  );
  assert.match(notice, /non-commercial/i);
});

test('an unknown corpus id (e.g. from an old UI) is refused by name', () => {
  assert.throws(() => corpusEntry('crema-d' as never), /unknown corpus "crema-d"/);
});
