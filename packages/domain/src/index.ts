export * from './effects.ts';
export * from './award-types.ts';
export * from './demo-units.ts';
export * from './procedure-route.ts';
export * from './vote-rules.ts';
export * from './catalogue/index.ts';
