import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load-config.ts';
import { CarebotError, type CarebotErrorCode } from '../core/carebot-error.ts';
import { setLogLevel } from '../log/logger.ts';
import { runChat } from './commands/chat.ts';
import { formatInfo, gatherInfo } from './commands/info.ts';

const COMMON = {
  config: { type: 'string' },
  behaviours: { type: 'string' },
  profile: { type: 'string' },
  model: { type: 'string' },
  backend: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMANDS: Record<string, { summary: string; usage: string; built: boolean }> = {
  sim: {
    summary: 'browser simulator: chat with the robot and watch it move',
    usage: 'carebot sim [--port 8080] [--model DIR] [--profile FILE]',
    built: false,
  },
  ros: {
    summary: 'run as a ROS node (rosnodejs) for a real robot',
    usage: 'carebot ros [--profile FILE] [--master URI]',
    built: false,
  },
  chat: {
    summary: 'talk to the robot in the terminal',
    usage: 'carebot chat [--name NAME] [--medication TEXT] [--contact TEXT]',
    built: true,
  },
  train: {
    summary: 'train a model on care corpora (.jsonl), bAbI (.txt) or recordings',
    usage: 'carebot train --corpus FILE... [--dev FILE] --out models/NAME',
    built: false,
  },
  eval: {
    summary: 'score a model on a corpus',
    usage: 'carebot eval --model DIR --corpus FILE [--json]',
    built: false,
  },
  export: {
    summary: 'export recordings to the care corpus format',
    usage: 'carebot export --recordings DIR --out FILE.jsonl',
    built: false,
  },
  bench: {
    summary: 'measure latency, throughput, memory and training speed',
    usage: 'carebot bench',
    built: false,
  },
  info: {
    summary: 'version, backend, behaviour library, robot and models',
    usage: 'carebot info [--json]',
    built: true,
  },
};

/** Exit codes: 0 ok, 1 unexpected, 2 usage, 3 not built yet, 4 invalid data/config, 5 model, 6 adapter. */
const EXIT_CODES: Record<CarebotErrorCode, number> = {
  USAGE: 2,
  NOT_BUILT: 3,
  CONFIG_INVALID: 4,
  BEHAVIOUR_INVALID: 4,
  PROFILE_INVALID: 4,
  CORPUS_INVALID: 4,
  INPUT_INVALID: 4,
  MODEL_NOT_FOUND: 5,
  MODEL_INVALID: 5,
  MODEL_MISMATCH: 5,
  ADAPTER_FAILED: 6,
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
      ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}${c.built ? '' : ' (not built yet)'}`,
    ),
    '',
    'Options for every command:',
    '  --config FILE       JSON config (default ./carebot.config.json if present)',
    '  --behaviours DIR    behaviour library folder (default: the shipped behaviours/)',
    '  --profile FILE      robot profile YAML (default robot/profiles/carebot_humanoid.yaml)',
    '  --model DIR         model folder (default models/default)',
    '  --backend NAME      tensorflow | wasm | cpu (default: the fastest that loads)',
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
      options: {
        ...COMMON,
        json: { type: 'boolean' },
        name: { type: 'string' },
        medication: { type: 'string' },
        contact: { type: 'string' },
      },
      allowPositionals: false,
      strict:
        name !== 'sim' &&
        name !== 'ros' &&
        name !== 'train' &&
        name !== 'eval' &&
        name !== 'export' &&
        name !== 'bench',
    });
    if (values.help) {
      console.log(`${spec.usage}\n\n${spec.summary}`);
      return 0;
    }
    const config = loadConfig({
      config: values.config as string | undefined,
      behavioursDir: values.behaviours,
      profileFile: values.profile,
      modelDir: values.model,
      backend: values.backend,
      logLevel: values['log-level'],
    });
    setLogLevel(config.logLevel);
    switch (name) {
      case 'info': {
        const info = await gatherInfo(config);
        console.log(values.json ? JSON.stringify(info) : formatInfo(info));
        return 0;
      }
      case 'chat': {
        const userSlots: Record<string, string> = {};
        if (typeof values.name === 'string') userSlots.user_name = values.name;
        if (typeof values.medication === 'string') userSlots.medication = values.medication;
        if (typeof values.contact === 'string') userSlots.contact = values.contact;
        await runChat(config, { userSlots, input: process.stdin, output: process.stdout });
        return 0;
      }
      default:
        throw new CarebotError(
          'NOT_BUILT',
          `'carebot ${name}' is not built yet (${spec.summary}); see README.md, "What is not built yet".`,
        );
    }
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
