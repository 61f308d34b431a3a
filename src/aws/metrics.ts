// The CloudWatch metrics `drift watch` publishes, as data: names, dimensions and values. The
// publisher (alerts.ts) and `ialctl alarm-template` both take the names from here, so the alarm
// always watches exactly what is published. Pure: no SDK, no clock.
import { DRIFT_TYPES, SEVERITIES, type DriftReport } from '../drift/model.js';

export const METRIC_NAMESPACE = 'IAL';
export const METRIC_DRIFT_COUNT = 'DriftCount';
export const METRIC_CHECK_FAILED = 'DriftCheckFailed';
export const METRIC_HEALED_COUNT = 'HealedCount';
export const DIMENSION_SEVERITY = 'Severity';
export const DIMENSION_TYPE = 'Type';

export interface MetricDimension {
  name: string;
  value: string;
}

export interface MetricDatum {
  name: string;
  dimensions: MetricDimension[];
  value: number;
  timestamp: Date;
}

/**
 * `DriftCount` for one complete check: one datum per severity × type, zeros included so that alarms
 * on a combination resolve when its drift is gone, plus the aggregate with no dimensions that the
 * alarm template watches. An incomplete check publishes none: a partial count could resolve the alarm.
 */
export function driftCountData(report: DriftReport, timestamp: Date): MetricDatum[] {
  if (!report.complete) return [];
  const data: MetricDatum[] = [{ name: METRIC_DRIFT_COUNT, dimensions: [], value: report.items.length, timestamp }];
  for (const severity of SEVERITIES) {
    for (const type of DRIFT_TYPES) {
      data.push({
        name: METRIC_DRIFT_COUNT,
        dimensions: [
          { name: DIMENSION_SEVERITY, value: severity },
          { name: DIMENSION_TYPE, value: type },
        ],
        value: report.items.filter((i) => i.severity === severity && i.type === type).length,
        timestamp,
      });
    }
  }
  return data;
}

/** 1 when the check failed or was incomplete, 0 when it read everything. */
export function checkFailedDatum(failed: boolean, timestamp: Date): MetricDatum {
  return { name: METRIC_CHECK_FAILED, dimensions: [], value: failed ? 1 : 0, timestamp };
}

export function healedCountDatum(healed: number, timestamp: Date): MetricDatum {
  return { name: METRIC_HEALED_COUNT, dimensions: [], value: healed, timestamp };
}
