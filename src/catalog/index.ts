export * from './spec.js';
export * from './allocatable.js';
export * from './labels.js';
export * from './offerings.js';
export * from './load.js';
export { parseUserCatalog, readUserCatalogFile, USER_FILE_COLUMNS, type UserFileOptions, type UserFileResult } from './user-file.js';
