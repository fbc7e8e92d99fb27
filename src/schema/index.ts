export * from './primitives.ts';
export * from './provider.ts';
export * from './connection.ts';
export * from './routing.ts';
export * from './requests.ts';
export * from './errors.ts';
export * from './messages.ts';
export * from './principal.ts';
