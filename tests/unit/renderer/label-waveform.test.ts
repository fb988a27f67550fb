import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildColorMap, mixRgba, themeColorMap } from '../../../renderer/src/lib/label-colormap.ts';
import { toWaveformPeaks } from '../../../renderer/src/lib/label-peaks.ts';
import {
  MAX_PX_PER_SEC,
  MAX_TIMELINE_TICKS,
  MAX_TOTAL_PX,
  PX_PER_PEAK,
  SLIDER_STEPS,
  fitPxPerSec,
  maxPxPerSec,
  pxPerSecToSlider,
  sliderToPxPerSec,
  timelineIntervals,
  wheelZoom,
} from '../../../renderer/src/lib/label-zoom.ts';

describe('toWaveformPeaks', () => {
  const good = {
    version: 1,
    sampleRate: 16000,
    durationSec: 2.5,
    channels: 1,
    peaksPerSecond: 4,
    min: [-0.1, -0.5, -0.2],
    max: [0.2, 0.4, 0.1],
  };

  it('passes max as channel 0 and min as channel 1 with the duration', () => {
    const shaped = toWaveformPeaks(good);
    assert.deepEqual(shaped.peaks, [good.max, good.min]);
    assert.equal(shaped.durationSec, 2.5);
    assert.equal(shaped.peaksPerSecond, 4);
    const withoutRate = { ...good, peaksPerSecond: undefined };
    assert.equal(toWaveformPeaks(withoutRate).peaksPerSecond, 3 / 2.5, 'derived when absent');
  });

  it('rejects files it cannot draw, saying why', () => {
    assert.throws(() => toWaveformPeaks(null), /not an object/);
    assert.throws(() => toWaveformPeaks({ ...good, version: 2 }), /version 2/);
    assert.throws(() => toWaveformPeaks({ ...good, durationSec: 0 }), /durationSec/);
    assert.throws(() => toWaveformPeaks({ ...good, min: [-0.1] }), /different or zero length/);
    assert.throws(() => toWaveformPeaks({ ...good, max: [0.1, 'x', 0.2] }), /numeric min and max/);
    assert.throws(() => toWaveformPeaks({ ...good, min: [], max: [] }), /zero length/);
  });
});

describe('zoom', () => {
  it('fit is the width over the duration', () => {
    assert.equal(fitPxPerSec(1000, 4), 250);
    assert.equal(fitPxPerSec(0, 4), 1);
  });

  it('caps zoom for long clips so the spectrogram stays drawable, never below fit', () => {
    assert.equal(maxPxPerSec(300, 3), MAX_PX_PER_SEC);
    assert.equal(maxPxPerSec(0.3, 3600), MAX_TOTAL_PX / 3600);
    assert.equal(maxPxPerSec(500, 3600), 500);
  });

  it('caps zoom where the peaks run out of detail', () => {
    assert.equal(maxPxPerSec(300, 3, 400), 400 * PX_PER_PEAK);
    assert.equal(maxPxPerSec(300, 3, 50), 300, 'never below fit');
    assert.equal(maxPxPerSec(0.3, 3600, 27), MAX_TOTAL_PX / 3600);
  });

  it('slider 0 is fit, the last step is the maximum, and the scale is logarithmic', () => {
    const fit = 100;
    const max = 1600;
    assert.equal(sliderToPxPerSec(0, fit, max), 0);
    assert.ok(Math.abs(sliderToPxPerSec(SLIDER_STEPS, fit, max) - max) < 1e-9);
    assert.ok(
      Math.abs(sliderToPxPerSec(SLIDER_STEPS / 2, fit, max) - 400) < 1e-9,
      'halfway is the geometric mean',
    );
  });

  it('slider and pixels per second round-trip', () => {
    const fit = 80;
    const max = 2000;
    for (const position of [0, 1, 17, 50, 99, SLIDER_STEPS]) {
      assert.equal(pxPerSecToSlider(sliderToPxPerSec(position, fit, max), fit, max), position);
    }
    assert.equal(pxPerSecToSlider(50, fit, max), 0, 'below fit reads as fit');
  });

  it('Ctrl+wheel zooms in on negative deltas, out on positive, back to fit below it', () => {
    const fit = 100;
    const max = 2000;
    const zoomedIn = wheelZoom(0, -100, fit, max);
    assert.ok(zoomedIn > fit * 1.4 && zoomedIn < fit * 1.6, `one notch ≈1.5×, got ${zoomedIn}`);
    assert.equal(wheelZoom(zoomedIn, 100, fit, max) <= fit * 1.001 ? 0 : 'not fit', 0);
    assert.equal(wheelZoom(150, 400, fit, max), 0);
    assert.equal(wheelZoom(1900, -1000, fit, max), max);
  });
});

