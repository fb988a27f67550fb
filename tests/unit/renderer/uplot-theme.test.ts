import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseOptions, chartTheme, themedAxes } from '../../../renderer/src/lib/uplot-theme.ts';

describe('chartTheme', () => {
  it('derives the faint grid colour from the muted one', () => {
    const theme = chartTheme('rgb(100, 110, 120)');
    assert.equal(theme.muted, 'rgb(100, 110, 120)');
    assert.equal(theme.grid, 'rgba(100, 110, 120, 0.18)');
    assert.match(theme.font, /^11px /);
  });
});

describe('themedAxes', () => {
  const theme = chartTheme('#808080');

  it('draws x with short ticks and no grid, y with a grid and no ticks, both in the muted colour', () => {
    const [x, y] = themedAxes(theme, {}, {});
    assert.deepEqual(x.grid, { show: false });
    assert.deepEqual(x.ticks, { stroke: theme.grid, size: 4 });
    assert.deepEqual(y.grid, { stroke: theme.grid, width: 1 });
    assert.deepEqual(y.ticks, { show: false });
    assert.equal(x.stroke, '#808080');
    assert.equal(y.stroke, '#808080');
    assert.equal(x.font, theme.font);
    assert.equal(y.font, theme.font);
  });

  it("adds each chart's own settings, which win over the shared ones", () => {
    const values = (): string[] => [];
    const [x, y] = themedAxes(theme, { size: 26, values }, { size: 44, font: '12px serif' });
    assert.equal(x.size, 26);
    assert.equal(x.values, values);
    assert.equal(y.size, 44);
    assert.equal(y.font, '12px serif');
    assert.deepEqual(y.grid, { stroke: theme.grid, width: 1 });
  });
});

describe('baseOptions', () => {
  it('sizes the chart, hides uPlot’s legend and turns drag-to-zoom off', () => {
    assert.deepEqual(baseOptions(300, 200, 6), {
      width: 300,
      height: 200,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    });
  });
});
