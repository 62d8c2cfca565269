export { ConfigError, configVariables, withoutPassword, loadConfig, loadConfigOrExit, productionVariables, type Config, type Env, type OfficerToken } from './config.ts';