describe('buildColorMap', () => {
  it('runs through the stops in order with 256 RGBA entries of 0…1', () => {
    const map = buildColorMap([
      [0, 0, 0, 1],
      [255, 0, 0, 1],
      [255, 255, 255, 0.5],
    ]);
    assert.equal(map.length, 256);
    assert.deepEqual(map[0], [0, 0, 0, 1]);
    assert.deepEqual(map[255], [1, 1, 1, 0.5]);
    const middle = map[128];
    assert.ok(middle[0] > 0.99 && middle[1] < 0.02, `the middle is the red stop, got ${middle}`);
    for (const entry of map) for (const v of entry) assert.ok(v >= 0 && v <= 1);
  });

  it('a single stop is a flat map; no stop is an error', () => {
    assert.deepEqual(buildColorMap([[51, 102, 153, 1]], 3), [
      [0.2, 0.4, 0.6, 1],
      [0.2, 0.4, 0.6, 1],
      [0.2, 0.4, 0.6, 1],
    ]);
    assert.throws(() => buildColorMap([]), /at least one colour/);
  });
});

describe('timelineIntervals', () => {
  it('labels a 2-second clip at fit width several times', () => {
    const { timeInterval, primaryLabelInterval } = timelineIntervals(1248 / 2.29, 2.29);
    assert.equal(timeInterval, 0.05);
    assert.equal(primaryLabelInterval, 0.2);
  });

  it('keeps labels at least 72 px apart and a multiple of the tick', () => {
    for (const px of [0.3, 1, 7, 25, 100, 545, 2000]) {
      const { timeInterval, primaryLabelInterval } = timelineIntervals(px, 4);
      assert.ok(timeInterval * px >= 12 || timeInterval === 3600, `ticks at ${px} px/s`);
      assert.ok(
        primaryLabelInterval * px >= 72 || primaryLabelInterval === 3600,
        `labels at ${px} px/s`,
      );
      const ratio = primaryLabelInterval / timeInterval;
      assert.ok(Math.abs(ratio - Math.round(ratio)) < 1e-9, `label step multiple of tick at ${px}`);
    }
  });

  it('uses minutes for an hour-long clip at fit width', () => {
    assert.deepEqual(timelineIntervals(1248 / 3600, 3600), {
      timeInterval: 60,
      primaryLabelInterval: 300,
    });
  });

  it('caps the number of ticks over a long zoomed clip', () => {
    const { timeInterval, primaryLabelInterval } = timelineIntervals(55, 3600);
    assert.ok(3600 / timeInterval <= MAX_TIMELINE_TICKS, `${3600 / timeInterval} ticks`);
    assert.deepEqual(
      { timeInterval, primaryLabelInterval },
      { timeInterval: 5, primaryLabelInterval: 5 },
    );
    assert.equal(
      timelineIntervals(55, 4).timeInterval,
      0.5,
      'a short clip at the same zoom keeps fine ticks',
    );
  });
});

describe('themeColorMap', () => {
  it('goes from the surface through a pale accent and the accent to the text colour', () => {
    const surface = [255, 255, 255, 1] as const;
    const accent = [0, 0, 255, 1] as const;
    const text = [0, 0, 0, 1] as const;
    const map = themeColorMap(surface, accent, text);
    assert.deepEqual(map[0], [1, 1, 1, 1]);
    assert.deepEqual(map[255], [0, 0, 0, 1]);
    const atAccent = map[170];
    assert.ok(
      atAccent[0] < 0.02 && atAccent[2] > 0.98,
      `two thirds up is the accent, got ${atAccent}`,
    );
    assert.deepEqual(mixRgba(surface, accent, 0.35), [165.75, 165.75, 255, 1]);
  });
});
