import { type ParseArgsConfig, parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { CarebotError, type CarebotErrorCode } from '../core/carebot-error.ts';
import { setLogLevel } from '../log/logger.ts';
import { parseLoadSeconds, runBenchCommand } from './commands/bench.ts';
import { runChat } from './commands/chat.ts';
import { runCheck } from './commands/check.ts';
import { runEval } from './commands/evaluate.ts';
import { runExport } from './commands/export.ts';
import { formatInfo, gatherInfo } from './commands/info.ts';
import { parseMasterTimeout, runRos } from './commands/ros.ts';
import { parsePort, runSim } from './commands/sim.ts';
import { runTrain } from './commands/train.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

const COMMON: Options = {
  config: { type: 'string' },
  behaviours: { type: 'string' },
  profile: { type: 'string' },
  model: { type: 'string' },
  backend: { type: 'string' },
  user: { type: 'string' },
  generation: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

interface Command {
  summary: string;
  usage: string;
  options: Options;
  /** Runs the command; returns what to print on stdout. Absent: not built yet. */
  run?: (
    values: Values,
    config: ReturnType<typeof loadConfig>,
    argv: string[],
  ) => Promise<string | undefined>;
}

const num = (value: unknown): number | undefined => (value === undefined ? undefined : Number(value));

const COMMANDS: Record<string, Command> = {
  sim: {
    summary: 'browser simulator: chat with the robot and watch it move',
    usage: 'carebot sim [--port 8080] [--host 127.0.0.1] [--model DIR] [--profile FILE] [--user ID]',
    options: { port: { type: 'string' }, host: { type: 'string' } },
    run: async (v, config) => {
      await runSim(config, {
        port: parsePort(v.port as string | undefined),
        host: typeof v.host === 'string' ? v.host : '127.0.0.1',
        output: process.stdout,
      });
      return undefined;
    },
  },
  ros: {
    summary: 'run as a ROS node (rosnodejs) for a real robot',
    usage:
      'carebot ros [--profile FILE] [--master URI] [--wait-for-master] [--master-timeout SECONDS] [--user ID] [--ros-arg NAME:=VALUE...]',
    options: {
      master: { type: 'string' },
      'wait-for-master': { type: 'boolean' },
      'master-timeout': { type: 'string' },
      // roslaunch's `__name:=x` and remaps (robot/ros/carebot_node passes them so); rosnodejs reads them from argv.
      'ros-arg': { type: 'string', multiple: true },
    },
    run: async (v, config) => {
      await runRos(config, {
        ...(typeof v.master === 'string' ? { master: v.master } : {}),
        waitForMaster: v['wait-for-master'] === true,
        masterTimeoutSeconds: parseMasterTimeout(v['master-timeout'] as string | undefined),
        rosArgs: (v['ros-arg'] as string[] | undefined) ?? [],
      });
      return undefined;
    },
  },
  chat: {
    summary: 'talk to the robot in the terminal',
    usage: 'carebot chat [--name NAME] [--medication TEXT] [--contact TEXT] [--rules]',
    options: {
      name: { type: 'string' },
      medication: { type: 'string' },
      contact: { type: 'string' },
      rules: { type: 'boolean' },
    },
    run: async (v, config) => {
      const userSlots: Record<string, string> = {};
      if (typeof v.name === 'string') userSlots.user_name = v.name;
      if (typeof v.medication === 'string') userSlots.medication = v.medication;
      if (typeof v.contact === 'string') userSlots.contact = v.contact;
      await runChat(config, {
        userSlots,
        input: process.stdin,
        output: process.stdout,
        rules: v.rules === true,
      });
      return undefined;
    },
  },
  train: {
    summary: 'train a model on care corpora (.jsonl), bAbI (.txt) or recordings',
    usage:
      'carebot train --corpus FILE... [--recordings DIR...] [--dev FILE...] --out models/NAME [--from models/X] [--promote] [--seed N] [--epochs N] [--members N] [--jobs N] [--kb FILE] [--decoders]',
    options: {
      corpus: { type: 'string', multiple: true },
      recordings: { type: 'string', multiple: true },
      from: { type: 'string' },
      promote: { type: 'boolean' },
      dev: { type: 'string', multiple: true },
      out: { type: 'string' },
      seed: { type: 'string' },
      epochs: { type: 'string' },
      members: { type: 'string' },
      jobs: { type: 'string' },
      kb: { type: 'string' },
      decoders: { type: 'boolean' },
    },
    run: (v, config, argv) =>
      runTrain(config, {
        corpora: (v.corpus as string[] | undefined) ?? [],
        dev: (v.dev as string[] | undefined) ?? [],
        out: (v.out as string | undefined) ?? '',
        settings: {
          ...(v.seed !== undefined ? { seed: num(v.seed) } : {}),
          ...(v.epochs !== undefined ? { epochs: num(v.epochs) } : {}),
          ...(v.members !== undefined ? { members: num(v.members) } : {}),
        },
        command: `carebot ${argv.join(' ')}`,
        ...(v.jobs !== undefined ? { jobs: num(v.jobs) } : {}),
        ...(typeof v.kb === 'string' ? { kb: v.kb } : {}),
        recordings: (v.recordings as string[] | undefined) ?? [],
        ...(typeof v.from === 'string' ? { from: v.from } : {}),
        promote: v.promote === true,
        decoders: v.decoders === true,
      }),
  },
  eval: {
    summary: 'score a model on a corpus',
    usage:
      'carebot eval [--model DIR] --corpus FILE [--json] [--model-only] [--rules] [--predictions FILE] [--kb FILE]',
    options: {
      corpus: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      'model-only': { type: 'boolean' },
      predictions: { type: 'string' },
      kb: { type: 'string' },
      rules: { type: 'boolean' },
    },
    run: async (v, config) =>
      (
        await runEval(config, {
          corpora: (v.corpus as string[] | undefined) ?? [],
          json: v.json === true,
          modelOnly: v['model-only'] === true,
          ...(typeof v.predictions === 'string' ? { predictions: v.predictions } : {}),
          ...(typeof v.kb === 'string' ? { kb: v.kb } : {}),
          rules: v.rules === true,
        })
      ).text,
  },
  check: {
    summary: "check a care corpus's labels against the rules the robot enforces",
    usage: 'carebot check --corpus FILE.jsonl...',
    options: { corpus: { type: 'string', multiple: true } },
    run: (v, config) => runCheck(config, (v.corpus as string[] | undefined) ?? []),
  },
  export: {
    summary: 'export recordings to the care corpus format',
    usage: 'carebot export [--recordings DIR...] --out FILE.jsonl [--redact]',
    options: {
      recordings: { type: 'string', multiple: true },
      out: { type: 'string' },
      redact: { type: 'boolean' },
    },
    run: (v, config) =>
      runExport(config, {
        recordings: (v.recordings as string[] | undefined) ?? [],
        out: (v.out as string | undefined) ?? '',
        redact: v.redact === true,
      }),
  },
  bench: {
    summary:
      'measure latency (model vs rules), throughput, cold start, memory, socket.io load, ROS round trip, training',
    usage: 'carebot bench [--out bench-results] [--skip-training] [--load-seconds 60]',
    options: {
      out: { type: 'string' },
      'skip-training': { type: 'boolean' },
      'load-seconds': { type: 'string' },
    },
    run: (v, config) =>
      runBenchCommand(config, {
        out: typeof v.out === 'string' ? v.out : 'bench-results',
        skipTraining: v['skip-training'] === true,
        loadSeconds: parseLoadSeconds(v['load-seconds'] as string | undefined),
      }),
  },
  info: {
    summary: 'version, backend, behaviour library, robot and models',
    usage: 'carebot info [--json]',
    options: { json: { type: 'boolean' } },
    run: async (v, config) => {
      const info = await gatherInfo(config);
      return v.json ? JSON.stringify(info) : formatInfo(info);
    },
  },
};

/** Exit codes: 0 ok, 1 unexpected, 2 usage, 3 not built yet, 4 invalid data/config, 5 model, 6 adapter. */
const EXIT_CODES: Record<CarebotErrorCode, number> = {
  USAGE: 2,
  NOT_BUILT: 3,
  CONFIG_INVALID: 4,
  BEHAVIOUR_INVALID: 4,
  PROFILE_INVALID: 4,
  USER_INVALID: 4,
  CORPUS_INVALID: 4,
  INPUT_INVALID: 4,
  MODEL_NOT_FOUND: 5,
  MODEL_INVALID: 5,
  MODEL_MISMATCH: 5,
  ADAPTER_FAILED: 6,
  RECORDING_INVALID: 4,
  RECORDING_FAILED: 4,
};

function helpText(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'carebot: a conversation runtime for care robots',
    '',
    'Usage: carebot <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(
      ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}${c.run ? '' : ' (not built yet)'}`,
    ),
    '',
    'Options for every command:',
    '  --config FILE       JSON config (default ./carebot.config.json if present)',
    '  --behaviours DIR    behaviour library folder (default: the shipped behaviours/)',
    '  --profile FILE      robot profile YAML (default robot/profiles/carebot_humanoid.yaml)',
    '  --model DIR         model folder (default models/default)',
    '  --backend NAME      tensorflow | wasm | cpu (default: the fastest that loads)',
    '  --user ID           whose profile (users/ID.yaml) and memory the robot uses (default: default)',
    "  --generation MODE   select | generate | hybrid: templates, the model's decoders, or both (default: the profile's)",
    '  --log-level LEVEL   debug | info | warn | error | silent (default info)',
    '',
    "Run 'carebot <command> --help' for a command's own options.",
  ].join('\n');
}

/** Runs the CLI; returns the exit code. The only place errors become exit codes. */
export async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(helpText());
    return 0;
  }
  const name = command === 'start' ? 'chat' : command;
  const spec = COMMANDS[name];
  try {
    if (!spec) throw new CarebotError('USAGE', `unknown command '${command}'\n\n${helpText()}`);
    const { values } = parseArgs({
      args: rest,
      options: { ...COMMON, ...spec.options },
      allowPositionals: false,
      strict: spec.run !== undefined,
    });
    if (values.help) {
      console.log(`${spec.usage}\n\n${spec.summary}`);
      return 0;
    }
    if (!spec.run) {
      throw new CarebotError(
        'NOT_BUILT',
        `'carebot ${name}' is not built yet (${spec.summary}); see README.md, "What is not built yet".`,
      );
    }
    const config = loadConfig({
      config: values.config as string | undefined,
      behavioursDir: values.behaviours,
      profileFile: values.profile,
      modelDir: values.model,
      backend: values.backend,
      defaultUser: values.user,
      generation: values.generation,
      logLevel: values['log-level'],
    });
    setLogLevel(config.logLevel);
    const output = await spec.run(values as Values, config, [name, ...rest]);
    if (output !== undefined) console.log(output);
    return 0;
  } catch (error) {
    if (error instanceof CarebotError) {
      console.error(`carebot ${command}: ${error.message}`);
      return EXIT_CODES[error.code];
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`carebot ${command}: ${error.message}\nusage: ${spec?.usage}`);
      return 2;
    }
    console.error(`carebot ${command}: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}
