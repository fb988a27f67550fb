import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  audioPathProblem,
  initialDevice,
  microphoneAvailable,
  parsePaceBand,
  sourceOf,
} from '../../../renderer/src/lib/practice-setup.ts';

describe('parsePaceBand', () => {
  it('accepts two positive numbers in order, rounded', () => {
    assert.deepEqual(parsePaceBand('140', ' 160 '), { ok: true, band: [140, 160] });
    assert.deepEqual(parsePaceBand('139.6', '150'), { ok: true, band: [140, 150] });
    assert.deepEqual(parsePaceBand('150', '150'), { ok: true, band: [150, 150] });
  });
  it('explains what is wrong', () => {
    const error = (a: string, b: string) => {
      const result = parsePaceBand(a, b);
      return result.ok ? '' : result.error;
    };
    assert.match(error('', '160'), /two numbers/);
    assert.match(error('abc', '160'), /two numbers/);
    assert.match(error('0', '160'), /above 0/);
    assert.match(error('140', '1200'), /at most 1000/);
    assert.match(error('170', '150'), /must not exceed/);
  });
});

describe('audioPathProblem', () => {
  it('accepts an absolute path to an audio file (POSIX or Windows)', () => {
    assert.equal(audioPathProblem('/home/ana/talk.wav'), null);
    assert.equal(audioPathProblem('  /home/ana/Talk.MP3 '), null);
    assert.equal(audioPathProblem('C:\\Users\\ana\\talk.flac'), null);
  });
  it('names the problem otherwise', () => {
    assert.match(audioPathProblem('') ?? '', /Type the path/);
    assert.match(audioPathProblem('talk.wav') ?? '', /absolute path/);
    assert.match(audioPathProblem('/home/ana/recordings/') ?? '', /is a folder/);
    assert.match(audioPathProblem('/home/ana/notes.txt') ?? '', /audio file/);
    assert.match(audioPathProblem('/home/ana/talk') ?? '', /audio file/);
  });
});

describe('devices', () => {
  const devices = [
    { id: 'usb', name: 'USB mic' },
    { id: 'builtin', name: 'Built-in' },
  ];
  it('starts on the saved device while it is plugged in, else the default', () => {
    assert.equal(initialDevice(devices, 'usb'), 'usb');
    assert.equal(initialDevice(devices, 'gone'), null);
    assert.equal(initialDevice(devices, null), null);
  });
  it('offers the microphone only when a recorder was found', () => {
    assert.equal(microphoneAvailable(null), false);
    assert.equal(
      microphoneAvailable({ recorder: { program: 'sox', problem: null }, devices }),
      true,
    );
    assert.equal(
      microphoneAvailable({ recorder: { program: null, problem: 'Install SoX' }, devices: [] }),
      false,
    );
  });
});

describe('sourceOf', () => {
  it('builds practice.start’s source', () => {
    assert.deepEqual(sourceOf('microphone', 'usb', '/x.wav'), {
      kind: 'microphone',
      device: 'usb',
    });
    assert.deepEqual(sourceOf('microphone', null, ''), { kind: 'microphone', device: null });
    assert.deepEqual(sourceOf('file', 'usb', ' /home/ana/talk.wav '), {
      kind: 'file',
      path: '/home/ana/talk.wav',
    });
  });
});
