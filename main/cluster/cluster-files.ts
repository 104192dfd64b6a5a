/**
 * Files in a cluster: an offer to a member connected to another instance is refused with `transfer_unsupported`
 * and a sentence saying why (the data connections of a transfer meet on one instance; hopping them between
 * instances is not built yet). Group offers (`to: '*'`) reach this instance's members only: members of other
 * instances count as unable to take files here (RemoteEndpoint).
 */
import type { FileHandler } from '../gateway/context.js';
import { isRemote } from './remote-endpoint.js';

export const CROSS_INSTANCE_FILES =
  'is connected to another server of this cluster; files between servers of a cluster are not supported yet.';

export function clusterFileHandler(inner: FileHandler): FileHandler {
  return (request) => {
    const { frame, room } = request;
    if (frame.t === 'file.offer' && typeof frame.to === 'string' && frame.to !== '*') {
      const target = room.find(frame.to);
      if (target && isRemote(target.endpoint))
        return request.fail('transfer_unsupported', `${target.nick} ${CROSS_INSTANCE_FILES}`);
    }
    return inner(request);
  };
}
