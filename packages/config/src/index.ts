export {
  ConfigError,
  configVariables,
  withoutPassword,
  loadConfig,
  loadConfigOrExit,
  productionRequirement,
  productionVariables,
  type Config,
  type Env,
  type LoadConfigOptions,
  type OfficerToken,
  workerSmtpReason,
} from './config.ts';
