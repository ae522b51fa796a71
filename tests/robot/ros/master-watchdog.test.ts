import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.ts';
import type { RosnodejsNode, RosSystemState } from '../../../src/robot/ros/load-rosnodejs.ts';
import { MasterWatchdog } from '../../../src/robot/ros/master-watchdog.ts';

/** A node whose master can be down, or up with some registrations forgotten. */
function fakeNode() {
  let state: RosSystemState | undefined;
  const calls: string[] = [];
  const updates: string[][] = [];
  const node: RosnodejsNode = {
    getNodeName: () => '/carebot',
    isShutdown: () => false,
    getSystemState: async () => {
      if (!state) throw new Error('connect ECONNREFUSED 127.0.0.1:11311');
      return state;
    },
    registerPublisher: async (topic) => calls.push(`pub ${topic}`),
    registerSubscriber: async (topic) => {
      calls.push(`sub ${topic}`);
      return [1, 'ok', ['http://asr:4000/']];
    },
    registerService: async (service) => calls.push(`srv ${service}`),
    _publishers: { '/carebot/say': { getType: () => 'std_msgs/String' } },
    _subscribers: {
      '/carebot/user_utterance': {
        getType: () => 'std_msgs/String',
        _handlePublisherUpdate: (publishers) => updates.push(publishers),
        _pubClients: { 'http://old-asr:5000/': {} },
      },
    },
    _services: {},
  };
  return { node, calls, updates, setState: (s: RosSystemState | undefined) => (state = s) };
}

describe('MasterWatchdog', () => {
  it('does nothing while the master lists every registration', async () => {
    const { node, calls, setState } = fakeNode();
    setState({
      publishers: { '/carebot/say': ['/carebot'] },
      subscribers: { '/carebot/user_utterance': ['/carebot', '/other'] },
      services: {},
    });
    const watchdog = new MasterWatchdog({
      node,
      masterUri: 'http://m:11311',
      log: createLogger('w', () => {}),
    });
    expect(await watchdog.check()).toBe('ok');
    expect(calls).toEqual([]);
  });

  it('warns once while the master is gone, then registers again what the new master lacks', async () => {
    const { node, calls, updates, setState } = fakeNode();
    const logs: string[] = [];
    const watchdog = new MasterWatchdog({
      node,
      masterUri: 'http://m:11311',
      log: createLogger('w', (l) => logs.push(l)),
    });
    expect(await watchdog.check()).toBe('unreachable');
    expect(await watchdog.check()).toBe('unreachable');
    expect(logs.filter((l) => l.includes('lost the ROS master at http://m:11311'))).toHaveLength(1);
    setState({ publishers: {}, subscribers: {}, services: {} });
    expect(await watchdog.check()).toEqual({ reregistered: 2 });
    expect(calls).toEqual(['pub /carebot/say', 'sub /carebot/user_utterance']);
    // The new master's publishers are connected, and the one from before the restart is kept.
    expect(updates).toEqual([['http://asr:4000/', 'http://old-asr:5000/']]);
    expect(logs.join('')).toContain('is back');
  });
});
