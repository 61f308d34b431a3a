import { CreateDBClusterCommand, CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { readLiveState } from '../../src/aws/read-live.js';
import { MOTO_ACCOUNT_ID, useFreshMoto } from '../harness/moto.js';
import { createDbSubnetGroup, createNetwork, productClients, resource, resourcesOf, sdk } from './fixtures.js';

useFreshMoto();

const SECRET = 'never-in-output-9f3a';

describe('AWS::RDS::DBInstance reader', () => {
  it('maps instance properties (string-typed AllocatedStorage/Port), tags from TagList and endpoint attributes', async () => {
    const { ec2, rds } = sdk();
    const net = await createNetwork(ec2);
    await createDbSubnetGroup(rds, 'main', [net.subnetA, net.subnetB]);
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'main-db',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        EngineVersion: '16.3',
        AllocatedStorage: 20,
        MasterUsername: 'app_admin',
        MasterUserPassword: SECRET,
        DBName: 'app',
        Port: 5432,
        DBSubnetGroupName: 'main',
        VpcSecurityGroupIds: [net.securityGroupId],
        BackupRetentionPeriod: 7,
        PreferredBackupWindow: '03:00-04:00',
        PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
        MultiAZ: false,
        StorageEncrypted: true,
        DeletionProtection: true,
        EnableIAMDatabaseAuthentication: true,
        CopyTagsToSnapshot: true,
        Tags: [
          { Key: 'Env', Value: 'prod' },
          { Key: 'Data', Value: 'pii' },
        ],
      }),
    );

    const state = await readLiveState(await productClients(), ['AWS::RDS::DBInstance']);

    expect(state.errors).toEqual([]);
    const db = resource(state, 'AWS::RDS::DBInstance', 'main-db');
    expect(db.properties).toStrictEqual({
      DBInstanceIdentifier: 'main-db',
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      EngineVersion: '16.3',
      DBName: 'app',
      MasterUsername: 'app_admin',
      AllocatedStorage: '20',
      Port: '5432',
      StorageType: 'gp2',
      StorageEncrypted: true,
      // moto's placeholder for "the default KMS key".
      KmsKeyId: 'default_kms_key_id',
      MultiAZ: false,
      AvailabilityZone: 'us-east-1a',
      DBSubnetGroupName: 'main',
      VPCSecurityGroups: [net.securityGroupId],
      DBParameterGroupName: 'default.postgres16',
      OptionGroupName: 'default:postgres-16-3',
      BackupRetentionPeriod: 7,
      PreferredBackupWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'sun:05:00-sun:06:00',
      AutoMinorVersionUpgrade: true,
      CopyTagsToSnapshot: true,
      DeletionProtection: true,
      EnableIAMDatabaseAuthentication: true,
      MonitoringInterval: 0,
      EnableCloudwatchLogsExports: [],
      CACertificateIdentifier: 'rds-ca-default',
      LicenseModel: 'general-public-license',
      ManageMasterUserPassword: false,
      AssociatedRoles: [],
      Tags: [
        { Key: 'Data', Value: 'pii' },
        { Key: 'Env', Value: 'prod' },
      ],
    });
    expect(db.attributes).toStrictEqual({
      DBInstanceArn: `arn:aws:rds:us-east-1:${MOTO_ACCOUNT_ID}:db:main-db`,
      DbiResourceId: expect.stringMatching(/^db-[A-Z0-9]{26}$/),
      'Endpoint.Address': 'main-db.aaaaaaaaaa.us-east-1.rds.amazonaws.com',
      'Endpoint.Port': '5432',
    });
    expect(JSON.stringify(state)).not.toContain(SECRET);
  });
});

