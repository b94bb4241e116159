/**
 * What `fleetsim import` could not map, what it guessed, and what it warns about: collected while
 * importing, printed at the end of the command and written as a comment block at the top of the
 * scenario. Nothing the importer leaves out goes unmentioned.
 */
export type ReportSection = 'unmapped' | 'guess' | 'warning';

export interface ReportItem {
  readonly section: ReportSection;
  /** Why (shared by items that collapse into one line), e.g. "kind Service is not simulated". */
  readonly reason: string;
  /** Which object or field, e.g. "Service default/kubernetes"; absent for a general remark. */
  readonly subject?: string;
}

const TITLES: Record<ReportSection, string> = {
  unmapped: 'Not mapped (left out of the scenario)',
  guess: 'Guessed (check and edit these)',
  warning: 'Warnings',
};

/** Subjects listed per line before "… and N more". */
const MAX_SUBJECTS = 6;

export class ImportReport {
  readonly items: ReportItem[] = [];
  /** One-line facts about what was mapped ("6 nodes: 3 Karpenter, ..."). */
  readonly summary: string[] = [];

  unmapped(reason: string, subject?: string): void {
    this.items.push({ section: 'unmapped', reason, ...(subject !== undefined ? { subject } : {}) });
  }

  guess(reason: string, subject?: string): void {
    this.items.push({ section: 'guess', reason, ...(subject !== undefined ? { subject } : {}) });
  }

  warn(reason: string, subject?: string): void {
    this.items.push({ section: 'warning', reason, ...(subject !== undefined ? { subject } : {}) });
  }

  mapped(line: string): void {
    this.summary.push(line);
  }

  count(section: ReportSection): number {
    return this.items.filter((i) => i.section === section).length;
  }

  /** Items of a section whose reason contains `text` (for tests and callers). */
  find(section: ReportSection, text: string): ReportItem[] {
    return this.items.filter((i) => i.section === section && i.reason.includes(text));
  }

  /** The report as text lines: a summary, then each section with same-reason items collapsed into one line with a count. */
  lines(): string[] {
    const out: string[] = ['Mapped:', ...this.summary.map((s) => `  ${s}`)];
    for (const section of ['unmapped', 'guess', 'warning'] as const) {
      const groups = new Map<string, string[]>();
      for (const item of this.items) {
        if (item.section !== section) continue;
        const list = groups.get(item.reason) ?? [];
        if (item.subject !== undefined) list.push(item.subject);
        groups.set(item.reason, list);
      }
      if (groups.size === 0) continue;
      out.push(`${TITLES[section]}:`);
      for (const [reason, subjects] of groups) {
        if (subjects.length === 0) {
          out.push(`  - ${reason}`);
          continue;
        }
        const shown = subjects.slice(0, MAX_SUBJECTS).join(', ');
        const more = subjects.length > MAX_SUBJECTS ? ` … and ${subjects.length - MAX_SUBJECTS} more` : '';
        out.push(`  - ${reason}${subjects.length > 1 ? ` (${subjects.length})` : ''}: ${shown}${more}`);
      }
    }
    if (this.items.length === 0) out.push('Nothing left out, nothing guessed.');
    return out;
  }
}
