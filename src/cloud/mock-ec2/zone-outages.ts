import { Priority, type Clock } from '../../sim/clock.js';
import type { InstanceRecord } from './instances.js';
import type { ZoneOutage } from './options.js';

/**
 * Scripted zone outages: at each outage's `from`, every instance still live in its zone is lost at once
 * (`lose`, which terminates it). The zone's pools have no capacity until `to` (pools.ts adds the window).
 * Outages whose `from` is already past when scheduled are ignored for instance loss.
 */
export function scheduleZoneOutages(
  clock: Pick<Clock, 'now' | 'schedule'>,
  outages: readonly ZoneOutage[],
  liveInstances: () => Iterable<InstanceRecord>,
  lose: (rec: InstanceRecord) => void,
): void {
  const now = clock.now();
  for (const outage of outages) {
    if (outage.from < now) continue;
    clock.schedule(outage.from - now, () => {
      const victims: InstanceRecord[] = [];
      for (const rec of liveInstances()) if (rec.live && rec.zone === outage.zone) victims.push(rec);
      for (const rec of victims) if (rec.live) lose(rec);
    }, Priority.world);
  }
}
