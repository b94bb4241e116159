import { CloudError, type CloudErrorCode, type UnavailableOffering } from '../errors.js';

/** EC2 error codes kept as they are (the CloudErrorCode union is EC2's own vocabulary). */
const KNOWN: ReadonlySet<string> = new Set<CloudErrorCode>([
  'InsufficientInstanceCapacity',
  'MaxSpotInstanceCountExceeded',
  'VcpuLimitExceeded',
  'UnfulfillableCapacity',
  'Unsupported',
  'InsufficientFreeAddressesInSubnet',
  'RequestLimitExceeded',
  'InvalidParameterValue',
  'InvalidInstanceID.NotFound',
  'InvalidInstanceID.Malformed',
  'UnauthorizedOperation',
  'ValidationError',
  'InternalError',
]);

/** Other codes EC2 (and the SDK) use, folded into the nearest CloudErrorCode. */
const ALIASES: Readonly<Record<string, CloudErrorCode>> = {
  Throttling: 'RequestLimitExceeded',
  ThrottlingException: 'RequestLimitExceeded',
  RequestThrottled: 'RequestLimitExceeded',
  TooManyRequestsException: 'RequestLimitExceeded',
  AuthFailure: 'UnauthorizedOperation',
  AccessDenied: 'UnauthorizedOperation',
  AccessDeniedException: 'UnauthorizedOperation',
  'InvalidInstanceID': 'InvalidInstanceID.Malformed',
  InvalidParameterCombination: 'InvalidParameterValue',
  InvalidParameter: 'InvalidParameterValue',
  MissingParameter: 'InvalidParameterValue',
  'InvalidLaunchTemplateName.NotFoundException': 'InvalidParameterValue',
  'InvalidLaunchTemplateId.NotFound': 'InvalidParameterValue',
  'InvalidSubnetID.NotFound': 'InvalidParameterValue',
  SpotMaxPriceTooLow: 'UnfulfillableCapacity',
  InsufficientCapacity: 'InsufficientInstanceCapacity',
  'ReservationCapacityExceeded': 'InsufficientInstanceCapacity',
  ServiceUnavailable: 'InternalError',
  Unavailable: 'InternalError',
  InternalFailure: 'InternalError',
};

/** The CloudErrorCode for an EC2 error code; unknown codes become InternalError. */
export function cloudErrorCode(code: string | undefined): CloudErrorCode {
  if (code === undefined) return 'InternalError';
  if (KNOWN.has(code)) return code as CloudErrorCode;
  return ALIASES[code] ?? 'InternalError';
}

interface SdkErrorLike {
  readonly name?: unknown;
  readonly Code?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

/** The EC2 code of an SDK exception (`name` for modelled and unmodelled service errors). */
export function sdkErrorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const err = e as SdkErrorLike;
  for (const v of [err.Code, err.name, err.code]) if (typeof v === 'string' && v !== '' && v !== 'Error') return v;
  return undefined;
}

/**
 * An SDK exception (or a network failure) as a CloudError: the EC2 code mapped to a CloudErrorCode, the
 * original code kept in the message when it was folded, `cause` set. Messages never include request
 * parameters or credentials — only the service's own message and the request id.
 */
export function toCloudError(e: unknown, action: string, unavailable: readonly UnavailableOffering[] = []): CloudError {
  if (e instanceof CloudError) return e;
  const raw = sdkErrorCode(e);
  const code = cloudErrorCode(raw);
  const err = (typeof e === 'object' && e !== null ? e : {}) as SdkErrorLike;
  const text = typeof err.message === 'string' && err.message !== '' ? err.message : String(e);
  const requestId = err.$metadata?.requestId;
  const folded = raw !== undefined && raw !== code ? ` [${raw}]` : '';
  return new CloudError(code, `${action}: ${text}${folded}${requestId ? ` (request ${requestId})` : ''}`, unavailable, { cause: e });
}
