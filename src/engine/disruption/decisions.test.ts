import { describe, expect, it } from 'vitest';
import type { Decision } from '../../model/index.js';
import { DisruptionDecisions, REJECTION_LOG_INTERVAL_SECONDS } from './decisions.js';

function log(): { decisions: DisruptionDecisions; records: Decision[]; at: (t: number) => void } {
  const records: Decision[] = [];
  let now = 0;
  const decisions = new DisruptionDecisions({ record: (d) => records.push(d) }, () => now);
  return { decisions, records, at: (t) => (now = t) };
}

describe('DisruptionDecisions rejections', () => {
  it('log the same rejection of the same nodes once per interval, and again once it has passed', () => {
    const { decisions, records, at } = log();
    decisions.rejected('underutilized', ['n1'], 'budget', 'no budget');
    at(REJECTION_LOG_INTERVAL_SECONDS - 1);
    decisions.rejected('underutilized', ['n1'], 'budget', 'no budget');
    expect(records.length).toBe(1);
    at(REJECTION_LOG_INTERVAL_SECONDS);
    decisions.rejected('underutilized', ['n1'], 'budget', 'no budget');
    expect(records.map((r) => r.at)).toEqual([0, REJECTION_LOG_INTERVAL_SECONDS]);
  });

  it('treat another rejection, reason or node set as a new record', () => {
    const { decisions, records } = log();
    decisions.rejected('underutilized', ['n1'], 'budget', 'a');
    decisions.rejected('underutilized', ['n1'], 'pdb', 'b');
    decisions.rejected('emptiness', ['n1'], 'budget', 'c');
    decisions.rejected('underutilized', ['n1', 'n2'], 'budget', 'd');
    decisions.rejected('underutilized', ['n2'], 'budget', 'e');
    decisions.rejected('underutilized', ['n1', 'n2'], 'budget', 'd again');
    expect(records.map((r) => (r as { message?: string }).message)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keep de-duplicating across the pruning of stale entries', () => {
    const { decisions, records, at } = log();
    for (let i = 0; i < 10_000; i++) decisions.rejected('underutilized', [`old-${i}`], 'budget', 'x');
    at(REJECTION_LOG_INTERVAL_SECONDS / 2);
    decisions.rejected('underutilized', ['recent'], 'budget', 'x');
    at(REJECTION_LOG_INTERVAL_SECONDS); // the 10,000 old entries are stale now; 'recent' is not
    decisions.rejected('underutilized', ['new'], 'budget', 'x'); // prunes
    decisions.rejected('underutilized', ['recent'], 'budget', 'x'); // still within its interval: not logged
    decisions.rejected('underutilized', ['old-1'], 'budget', 'x'); // stale: logged again
    expect(records.length).toBe(10_000 + 1 + 1 + 1);
    expect(records.slice(-2).map((r) => r.nodes)).toEqual([['new'], ['old-1']]);
  });
});
