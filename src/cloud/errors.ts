/** Cloud errors with a stable `code` (EC2's own codes) and the context a user or the engine needs. */
export type CloudErrorCode =
  | 'InsufficientInstanceCapacity'
  | 'MaxSpotInstanceCountExceeded'
  | 'VcpuLimitExceeded'
  | 'UnfulfillableCapacity'
  | 'Unsupported'
  | 'InsufficientFreeAddressesInSubnet'
  | 'RequestLimitExceeded'
  | 'InvalidParameterValue'
  | 'InvalidInstanceID.NotFound'
  | 'InvalidInstanceID.Malformed'
  | 'UnauthorizedOperation'
  | 'ValidationError'
  | 'InternalError';

/** Errors that mean "this offering has no capacity now: try another one". */
export const CAPACITY_ERROR_CODES: ReadonlySet<CloudErrorCode> = new Set([
  'InsufficientInstanceCapacity',
  'MaxSpotInstanceCountExceeded',
  'VcpuLimitExceeded',
  'UnfulfillableCapacity',
  'Unsupported',
  'InsufficientFreeAddressesInSubnet',
]);

export interface UnavailableOffering {
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: 'on-demand' | 'spot';
}

export class CloudError extends Error {
  override readonly name = 'CloudError';
  constructor(
    readonly code: CloudErrorCode,
    message: string,
    /** For capacity errors: the offerings that could not be filled. */
    readonly unavailable: readonly UnavailableOffering[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCloudError(e: unknown): e is CloudError {
  return e instanceof CloudError;
}

export function isCapacityError(e: unknown): e is CloudError {
  return isCloudError(e) && CAPACITY_ERROR_CODES.has(e.code);
}

export function isThrottlingError(e: unknown): e is CloudError {
  return isCloudError(e) && e.code === 'RequestLimitExceeded';
}

export function isNotFoundError(e: unknown): e is CloudError {
  return isCloudError(e) && e.code === 'InvalidInstanceID.NotFound';
}
