export { startEc2ApiServer, statusFor, type Ec2ApiServer, type Ec2ApiServerOptions } from './server.js';
export { WallClock } from './wall-clock.js';
export { HANDLERS } from './handlers.js';
