import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withAlpha } from '../../../renderer/src/lib/practice-color.ts';

describe('withAlpha', () => {
  it('turns hex and rgb colours into rgba', () => {
    assert.equal(withAlpha('#2f9e94', 0.3), 'rgba(47, 158, 148, 0.3)');
    assert.equal(withAlpha('#fff', 1), 'rgba(255, 255, 255, 1)');
    assert.equal(withAlpha('rgb(79, 194, 182)', 0.5), 'rgba(79, 194, 182, 0.5)');
    assert.equal(withAlpha('rgba(1, 2, 3, 0.9)', 0.2), 'rgba(1, 2, 3, 0.2)');
    assert.equal(withAlpha('#123456', 2), 'rgba(18, 52, 86, 1)');
  });
  it('leaves colours it cannot parse alone', () => {
    assert.equal(withAlpha('oklch(0.7 0.1 200)', 0.5), 'oklch(0.7 0.1 200)');
  });
});
