// AWS::RDS::DBInstance, DBCluster and DBSubnetGroup: SDK records → CloudFormation shape.
// Passwords are never returned by AWS and never read; `MasterUserSecret` is only the secret's ARN.
import { asString, cfnTags, ids, pick } from './mapping.js';
import type { DBCluster, DBInstance, TaggedDBSubnetGroup } from './rds-source.js';
import { defineReader } from './reader.js';

export const dbInstanceReader = defineReader<DBInstance>({
  type: 'AWS::RDS::DBInstance',
  service: 'rds',
  actions: ['rds:DescribeDBInstances'],
  list: (ctx) => ctx.rds.dbInstances(),
  physicalId: (d) => d.DBInstanceIdentifier,
  properties: {
    DBInstanceIdentifier: (d) => d.DBInstanceIdentifier,
    DBInstanceClass: (d) => d.DBInstanceClass,
    Engine: (d) => d.Engine,
    EngineVersion: (d) => d.EngineVersion,
    DBClusterIdentifier: (d) => d.DBClusterIdentifier,
    DBName: (d) => d.DBName,
    MasterUsername: (d) => d.MasterUsername,
    // CloudFormation types AllocatedStorage and Port as strings.
    AllocatedStorage: (d) => asString(d.AllocatedStorage),
    Port: (d) => asString(d.Endpoint?.Port ?? d.DbInstancePort),
    MaxAllocatedStorage: (d) => d.MaxAllocatedStorage,
    StorageType: (d) => d.StorageType,
    Iops: (d) => d.Iops,
    StorageThroughput: (d) => d.StorageThroughput,
    StorageEncrypted: (d) => d.StorageEncrypted,
    KmsKeyId: (d) => d.KmsKeyId,
    MultiAZ: (d) => d.MultiAZ,
    AvailabilityZone: (d) => d.AvailabilityZone,
    PubliclyAccessible: (d) => d.PubliclyAccessible,
    DBSubnetGroupName: (d) => d.DBSubnetGroup?.DBSubnetGroupName,
    VPCSecurityGroups: (d) => ids(d.VpcSecurityGroups?.map((g) => g.VpcSecurityGroupId)),
    DBParameterGroupName: (d) => d.DBParameterGroups?.[0]?.DBParameterGroupName,
    OptionGroupName: (d) => d.OptionGroupMemberships?.[0]?.OptionGroupName,
    BackupRetentionPeriod: (d) => d.BackupRetentionPeriod,
    PreferredBackupWindow: (d) => d.PreferredBackupWindow,
    PreferredMaintenanceWindow: (d) => d.PreferredMaintenanceWindow,
    AutoMinorVersionUpgrade: (d) => d.AutoMinorVersionUpgrade,
    CopyTagsToSnapshot: (d) => d.CopyTagsToSnapshot,
    DeletionProtection: (d) => d.DeletionProtection,
    EnableIAMDatabaseAuthentication: (d) => d.IAMDatabaseAuthenticationEnabled,
    EnablePerformanceInsights: (d) => d.PerformanceInsightsEnabled,
    PerformanceInsightsKMSKeyId: (d) => d.PerformanceInsightsKMSKeyId,
    PerformanceInsightsRetentionPeriod: (d) => d.PerformanceInsightsRetentionPeriod,
    DatabaseInsightsMode: (d) => d.DatabaseInsightsMode,
    MonitoringInterval: (d) => d.MonitoringInterval,
    MonitoringRoleArn: (d) => d.MonitoringRoleArn,
    EnableCloudwatchLogsExports: (d) => d.EnabledCloudwatchLogsExports,
    CACertificateIdentifier: (d) => d.CACertificateIdentifier,
    LicenseModel: (d) => d.LicenseModel,
    NetworkType: (d) => d.NetworkType,
    PromotionTier: (d) => d.PromotionTier,
    CharacterSetName: (d) => d.CharacterSetName,
    NcharCharacterSetName: (d) => d.NcharCharacterSetName,
    Timezone: (d) => d.Timezone,
    SourceDBInstanceIdentifier: (d) => d.ReadReplicaSourceDBInstanceIdentifier,
    ReplicaMode: (d) => d.ReplicaMode,
    DedicatedLogVolume: (d) => d.DedicatedLogVolume,
    EngineLifecycleSupport: (d) => d.EngineLifecycleSupport,
    CustomIAMInstanceProfile: (d) => d.CustomIamInstanceProfile,
    BackupTarget: (d) => d.BackupTarget,
    ManageMasterUserPassword: (d) => d.MasterUserSecret !== undefined,
    MasterUserSecret: (d) => pick(d.MasterUserSecret, { SecretArn: 'SecretArn', KmsKeyId: 'KmsKeyId' }),
    AssociatedRoles: (d) =>
      d.AssociatedRoles?.map((r) => pick(r, { RoleArn: 'RoleArn', FeatureName: 'FeatureName' }) ?? {}),
    ProcessorFeatures: (d) => d.ProcessorFeatures?.map((f) => pick(f, { Name: 'Name', Value: 'Value' }) ?? {}),
    Tags: (d) => cfnTags(d.TagList),
  },
  attributes: {
    DBInstanceArn: (d) => d.DBInstanceArn,
    DbiResourceId: (d) => d.DbiResourceId,
    'Endpoint.Address': (d) => d.Endpoint?.Address,
    // Fn::GetAtt returns every attribute as a string.
    'Endpoint.Port': (d) => asString(d.Endpoint?.Port),
    'Endpoint.HostedZoneId': (d) => d.Endpoint?.HostedZoneId,
    'MasterUserSecret.SecretArn': (d) => d.MasterUserSecret?.SecretArn,
  },
});

