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
  wholeNumberPattern,
  sharedServiceReasons,
  workerSmtpReason,
} from './config.ts';
export { isSentinelUrl, parseSentinelUrl, sentinelScheme, type SentinelUrl } from './redis-sentinel-url.ts';