describe('AWS::RDS::DBCluster reader', () => {
  it('maps an Aurora cluster without the meaningless AllocatedStorage, with endpoints as attributes', async () => {
    const { ec2, rds } = sdk();
    const net = await createNetwork(ec2);
    await createDbSubnetGroup(rds, 'aurora', [net.subnetA, net.subnetB]);
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: 'aurora-main',
        Engine: 'aurora-postgresql',
        EngineVersion: '15.4',
        MasterUsername: 'app_admin',
        MasterUserPassword: SECRET,
        DatabaseName: 'app',
        DBSubnetGroupName: 'aurora',
        VpcSecurityGroupIds: [net.securityGroupId],
        BackupRetentionPeriod: 14,
        StorageEncrypted: true,
        DeletionProtection: true,
        EnableCloudwatchLogsExports: ['postgresql'],
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
        Tags: [{ Key: 'Env', Value: 'prod' }],
      }),
    );

    const state = await readLiveState(await productClients(), ['AWS::RDS::DBCluster']);

    const cluster = resource(state, 'AWS::RDS::DBCluster', 'aurora-main');
    expect(cluster.properties).toStrictEqual({
      DBClusterIdentifier: 'aurora-main',
      Engine: 'aurora-postgresql',
      EngineVersion: '15.4',
      EngineMode: 'provisioned',
      DatabaseName: 'app',
      MasterUsername: 'app_admin',
      Port: 5432,
      DBSubnetGroupName: 'aurora',
      VpcSecurityGroupIds: [net.securityGroupId],
      // moto names the default group after the aurora-mysql family whatever the engine.
      DBClusterParameterGroupName: 'default.aurora8.0',
      AvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      BackupRetentionPeriod: 14,
      PreferredBackupWindow: '01:37-02:07',
      PreferredMaintenanceWindow: 'wed:02:40-wed:03:10',
      StorageEncrypted: true,
      KmsKeyId: 'default_kms_key_id',
      StorageType: 'gp2',
      PubliclyAccessible: false,
      AutoMinorVersionUpgrade: true,
      DeletionProtection: true,
      CopyTagsToSnapshot: false,
      EnableIAMDatabaseAuthentication: false,
      EnableHttpEndpoint: false,
      EnableCloudwatchLogsExports: ['postgresql'],
      BacktrackWindow: 0,
      NetworkType: 'IPV4',
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
      ManageMasterUserPassword: false,
      AssociatedRoles: [],
      Tags: [{ Key: 'Env', Value: 'prod' }],
    });
    expect(cluster.properties.AllocatedStorage).toBeUndefined();
    expect(cluster.attributes).toStrictEqual({
      DBClusterArn: `arn:aws:rds:us-east-1:${MOTO_ACCOUNT_ID}:cluster:aurora-main`,
      DBClusterResourceId: expect.stringMatching(/^cluster-[A-Z0-9]{26}$/),
      'Endpoint.Address': expect.stringMatching(/^aurora-main\.cluster-[a-z0-9]+\.us-east-1\.rds\.amazonaws\.com$/),
      'Endpoint.Port': '5432',
      'ReadEndpoint.Address': expect.stringMatching(/^aurora-main\.cluster-ro-[a-z0-9]+\.us-east-1\.rds\.amazonaws\.com$/),
    });
    expect(JSON.stringify(state)).not.toContain(SECRET);
  });
});

describe('AWS::RDS::DBSubnetGroup reader', () => {
  it('maps subnet ids and reads tags with ListTagsForResource, one call per group', async () => {
    const { ec2, rds } = sdk();
    const net = await createNetwork(ec2);
    const main = await createDbSubnetGroup(rds, 'main', [net.subnetA, net.subnetB], { Env: 'prod', Owner: 'data' });
    await createDbSubnetGroup(rds, 'reporting', [net.subnetB]);
    const clients = await productClients();

    const state = await readLiveState(clients, ['AWS::RDS::DBSubnetGroup']);

    expect(resourcesOf(state, 'AWS::RDS::DBSubnetGroup').map((g) => g.physicalId)).toEqual(['main', 'reporting']);
    expect(resource(state, 'AWS::RDS::DBSubnetGroup', 'main')).toStrictEqual({
      type: 'AWS::RDS::DBSubnetGroup',
      physicalId: 'main',
      properties: {
        DBSubnetGroupName: 'main',
        DBSubnetGroupDescription: 'main subnets',
        SubnetIds: [net.subnetA, net.subnetB],
        Tags: [
          { Key: 'Env', Value: 'prod' },
          { Key: 'Owner', Value: 'data' },
        ],
      },
      attributes: { DBSubnetGroupArn: main.DBSubnetGroupArn! },
    });
    expect(resource(state, 'AWS::RDS::DBSubnetGroup', 'reporting').properties.Tags).toEqual([]);
    expect(clients.calls.count('rds:DescribeDBSubnetGroups')).toBe(1);
    expect(clients.calls.count('rds:ListTagsForResource')).toBe(2);
  });
});