/** Aurora reports AllocatedStorage as a meaningless 1: the property only exists for Multi-AZ DB clusters. */
function isAurora(c: DBCluster): boolean {
  return (c.Engine ?? '').startsWith('aurora');
}

export const dbClusterReader = defineReader<DBCluster>({
  type: 'AWS::RDS::DBCluster',
  service: 'rds',
  actions: ['rds:DescribeDBClusters'],
  list: (ctx) => ctx.rds.dbClusters(),
  physicalId: (c) => c.DBClusterIdentifier,
  properties: {
    DBClusterIdentifier: (c) => c.DBClusterIdentifier,
    Engine: (c) => c.Engine,
    EngineVersion: (c) => c.EngineVersion,
    EngineMode: (c) => c.EngineMode,
    DatabaseName: (c) => c.DatabaseName,
    MasterUsername: (c) => c.MasterUsername,
    Port: (c) => c.Port,
    DBSubnetGroupName: (c) => c.DBSubnetGroup,
    VpcSecurityGroupIds: (c) => ids(c.VpcSecurityGroups?.map((g) => g.VpcSecurityGroupId)),
    DBClusterParameterGroupName: (c) => c.DBClusterParameterGroup,
    AvailabilityZones: (c) => c.AvailabilityZones,
    BackupRetentionPeriod: (c) => c.BackupRetentionPeriod,
    PreferredBackupWindow: (c) => c.PreferredBackupWindow,
    PreferredMaintenanceWindow: (c) => c.PreferredMaintenanceWindow,
    StorageEncrypted: (c) => c.StorageEncrypted,
    KmsKeyId: (c) => c.KmsKeyId,
    StorageType: (c) => c.StorageType,
    AllocatedStorage: (c) => (isAurora(c) ? undefined : c.AllocatedStorage),
    Iops: (c) => c.Iops,
    DBClusterInstanceClass: (c) => c.DBClusterInstanceClass,
    PubliclyAccessible: (c) => c.PubliclyAccessible,
    AutoMinorVersionUpgrade: (c) => c.AutoMinorVersionUpgrade,
    DeletionProtection: (c) => c.DeletionProtection,
    CopyTagsToSnapshot: (c) => c.CopyTagsToSnapshot,
    EnableIAMDatabaseAuthentication: (c) => c.IAMDatabaseAuthenticationEnabled,
    EnableHttpEndpoint: (c) => c.HttpEndpointEnabled,
    EnableCloudwatchLogsExports: (c) => c.EnabledCloudwatchLogsExports,
    BacktrackWindow: (c) => c.BacktrackWindow,
    ReplicationSourceIdentifier: (c) => c.ReplicationSourceIdentifier,
    GlobalClusterIdentifier: (c) => c.GlobalClusterIdentifier,
    NetworkType: (c) => c.NetworkType,
    MonitoringInterval: (c) => c.MonitoringInterval,
    MonitoringRoleArn: (c) => c.MonitoringRoleArn,
    PerformanceInsightsEnabled: (c) => c.PerformanceInsightsEnabled,
    PerformanceInsightsKmsKeyId: (c) => c.PerformanceInsightsKMSKeyId,
    PerformanceInsightsRetentionPeriod: (c) => c.PerformanceInsightsRetentionPeriod,
    DatabaseInsightsMode: (c) => c.DatabaseInsightsMode,
    EngineLifecycleSupport: (c) => c.EngineLifecycleSupport,
    ClusterScalabilityType: (c) => c.ClusterScalabilityType,
    ServerlessV2ScalingConfiguration: (c) =>
      pick(c.ServerlessV2ScalingConfiguration, {
        MinCapacity: 'MinCapacity',
        MaxCapacity: 'MaxCapacity',
        SecondsUntilAutoPause: 'SecondsUntilAutoPause',
      }),
    ScalingConfiguration: (c) =>
      c.EngineMode === 'serverless'
        ? pick(c.ScalingConfigurationInfo, {
            MinCapacity: 'MinCapacity',
            MaxCapacity: 'MaxCapacity',
            AutoPause: 'AutoPause',
            SecondsUntilAutoPause: 'SecondsUntilAutoPause',
            SecondsBeforeTimeout: 'SecondsBeforeTimeout',
            TimeoutAction: 'TimeoutAction',
          })
        : undefined,
    ManageMasterUserPassword: (c) => c.MasterUserSecret !== undefined,
    MasterUserSecret: (c) => pick(c.MasterUserSecret, { SecretArn: 'SecretArn', KmsKeyId: 'KmsKeyId' }),
    AssociatedRoles: (c) =>
      c.AssociatedRoles?.map((r) => pick(r, { RoleArn: 'RoleArn', FeatureName: 'FeatureName' }) ?? {}),
    Tags: (c) => cfnTags(c.TagList),
  },
  attributes: {
    DBClusterArn: (c) => c.DBClusterArn,
    DBClusterResourceId: (c) => c.DbClusterResourceId,
    'Endpoint.Address': (c) => c.Endpoint,
    'Endpoint.Port': (c) => asString(c.Port),
    'ReadEndpoint.Address': (c) => c.ReaderEndpoint,
    'MasterUserSecret.SecretArn': (c) => c.MasterUserSecret?.SecretArn,
  },
});

export const dbSubnetGroupReader = defineReader<TaggedDBSubnetGroup>({
  type: 'AWS::RDS::DBSubnetGroup',
  service: 'rds',
  actions: ['rds:DescribeDBSubnetGroups', 'rds:ListTagsForResource'],
  list: (ctx) => ctx.rds.dbSubnetGroups(),
  physicalId: (g) => g.group.DBSubnetGroupName,
  // AWS creates a subnet group named `default` (for the default VPC) in many accounts.
  awsDefault: (g) => g.group.DBSubnetGroupName === 'default',
  properties: {
    DBSubnetGroupName: (g) => g.group.DBSubnetGroupName,
    DBSubnetGroupDescription: (g) => g.group.DBSubnetGroupDescription,
    SubnetIds: (g) => ids(g.group.Subnets?.map((s) => s.SubnetIdentifier)),
    Tags: (g) => cfnTags(g.tags),
  },
  attributes: {
    DBSubnetGroupArn: (g) => g.group.DBSubnetGroupArn,
  },
});

export const rdsReaders = [dbInstanceReader, dbClusterReader, dbSubnetGroupReader];
