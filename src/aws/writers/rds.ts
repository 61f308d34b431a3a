// RDS writers: tags and instance/cluster modifications (apply-immediately is in the parameters, per config).
import {
  AddTagsToResourceCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RemoveTagsFromResourceCommand,
  type AddTagsToResourceMessage,
  type ModifyDBClusterMessage,
  type ModifyDBInstanceMessage,
  type RemoveTagsFromResourceMessage,
} from '@aws-sdk/client-rds';
import { sdkInput, type WriterTable } from './types.js';

export const rdsWriters: WriterTable = {
  'rds:AddTagsToResource': {
    iamActions: ['rds:AddTagsToResource'],
    run: async (clients, p) => void (await clients.rds.send(new AddTagsToResourceCommand(sdkInput<AddTagsToResourceMessage>(p)))),
  },
  'rds:RemoveTagsFromResource': {
    iamActions: ['rds:RemoveTagsFromResource'],
    run: async (clients, p) =>
      void (await clients.rds.send(new RemoveTagsFromResourceCommand(sdkInput<RemoveTagsFromResourceMessage>(p)))),
  },
  'rds:ModifyDBInstance': {
    iamActions: ['rds:ModifyDBInstance'],
    run: async (clients, p) => void (await clients.rds.send(new ModifyDBInstanceCommand(sdkInput<ModifyDBInstanceMessage>(p)))),
  },
  'rds:ModifyDBCluster': {
    iamActions: ['rds:ModifyDBCluster'],
    run: async (clients, p) => void (await clients.rds.send(new ModifyDBClusterCommand(sdkInput<ModifyDBClusterMessage>(p)))),
  },
};
