import { describe, expect, it } from 'vitest';
import { SimClock } from '../../sim/sim-clock.js';
import { UnavailableOfferings } from './unavailable-offerings.js';

describe('UnavailableOfferings (the ICE cache)', () => {
  it('hides an offering for 3 minutes after a capacity error, then shows it again', () => {
    const clock = new SimClock();
    const cache = new UnavailableOfferings(clock);
    cache.mark('m5.large', 'us-east-1a', 'spot');
    expect(cache.isUnavailable('m5.large', 'us-east-1a', 'spot')).toBe(true);
    expect(cache.isUnavailable('m5.large', 'us-east-1a', 'on-demand')).toBe(false);
    expect(cache.isUnavailable('m5.large', 'us-east-1b', 'spot')).toBe(false);
    clock.schedule(179.9, () => expect(cache.isUnavailable('m5.large', 'us-east-1a', 'spot')).toBe(true));
    clock.schedule(180, () => expect(cache.isUnavailable('m5.large', 'us-east-1a', 'spot')).toBe(false));
    clock.run(200);
    expect(cache.size()).toBe(0);
  });
});
