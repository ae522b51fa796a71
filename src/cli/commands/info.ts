import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadBehaviourLibrary } from '../../behaviours/load-behaviour-library.ts';
import { type CarebotConfig, PACKAGE_ROOT } from '../../config/carebot-config.ts';
import { LANGUAGES } from '../../core/language.ts';
import { type BackendInfo, initBackend } from '../../model/backend.ts';
import { listModels } from '../../model/list-models.ts';
import { loadRobotProfile } from '../../robot/profile/load-robot-profile.ts';

/** What `carebot info` reports. */
export interface InfoReport {
  version: string;
  node: string;
  backend: BackendInfo;
  behaviours: {
    dir: string;
    actions: Array<{
      id: string;
      gesture: string;
      states: string[];
      slots: string[];
      templates: Record<string, number>;
    }>;
    /** Per language: the action ids with templates in it, and the gestures those actions use. */
    languages: Record<string, { actions: string[]; gestures: string[] }>;
    gestures: Array<{ id: string; seconds: number; joints: string[] }>;
  };
  robot: { profile: string; name: string; joints: string[]; gestureLimitViolations: number };
  models: Array<{ name: string; dir: string; [key: string]: unknown }>;
}

/** Gathers the report (pure over the config; the CLI prints it). */
export async function gatherInfo(config: CarebotConfig): Promise<InfoReport> {
  const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const [library, profile, backend, models] = await Promise.all([
    loadBehaviourLibrary(config.behavioursDir),
    loadRobotProfile(config.profileFile),
    initBackend(config.backend),
    listModels(config.modelsDir),
  ]);
  const actions = [...library.actions.values()];
  const languages = Object.fromEntries(
    LANGUAGES.map((lang) => {
      const ids = actions.filter((a) => a.templates[lang].length > 0);
      return [lang, { actions: ids.map((a) => a.id), gestures: [...new Set(ids.map((a) => a.gesture))] }];
    }),
  );
  return {
    version: pkg.version,
    node: process.version,
    backend,
    behaviours: {
      dir: library.source,
      actions: actions.map((a) => ({
        id: a.id,
        gesture: a.gesture,
        states: [...a.states],
        slots: [...a.slots],
        templates: Object.fromEntries(LANGUAGES.map((l) => [l, a.templates[l].length])),
      })),
      languages,
      gestures: [...library.gestures.values()].map((g) => ({
        id: g.id,
        seconds: g.times.at(-1) ?? 0,
        joints: Object.keys(g.positions),
      })),
    },
    robot: {
      profile: profile.file,
      name: profile.name,
      joints: profile.joints.map((j) => j.name),
      gestureLimitViolations: library.checkAgainst(profile.joints).length,
    },
    // A summary per model: the vocabulary and history stay in metadata.json.
    models: models.map((m) => {
      const meta = m.metadata as Record<string, unknown>;
      const pick = (key: string) => (key in meta ? { [key]: meta[key] } : {});
      return {
        name: m.name,
        dir: m.dir,
        ...pick('error'),
        ...pick('domain'),
        ...pick('createdAt'),
        ...pick('command'),
        ...pick('members'),
        ...pick('dev'),
        ...(Array.isArray(meta.actionIds) ? { actions: meta.actionIds.length } : {}),
      };
    }),
  };
}

/** The human-readable form of the report. */
export function formatInfo(info: InfoReport): string {
  const lines = [
    `carebot ${info.version} (node ${info.node})`,
    `backend: ${info.backend.name}${Object.keys(info.backend.skipped).length ? ` (not available: ${Object.keys(info.backend.skipped).join(', ')})` : ''}`,
    `behaviours: ${info.behaviours.dir}`,
    `  ${info.behaviours.actions.length} actions, ${info.behaviours.gestures.length} gestures`,
  ];
  for (const [lang, entry] of Object.entries(info.behaviours.languages)) {
    lines.push(`  ${lang}: ${entry.actions.length} actions: ${entry.actions.join(' ')}`);
  }
  lines.push(`  gestures: ${info.behaviours.gestures.map((g) => g.id).join(' ')}`);
  lines.push(
    `robot: ${info.robot.name} (${info.robot.joints.length} joints) from ${info.robot.profile}; gesture limit violations: ${info.robot.gestureLimitViolations}`,
  );
  lines.push(`models: ${info.models.length === 0 ? 'none found' : ''}`);
  for (const model of info.models) {
    const meta = model as {
      domain?: string;
      actions?: number;
      dev?: Record<string, { turn_accuracy: number }>;
      error?: string;
    };
    const dev = Object.entries(meta.dev ?? {})
      .map(([file, score]) => `${file} ${(score.turn_accuracy * 100).toFixed(1)}%`)
      .join(', ');
    const summary =
      meta.error ?? `${meta.domain ?? '?'}, ${meta.actions ?? '?'} actions${dev ? `, dev ${dev}` : ''}`;
    lines.push(`  ${model.name.padEnd(10)} ${summary}  (${model.dir})`);
  }
  return lines.join('\n');
}
