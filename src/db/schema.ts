/** Schema index: every module's tables, for drizzle-kit and the typed client. */
export * from '../modules/regions/regions.tables.js';
export * from '../modules/auth/auth.tables.js';
export * from '../modules/surveys/surveys.tables.js';
export * from '../modules/measures/measures.tables.js';
export * from '../modules/reference/reference.tables.js';
export * from '../modules/targets/targets.tables.js';
export * from '../modules/indicators/indicators.tables.js';
export * from '../modules/reports/reports.tables.js';
export * from '../modules/charts/charts.tables.js';
export * from '../modules/embeds/embeds.tables.js';
export * from '../modules/freshness/data-versions.tables.js';
export * from '../modules/pdca/pdca.tables.js';
export * from '../modules/logic-models/logic-models.tables.js';
export * from '../modules/register/register.tables.js';
