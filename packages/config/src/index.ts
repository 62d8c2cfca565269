export { ConfigError, configVariables, withoutPassword, loadConfig, loadConfigOrExit, productionVariables, type Config, type Env } from './config.ts';
