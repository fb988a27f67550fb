import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputFileError } from '../../../training/errors.ts';
import { parseCremadDemographics, parseCremadName } from '../../../training/datasets/cremad.ts';
import { parseEmodbName } from '../../../training/datasets/emodb.ts';
import { parseFolderPath } from '../../../training/datasets/folder.ts';
import { parseRavdessName } from '../../../training/datasets/ravdess.ts';
import { parseSaveeName } from '../../../training/datasets/savee.ts';
import { parseTessName } from '../../../training/datasets/tess.ts';
import { isNameProblem } from '../../../training/datasets/types.ts';
import type { NameParse, ParsedName } from '../../../training/datasets/types.ts';

function clip(result: NameParse): ParsedName {
  if (isNameProblem(result)) assert.fail(`expected a clip, got problem: ${result.problem}`);
  return result;
}

function problem(result: NameParse): string {
  if (!isNameProblem(result)) assert.fail(`expected a problem, got ${JSON.stringify(result)}`);
  return result.problem;
}

describe('parseRavdessName', () => {
  test('reads every field of a speech clip in its actor folder', () => {
    assert.deepEqual(clip(parseRavdessName('Actor_01/03-01-05-02-01-02-01.wav')), {
      dataset: 'ravdess',
      speaker: 'ravdess-01',
      gender: 'male',
      label: 'angry',
      intensity: 'strong',
      statement: '01',
      vocalChannel: 'speech',
    });
  });

  test('maps all eight emotion codes and gives even actors female gender', () => {
    const labels = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'];
    labels.forEach((label, i) => {
      const parsed = clip(parseRavdessName(`03-01-0${i + 1}-01-02-01-12.wav`));
      assert.equal(parsed.label, label);
      assert.equal(parsed.gender, 'female');
      assert.equal(parsed.speaker, 'ravdess-12');
      assert.equal(parsed.statement, '02');
    });
  });

  test('parses song clips as such (the scanner decides whether to keep them)', () => {
    const parsed = clip(parseRavdessName('Actor_23/03-02-03-01-01-01-23.WAV'));
    assert.equal(parsed.vocalChannel, 'song');
    assert.equal(parsed.intensity, 'normal');
    assert.equal(parsed.label, 'happy');
  });

  test('names the bad field', () => {
    assert.match(
      problem(parseRavdessName('03-01-09-01-01-01-01.wav')),
      /emotion code 09 is not 01–08/,
    );
    assert.match(problem(parseRavdessName('03-03-01-01-01-01-01.wav')), /vocal channel code 03/);
    assert.match(problem(parseRavdessName('03-01-02-03-01-01-01.wav')), /intensity code 03/);
    assert.match(problem(parseRavdessName('03-01-02-01-03-01-01.wav')), /statement code 03/);
    assert.match(problem(parseRavdessName('03-01-02-01-01-00-01.wav')), /repetition code 00/);
    assert.match(
      problem(parseRavdessName('03-01-02-01-01-01-25.wav')),
      /actor code 25 is not 01–24/,
    );
    assert.match(problem(parseRavdessName('04-01-02-01-01-01-01.wav')), /modality code 04/);
  });

  test('rejects video modalities, strong neutral, and reports several faults together', () => {
    assert.match(
      problem(parseRavdessName('01-01-01-01-01-01-01.wav')),
      /modality 01 is full audio-video; only 03/,
    );
    assert.match(
      problem(parseRavdessName('02-01-01-01-01-01-01.wav')),
      /modality 02 is video-only/,
    );
    assert.match(
      problem(parseRavdessName('03-01-01-02-01-01-01.wav')),
      /strong\) does not exist for neutral/,
    );
    const both = problem(parseRavdessName('03-01-09-01-01-01-30.wav'));
    assert.match(both, /emotion code 09/);
    assert.match(both, /actor code 30/);
  });

  test('an actor folder that disagrees with the name is a problem', () => {
    assert.equal(
      problem(parseRavdessName('Actor_02/03-01-01-01-01-01-01.wav')),
      'folder Actor_02 disagrees with actor 01 in the file name',
    );
    clip(parseRavdessName('other/03-01-01-01-01-01-01.wav'));
  });

  test('names that are not RAVDESS say which scheme was expected', () => {
    for (const name of [
      '03-01-01-01-01-01.wav',
      'clip.wav',
      '03-01-01-01-01-01-1a.wav',
      '1001_DFA_ANG_XX.wav',
    ]) {
      assert.equal(
        problem(parseRavdessName(name)),
        'file name does not follow the RAVDESS scheme MM-VV-EE-II-SS-RR-AA',
        name,
      );
    }
  });
});

