export { ConfigError, configVariables, loadConfig, loadConfigOrExit, productionVariables, type Config, type Env } from './config.ts';
