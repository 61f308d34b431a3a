import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { makeItem, makeReport } from '../drift/report/fixtures.test-helper.js';
import { alarmPeriodSeconds, alarmTemplate } from './alarm-template.js';
import { checkFailedDatum, driftCountData } from './metrics.js';

const HOUR = 3_600_000;

interface Alarm {
  Type: string;
  Properties: { Namespace: string; MetricName: string; Dimensions: unknown[]; Period: number; Threshold: number; ComparisonOperator: string; TreatMissingData: string; AlarmActions: unknown[] };
}

describe('alarmTemplate', () => {
  const template = parse(alarmTemplate({ intervalMs: 6 * HOUR, jitter: 0.1 })) as {
    Resources: Record<string, Alarm>;
    Outputs: Record<string, { Value: unknown }>;
  };

  it('alarms on exactly the aggregate datum the publisher sends', () => {
    const alarm = template.Resources['DriftAlarm']!.Properties;
    const aggregate = driftCountData(makeReport({ items: [makeItem()] }), new Date()).filter((d) => d.dimensions.length === 0);
    expect(aggregate).toHaveLength(1);
    expect([alarm.Namespace, alarm.MetricName, alarm.Dimensions]).toEqual(['IAL', aggregate[0]!.name, aggregate[0]!.dimensions]);
    expect([alarm.ComparisonOperator, alarm.Threshold, alarm.TreatMissingData]).toEqual(['GreaterThanThreshold', 0, 'ignore']);
    expect(alarm.AlarmActions).toEqual([{ Ref: 'DriftTopic' }]);
  });

  it('alarms on failed checks and on silence, with the metric the publisher sends', () => {
    const alarm = template.Resources['DriftCheckFailedAlarm']!.Properties;
    const failed = checkFailedDatum(true, new Date());
    expect([alarm.Namespace, alarm.MetricName, alarm.Dimensions, alarm.TreatMissingData]).toEqual(['IAL', failed.name, failed.dimensions, 'breaching']);
  });

  it('creates the SNS topic and exports its ARN for IAL_SNS_TOPIC_ARN', () => {
    expect(template.Resources['DriftTopic']).toEqual({ Type: 'AWS::SNS::Topic', Properties: { TopicName: 'ialctl-drift', DisplayName: 'ialctl drift' } });
    expect(template.Outputs['DriftTopicArn']?.Value).toEqual({ Ref: 'DriftTopic' });
    expect(Object.keys(template.Resources)).toEqual(['DriftTopic', 'DriftTopicEmail', 'DriftAlarm', 'DriftCheckFailedAlarm']);
  });

  it('is plain CloudFormation YAML: quoted template version, no anchors or aliases', () => {
    const text = alarmTemplate({ intervalMs: 6 * HOUR, jitter: 0.1 });
    expect(text).toContain("\nAWSTemplateFormatVersion: '2010-09-09'\n");
    expect(text).not.toMatch(/[&*]a\d/);
  });

  it('sizes the period so that every period holds a run: 1.5 × (interval + jitter), whole minutes, at most 7 days', () => {
    expect(template.Resources['DriftAlarm']!.Properties.Period).toBe(35_640);
    expect(alarmPeriodSeconds(6 * HOUR, 0.1)).toBe(35_640);
    expect(alarmPeriodSeconds(2_000, 0)).toBe(60);
    expect(alarmPeriodSeconds(30 * 60_000, 0.1)).toBe(3_000);
    expect(alarmPeriodSeconds(10 * 24 * HOUR, 0.5)).toBe(604_800);
  });
});