describe('parseCremadName', () => {
  test('reads speaker, sentence, emotion and level; gender is not in the name', () => {
    const parsed = clip(parseCremadName('AudioWAV/1001_DFA_ANG_XX.wav'));
    assert.deepEqual(parsed, {
      dataset: 'cremad',
      speaker: 'cremad-1001',
      label: 'angry',
      intensity: 'unspecified',
      statement: 'DFA',
    });
    assert.equal('gender' in parsed, false);
  });

  test('maps every emotion and level code, case-insensitively', () => {
    const emotions: [string, string][] = [
      ['ANG', 'angry'],
      ['DIS', 'disgust'],
      ['FEA', 'fearful'],
      ['HAP', 'happy'],
      ['NEU', 'neutral'],
      ['SAD', 'sad'],
    ];
    for (const [code, label] of emotions)
      assert.equal(clip(parseCremadName(`1091_IEO_${code}_HI.wav`)).label, label);
    const levels: [string, string][] = [
      ['LO', 'low'],
      ['MD', 'medium'],
      ['HI', 'high'],
      ['XX', 'unspecified'],
    ];
    for (const [code, level] of levels)
      assert.equal(clip(parseCremadName(`1050_TIE_SAD_${code}.wav`)).intensity, level);
    const lower = clip(parseCremadName('1002_ieo_hap_md.flac'));
    assert.equal(lower.statement, 'IEO');
    assert.equal(lower.label, 'happy');
  });

  test('names the bad field', () => {
    assert.match(problem(parseCremadName('1092_DFA_ANG_XX.wav')), /actor 1092 is not 1001–1091/);
    assert.match(problem(parseCremadName('1000_DFA_ANG_XX.wav')), /actor 1000/);
    assert.match(
      problem(parseCremadName('1001_DFA_SUR_XX.wav')),
      /emotion code SUR is not one of ANG DIS FEA HAP NEU SAD/,
    );
    assert.match(problem(parseCremadName('1001_DFA_ANG_ZZ.wav')), /level code ZZ/);
    assert.match(
      problem(parseCremadName('1001_DFA_ANG.wav')),
      /does not follow the CREMA-D scheme/,
    );
  });

  test('parseCremadDemographics maps ActorID to gender by column name', () => {
    const text =
      'ActorID,Age,Sex,Race,Ethnicity\n1001,51,Male,Caucasian,Not Hispanic\n1002,21,Female,Caucasian,Not Hispanic\n1003,30,Unknown,,\n';
    const genders = parseCremadDemographics(text, 'VideoDemographics.csv');
    assert.deepEqual(
      [...genders.entries()],
      [
        ['cremad-1001', 'male'],
        ['cremad-1002', 'female'],
      ],
    );
    const reordered = parseCremadDemographics('sex,actorid\nfemale,1050\n', 'x.csv');
    assert.equal(reordered.get('cremad-1050'), 'female');
  });

  test('parseCremadDemographics throws InputFileError without the needed columns', () => {
    assert.throws(
      () => parseCremadDemographics('ActorID,Age\n1001,51\n', 'demo.csv'),
      (error) =>
        error instanceof InputFileError &&
        error.path === 'demo.csv' &&
        /ActorID and Sex/.test(error.reason),
    );
  });
});

describe('parseTessName', () => {
  test('reads speaker, word and emotion, checking the folder', () => {
    assert.deepEqual(clip(parseTessName('OAF_angry/OAF_back_angry.wav')), {
      dataset: 'tess',
      speaker: 'tess-OAF',
      gender: 'female',
      label: 'angry',
      statement: 'back',
    });
  });

  test('ps is pleasant surprise, in either published folder spelling', () => {
    assert.equal(clip(parseTessName('YAF_pleasant_surprised/YAF_bite_ps.wav')).label, 'surprised');
    assert.equal(clip(parseTessName('OAF_Pleasant_surprise/OAF_bite_ps.wav')).label, 'surprised');
    assert.equal(clip(parseTessName('YAF_germ_ps.wav')).label, 'surprised');
  });

  test('maps the other emotion words, with or without a folder', () => {
    const words: [string, string][] = [
      ['neutral', 'neutral'],
      ['disgust', 'disgust'],
      ['fear', 'fearful'],
      ['happy', 'happy'],
      ['sad', 'sad'],
      ['angry', 'angry'],
    ];
    for (const [word, label] of words) {
      const parsed = clip(parseTessName(`YAF_dog_${word}.wav`));
      assert.equal(parsed.label, label);
      assert.equal(parsed.speaker, 'tess-YAF');
    }
    assert.equal(clip(parseTessName('data/OAF_Fear/OAF_bite_fear.wav')).label, 'fearful');
  });

  test('folder and name must agree', () => {
    assert.match(
      problem(parseTessName('OAF_happy/OAF_back_angry.wav')),
      /folder OAF_happy disagrees with emotion "angry"/,
    );
    assert.match(
      problem(parseTessName('YAF_angry/OAF_back_angry.wav')),
      /folder YAF_angry disagrees with speaker OAF/,
    );
  });

  test('unknown speakers, emotions and shapes are problems', () => {
    assert.match(
      problem(parseTessName('MAF_back_angry.wav')),
      /speaker MAF is not a TESS speaker \(OAF, YAF\)/,
    );
    assert.match(
      problem(parseTessName('OAF_back_calm.wav')),
      /emotion "calm" is not a TESS emotion/,
    );
    assert.match(problem(parseTessName('OAF_back.wav')), /does not follow the TESS scheme/);
  });
});

