export { ConfigError, loadConfig, loadConfigOrExit, type Config } from './config.ts';
