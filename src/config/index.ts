export { loadConfig, parseConfig, DEFAULT_CONFIG_PATH, type LoadConfigOptions } from './load.js';
export { configSchema, defaultConfig, LANGUAGES, type Config, type ConfigInput, type AutoHealConfig, type DriftConfig, type Language } from './schema.js';
export { ConfigError, type ConfigProblem } from './errors.js';
export { parseDuration, DURATION_HINT } from './duration.js';
export { ENV_VARIABLES } from './env.js';