describe('parseSaveeName', () => {
  test('reads the flat layout', () => {
    assert.deepEqual(clip(parseSaveeName('ALL/DC_a01.wav')), {
      dataset: 'savee',
      speaker: 'savee-DC',
      gender: 'male',
      label: 'angry',
      statement: 'a01',
    });
  });

  test('reads the speaker-folder layout', () => {
    assert.deepEqual(clip(parseSaveeName('AudioData/JK/sa15.wav')), {
      dataset: 'savee',
      speaker: 'savee-JK',
      gender: 'male',
      label: 'sad',
      statement: 'sa15',
    });
  });

  test('maps every prefix; neutral has 30 sentences, the others 15', () => {
    const prefixes: [string, string][] = [
      ['a', 'angry'],
      ['d', 'disgust'],
      ['f', 'fearful'],
      ['h', 'happy'],
      ['n', 'neutral'],
      ['sa', 'sad'],
      ['su', 'surprised'],
    ];
    for (const [prefix, label] of prefixes)
      assert.equal(clip(parseSaveeName(`KL_${prefix}03.wav`)).label, label);
    assert.equal(clip(parseSaveeName('JE_n30.wav')).statement, 'n30');
    assert.match(
      problem(parseSaveeName('JE_a16.wav')),
      /sentence number 16 is not 01–15 for emotion "a"/,
    );
    assert.match(problem(parseSaveeName('JE_n31.wav')), /sentence number 31 is not 01–30/);
  });

  test('unknown speakers, prefixes, disagreeing folders and stray names are problems', () => {
    assert.match(
      problem(parseSaveeName('XY_a01.wav')),
      /speaker XY is not a SAVEE speaker \(DC, JE, JK, KL\)/,
    );
    assert.match(problem(parseSaveeName('DC_x01.wav')), /emotion prefix "x" is not a SAVEE code/);
    assert.match(problem(parseSaveeName('DC/JE_a01.wav')), /folder DC disagrees with speaker JE/);
    assert.match(problem(parseSaveeName('a01.wav')), /does not follow the SAVEE scheme/);
    assert.match(problem(parseSaveeName('AudioData/a01.wav')), /does not follow the SAVEE scheme/);
  });
});

describe('parseEmodbName', () => {
  test('reads speaker, text, emotion and the published gender', () => {
    assert.deepEqual(clip(parseEmodbName('wav/03a01Fa.wav')), {
      dataset: 'emodb',
      speaker: 'emodb-03',
      gender: 'male',
      label: 'happy',
      statement: 'a01',
    });
    const bored = clip(parseEmodbName('08b10Lc.wav'));
    assert.equal(bored.label, 'boredom');
    assert.equal(bored.gender, 'female');
  });

  test('maps every emotion letter and every speaker', () => {
    const letters: [string, string][] = [
      ['W', 'angry'],
      ['L', 'boredom'],
      ['E', 'disgust'],
      ['A', 'fearful'],
      ['F', 'happy'],
      ['T', 'sad'],
      ['N', 'neutral'],
    ];
    for (const [letter, label] of letters)
      assert.equal(clip(parseEmodbName(`10a02${letter}b.wav`)).label, label);
    const speakers: [string, string][] = [
      ['03', 'male'],
      ['08', 'female'],
      ['09', 'female'],
      ['10', 'male'],
      ['11', 'male'],
      ['12', 'male'],
      ['13', 'female'],
      ['14', 'female'],
      ['15', 'male'],
      ['16', 'female'],
    ];
    for (const [speaker, gender] of speakers)
      assert.equal(clip(parseEmodbName(`${speaker}a04Wa.wav`)).gender, gender);
  });

  test('names the bad field', () => {
    assert.match(problem(parseEmodbName('04a01Fa.wav')), /speaker 04 is not an EmoDB speaker/);
    assert.match(problem(parseEmodbName('03a11Fa.wav')), /text code a11 is not a01–a10 or b01–b10/);
    assert.match(problem(parseEmodbName('03a01Xa.wav')), /emotion letter X is not an EmoDB code/);
    assert.match(problem(parseEmodbName('3a01Fa.wav')), /does not follow the EmoDB scheme/);
    assert.match(problem(parseEmodbName('03a01fa.wav')), /does not follow the EmoDB scheme/);
  });
});

describe('parseFolderPath', () => {
  test('the top folder is the label; one folder below it is the speaker', () => {
    assert.deepEqual(clip(parseFolderPath('Happy/spk1/x.wav')), {
      dataset: 'folder',
      speaker: 'folder-spk1',
      label: 'happy',
    });
    assert.equal(clip(parseFolderPath('anger/x.wav')).speaker, 'folder-unknown');
    assert.equal(clip(parseFolderPath('sad/a/b/x.wav')).speaker, 'folder-unknown');
    assert.equal(clip(parseFolderPath('ps/x.wav')).label, 'surprised');
  });

  test('files at the root or under a non-emotion folder are problems', () => {
    assert.match(problem(parseFolderPath('x.wav')), /directly in the dataset folder/);
    assert.match(problem(parseFolderPath('misc/x.wav')), /folder "misc" is not an emotion name/);
  });
});
