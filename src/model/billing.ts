/** EC2 Linux billing: per whole second (a started second counts), with a 60-second minimum per instance. */
export const MINIMUM_BILLED_SECONDS = 60;

export function billedSeconds(launchedAt: number, endAt: number): number {
  const d = Math.max(0, endAt - launchedAt);
  return Math.max(MINIMUM_BILLED_SECONDS, Math.ceil(d - 1e-6));
}

/** Price × billed time, in USD. */
export function billedCostUsd(pricePerHour: number, launchedAt: number, endAt: number): number {
  return (pricePerHour * billedSeconds(launchedAt, endAt)) / 3600;
}
