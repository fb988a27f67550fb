import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArecordList, parsePactlJson, parsePactlShort } from '../../../electron/services/recorder/input-devices.ts';

describe('input device lists', () => {
  it('reads pactl JSON: the source name is the id, the description the name', () => {
    const json = JSON.stringify([
      { index: 0, name: 'vsink.monitor', description: 'Monitor of Null Output', driver: 'module-null-sink.c' },
      { index: 1, name: 'alsa_input.usb-Blue_Yeti-00.analog-stereo', description: 'Yeti Stereo Microphone' },
      { index: 2, name: 'no-description' },
      { index: 3 },
    ]);
    assert.deepEqual(parsePactlJson(json), [
      { id: 'vsink.monitor', name: 'Monitor of Null Output' },
      { id: 'alsa_input.usb-Blue_Yeti-00.analog-stereo', name: 'Yeti Stereo Microphone' },
      { id: 'no-description', name: 'no-description' },
    ]);
  });

  it('reads pactl short lists', () => {
    const text = '0\tvsink.monitor\tmodule-null-sink.c\ts16le 1ch 16000Hz\tIDLE\n1\talsa_input.pci-0000_00_1f.3.analog-stereo\tmodule-alsa-card.c\ts16le 2ch 44100Hz\tSUSPENDED\n';
    assert.deepEqual(parsePactlShort(text), [
      { id: 'vsink.monitor', name: 'vsink.monitor' },
      { id: 'alsa_input.pci-0000_00_1f.3.analog-stereo', name: 'alsa_input.pci-0000_00_1f.3.analog-stereo' },
    ]);
  });

  it('reads arecord -L, leaving out the null device', () => {
    const text = [
      'null',
      '    Discard all samples (playback) or generate zero samples (capture)',
      'default',
      '    Default ALSA Output (currently PulseAudio Sound Server)',
      'hw:CARD=PCH,DEV=0',
      '    HDA Intel PCH, ALC3246 Analog',
      '    Direct hardware device without any conversions',
      '',
    ].join('\n');
    assert.deepEqual(parseArecordList(text), [
      { id: 'default', name: 'Default ALSA Output (currently PulseAudio Sound Server) (default)' },
      { id: 'hw:CARD=PCH,DEV=0', name: 'HDA Intel PCH, ALC3246 Analog — Direct hardware device without any conversions (hw:CARD=PCH,DEV=0)' },
    ]);
  });
});
