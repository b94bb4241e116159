import type { AutoScalingProvider } from '../cloud/auto-scaling.js';
import type { CloudProvider } from '../cloud/cloud-provider.js';
import type { Recorder } from '../metrics/index.js';
import type { Clock } from '../sim/clock.js';

/**
 * Decorators around the cloud seams that tell the recorder when a launch was asked for and when one
 * failed — the policy does not know it is being measured.
 */
export function recordingCloud(cloud: CloudProvider, recorder: Recorder, clock: Clock): CloudProvider {
  return {
    name: cloud.name,
    instanceTypes: (nodeClass) => cloud.instanceTypes(nodeClass),
    launch(request, done) {
      recorder.instanceLaunchRequested({ nodeClaimName: request.nodeClaimName, at: clock.now() });
      cloud.launch(request, (result) => {
        if (!result.ok) recorder.launchFailed({ code: result.error.code, at: clock.now(), nodeClaimName: request.nodeClaimName });
        done(result);
      });
    },
    terminate: (id, done) => cloud.terminate(id, done),
    get: (id, done) => cloud.get(id, done),
    list: (tags, done) => cloud.list(tags, done),
    onEvent: (listener) => cloud.onEvent(listener),
  };
}

export function recordingAutoScaling(asg: AutoScalingProvider, recorder: Recorder, clock: Clock, changed: () => void = () => undefined): AutoScalingProvider {
  return {
    groups: () => asg.groups(),
    group: (name) => asg.group(name),
    setDesiredCapacity(groupName, desired, done) {
      const before = asg.group(groupName)?.desiredCapacity ?? 0;
      for (let i = before; i < desired; i++) recorder.instanceLaunchRequested({ groupName, at: clock.now() });
      asg.setDesiredCapacity(groupName, desired, (result) => {
        changed();
        done(result);
      });
    },
    terminateInstanceInGroup: (id, decrement, done) =>
      asg.terminateInstanceInGroup(id, decrement, (result) => {
        changed();
        done(result);
      }),
    scalingActivities: (groupName, since) => asg.scalingActivities(groupName, since),
  };
}
