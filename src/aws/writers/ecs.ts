// ECS writers: tags, service updates and cluster settings.
import {
  TagResourceCommand,
  UntagResourceCommand,
  UpdateClusterCommand,
  UpdateServiceCommand,
  type TagResourceRequest,
  type UntagResourceRequest,
  type UpdateClusterRequest,
  type UpdateServiceRequest,
} from '@aws-sdk/client-ecs';
import { sdkInput, type WriterTable } from './types.js';

export const ecsWriters: WriterTable = {
  'ecs:TagResource': {
    iamActions: ['ecs:TagResource'],
    run: async (clients, p) => void (await clients.ecs.send(new TagResourceCommand(sdkInput<TagResourceRequest>(p)))),
  },
  'ecs:UntagResource': {
    iamActions: ['ecs:UntagResource'],
    run: async (clients, p) => void (await clients.ecs.send(new UntagResourceCommand(sdkInput<UntagResourceRequest>(p)))),
  },
  'ecs:UpdateService': {
    iamActions: ['ecs:UpdateService'],
    run: async (clients, p) => void (await clients.ecs.send(new UpdateServiceCommand(sdkInput<UpdateServiceRequest>(p)))),
  },
  'ecs:UpdateCluster': {
    iamActions: ['ecs:UpdateCluster'],
    run: async (clients, p) => void (await clients.ecs.send(new UpdateClusterCommand(sdkInput<UpdateClusterRequest>(p)))),
  },
};
