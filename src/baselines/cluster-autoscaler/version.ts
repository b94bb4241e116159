/** Compare Cluster Autoscaler release strings ("1.33", "1.36.1"): is `version` at least `min`? */
export function versionAtLeast(version: string, min: string): boolean {
  const a = version.replace(/^v/, '').split('.').map((p) => Number.parseInt(p, 10) || 0);
  const b = min.replace(/^v/, '').split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
