export * from './effects.ts';
