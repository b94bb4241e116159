import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram, Registry } from './prometheus.js';

describe('Prometheus text exposition', () => {
  it('renders counters, gauges and cumulative histogram buckets as the 0.0.4 format specifies', () => {
    const r = new Registry();
    const c = r.register(new Counter('jobs_total', 'Jobs done.'));
    c.inc({ queue: 'b', kind: 'x' });
    c.inc({ kind: 'x', queue: 'b' }, 2); // label order does not matter: the same series
    c.inc({ queue: 'say "hi"\\\n' });
    r.register(new Gauge('temp_celsius', 'Temperature\nnow.', () => [{ value: 21.5 }, { labels: { room: 'a' }, value: Infinity }]));
    const h = r.register(new Histogram('latency_seconds', 'Latency.', [0.5, 1]));
    for (const v of [0.2, 0.5, 0.7, 3]) h.observe(v);
    expect(r.render()).toBe(
      [
        '# HELP jobs_total Jobs done.',
        '# TYPE jobs_total counter',
        'jobs_total{kind="x",queue="b"} 3',
        'jobs_total{queue="say \\"hi\\"\\\\\\n"} 1',
        '# HELP temp_celsius Temperature\\nnow.',
        '# TYPE temp_celsius gauge',
        'temp_celsius 21.5',
        'temp_celsius{room="a"} +Inf',
        '# HELP latency_seconds Latency.',
        '# TYPE latency_seconds histogram',
        'latency_seconds_bucket{le="0.5"} 2',
        'latency_seconds_bucket{le="1"} 3',
        'latency_seconds_bucket{le="+Inf"} 4',
        'latency_seconds_sum 4.4',
        'latency_seconds_count 4',
        '',
      ].join('\n'),
    );
  });

  it('refuses a counter going down, unordered buckets and a name registered twice', () => {
    expect(() => new Counter('a', 'a').inc({}, -1)).toThrow(RangeError);
    expect(() => new Histogram('h', 'h', [1, 1])).toThrow(RangeError);
    const r = new Registry();
    r.register(new Counter('a', 'a'));
    expect(() => r.register(new Counter('a', 'a'))).toThrow(/twice/);
  });
});
