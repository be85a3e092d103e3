import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs a job's task spec the way provider daemon v4.3.0 does (docs/task-specs.md): a string that is not
 * JSON is the script; a JSON object's `script` is the script; the script runs as task.py under python3 in a
 * fresh directory. Instead of the worker image's libraries, small stand-ins for torch, transformers and
 * diffusers sit on PYTHONPATH: they load nothing and compute nothing, but answer the calls the generated
 * scripts make, echo the prompt back as the "generation", and refuse models that are "not cached".
 * The captured output is framed by the launcher's own lines (run-job.sh), as the daemon reports it.
 */

const TORCH = `
class _Cuda:
    @staticmethod
    def is_available():
        return True

    @staticmethod
    def get_device_name(index):
        return "Stub GPU"


cuda = _Cuda()
float16 = "float16"
float32 = "float32"


class Generator:
    def __init__(self, device=None):
        self.device = device

    def manual_seed(self, seed):
        self.seed = seed
        return self


class inference_mode:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
`;

const MODELS = `
import os


def check_cached(name, local_files_only):
    if not local_files_only:
        raise AssertionError("the script must never download: local_files_only is required")
    if name in os.environ.get("STUB_MISSING_MODELS", "").split(","):
        raise OSError("We couldn't connect to 'https://huggingface.co' to load %s" % name)
`;

const TRANSFORMERS = `
from _stub_models import check_cached


class _Tensor:
    def __init__(self, rows):
        self.rows = rows
        self.shape = (len(rows), len(rows[0]))


class _Encoding(dict):
    def to(self, device):
        return self


class AutoTokenizer:
    chat_template = "stub"
    eos_token_id = 0
    last_text = None

    @classmethod
    def from_pretrained(cls, name, cache_dir=None, local_files_only=False, **kwargs):
        check_cached(name, local_files_only)
        return cls()

    def apply_chat_template(self, messages, tokenize=False, add_generation_prompt=False):
        return messages[0]["content"]

    def __call__(self, text, return_tensors=None):
        AutoTokenizer.last_text = text
        return _Encoding(input_ids=_Tensor([[1, 2, 3]]))

    def decode(self, tokens, skip_special_tokens=False):
        return "echo: " + AutoTokenizer.last_text


class AutoModelForCausalLM:
    device = "cuda"

    @classmethod
    def from_pretrained(cls, name, cache_dir=None, local_files_only=False, **kwargs):
        check_cached(name, local_files_only)
        return cls()

    def generate(self, input_ids=None, max_new_tokens=0, **kwargs):
        return [input_ids.rows[0] + list(range(min(max_new_tokens, 7)))]
`;

const DIFFUSERS = `
import os
from _stub_models import check_cached


class _Image:
    def __init__(self, width, height):
        self.width = width
        self.height = height

    def save(self, buffer, format=None, **kwargs):
        # Stand-in bytes: a PNG is large (about 6 bytes a pixel), a JPEG small.
        size = self.width * self.height * (6 if format == "PNG" else 1) // 4
        buffer.write((b"\\x89PNG" if format == "PNG" else b"\\xff\\xd8\\xff") + os.urandom(size))

    def convert(self, mode):
        return self


class _Result:
    def __init__(self, images):
        self.images = images


class _Scheduler:
    config = {}


class _Pipeline:
    scheduler = _Scheduler()

    @classmethod
    def from_pretrained(cls, name, cache_dir=None, local_files_only=False, **kwargs):
        check_cached(name, local_files_only)
        return cls()

    def to(self, device):
        return self

    def enable_attention_slicing(self):
        pass

    def __call__(self, prompt=None, negative_prompt=None, num_inference_steps=0, guidance_scale=0, width=0, height=0, generator=None):
        print("[dc1] stub pipeline: %d steps" % num_inference_steps, flush=True)
        return _Result([_Image(width, height)])


class StableDiffusionPipeline(_Pipeline):
    pass


class StableDiffusionXLPipeline(_Pipeline):
    pass


class DPMSolverMultistepScheduler:
    @classmethod
    def from_config(cls, config):
        return cls()
`;

export interface TaskRun {
  exitCode: number;
  /** Launcher lines, the script's merged stdout and stderr, and the launcher's trailer, as the daemon reports it. */
  output: string;
  /** The `[dc1-phase]` markers the daemon would post as progress, in order. */
  phases: string[];
}

export interface TaskRunner {
  run(jobId: string, taskSpec: string, env?: Record<string, string>): Promise<TaskRun>;
  close(): void;
}

/** The script the daemon would run for a spec, or undefined when it would fall back to its benchmark. */
export function scriptOf(taskSpec: string): string | undefined {
  let decoded: unknown = taskSpec;
  try {
    decoded = JSON.parse(taskSpec);
  } catch {
    // not JSON: raw Python
  }
  if (typeof decoded === 'string') return decoded.length > 10 ? decoded : undefined;
  if (decoded && typeof decoded === 'object' && !Array.isArray(decoded)) {
    const spec = decoded as Record<string, unknown>;
    if (spec.benchmark) return undefined;
    return typeof spec.script === 'string' && spec.script ? spec.script : undefined;
  }
  return undefined;
}

export function createTaskRunner(): TaskRunner {
  const root = mkdtempSync(join(tmpdir(), 'dcp-task-'));
  const stubs = join(root, 'stubs');
  for (const [name, source] of Object.entries({ torch: TORCH, transformers: TRANSFORMERS, diffusers: DIFFUSERS })) {
    mkdirSync(join(stubs, name), { recursive: true });
    writeFileSync(join(stubs, name, '__init__.py'), source);
  }
  writeFileSync(join(stubs, '_stub_models.py'), MODELS);
  let runs = 0;
  return {
    async run(jobId, taskSpec, env = {}) {
      const script = scriptOf(taskSpec);
      if (script === undefined) throw new Error('the daemon would not run this spec as a script');
      const dir = join(root, `job-${runs++}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'task.py'), script);
      const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
        const child = execFile(
          'python3',
          ['task.py'],
          { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, PYTHONPATH: stubs, PYTHONUNBUFFERED: '1', ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
          (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }),
        );
        child.stdin?.end();
      });
      const framed = [
        `mode=legacy container_id=stub-${jobId}`,
        'network=none cpus=4 memory=16g',
        output.replace(/\n$/, ''),
        `job_id=${jobId} container_id=stub-${jobId} exit_code=${code}`,
      ].join('\n');
      const phases = framed
        .split(/\r\n|\r|\n/)
        .filter((line) => line.startsWith('[dc1-phase]'))
        .map((line) => line.slice(line.indexOf(']') + 1).trim());
      return { exitCode: code, output: framed, phases };
    },
    close: () => rmSync(root, { recursive: true, force: true }),
  };
}
