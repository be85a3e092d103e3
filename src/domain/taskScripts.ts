/**
 * The Python programs the provider daemon runs for generated job types (docs/task-specs.md).
 *
 * Each generated task spec is one of these bodies behind a header that assigns `P`, the job's validated
 * parameters as a Python literal (see `pythonLiteral`). The bodies themselves never change per job, so
 * what a renter sends can only ever be data, never code.
 *
 * They run inside the daemon's worker container: Python 3.10, no network, a read-only root, 900 s per
 * attempt, output captured line by line. Hence: Hugging Face offline mode, models only from the image's
 * baked cache or /workspace, a line every few seconds while a long call blocks, `[dc1-phase] <phase>`
 * progress markers (the spelling the daemon looks for), and one compact `DC1_RESULT_JSON:` line at the end.
 */

/** Helpers every generated script starts with. */
const PRELUDE = String.raw`import json
import os
import sys
import threading
import time

# The container has no network: never try the Hugging Face Hub.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"

# Writable caches: the root file system is read-only and /tmp is small.
WORKSPACE_CACHE = "/workspace/hf"


def phase(name):
    print("[dc1-phase] " + name, flush=True)


def say(message):
    print("[dc1] " + message, flush=True)


class Ticker:
    """Prints a line every few seconds while a long call blocks: the daemon checks its timeout and
    streams logs only when a line arrives."""

    def __init__(self, what, every=5.0):
        self.what = what
        self.every = every
        self.started = time.time()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.done.wait(self.every):
            say("%s... %ds" % (self.what, time.time() - self.started))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()


def load_pretrained(loader, name, **kwargs):
    """Loads a model from the image's baked cache, then from /workspace; never downloads."""
    problems = []
    for cache_dir in (None, WORKSPACE_CACHE):
        try:
            return loader.from_pretrained(name, cache_dir=cache_dir, local_files_only=True, **kwargs)
        except (OSError, ValueError) as error:
            problems.append(str(error))
    raise RuntimeError("model %s is not available offline on this provider: %s" % (name, "; ".join(problems)))


def emit(result):
    print("DC1_RESULT_JSON:" + json.dumps(result, separators=(",", ":"), ensure_ascii=True), flush=True)


def run(main):
    try:
        main()
    except Exception as error:  # the daemon reports the last lines of output as the job's error
        print("[dc1] job failed: %s: %s" % (type(error).__name__, error), file=sys.stderr, flush=True)
        sys.exit(1)
`;

const LLM_BODY = String.raw`

def main():
    started = time.time()
    phase("loading_model")
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    cuda = torch.cuda.is_available()
    device = torch.cuda.get_device_name(0) if cuda else "cpu"
    with Ticker("loading " + P["model"]):
        tokenizer = load_pretrained(AutoTokenizer, P["model"])
        model = load_pretrained(
            AutoModelForCausalLM,
            P["model"],
            torch_dtype=torch.float16 if cuda else torch.float32,
            device_map="auto" if cuda else None,
        )
    say("model loaded in %.1fs on %s" % (time.time() - started, device))

    if getattr(tokenizer, "chat_template", None):
        messages = [{"role": "user", "content": P["prompt"]}]
        text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    else:
        text = "Question: %s\nAnswer:" % P["prompt"]
    inputs = tokenizer(text, return_tensors="pt").to(model.device)
    prompt_tokens = inputs["input_ids"].shape[-1]
    # Temperature 0 asks for greedy decoding; anything else samples.
    if P["temperature"] > 0:
        sampling = {"do_sample": True, "temperature": P["temperature"], "top_p": 0.9}
    else:
        sampling = {"do_sample": False}

    phase("generating")
    generation_started = time.time()
    with Ticker("generating"), torch.inference_mode():
        output = model.generate(
            **inputs,
            max_new_tokens=P["max_tokens"],
            repetition_penalty=1.1,
            pad_token_id=tokenizer.eos_token_id,
            **sampling
        )
    generation_seconds = time.time() - generation_started

    phase("formatting")
    new_tokens = output[0][prompt_tokens:]
    response = tokenizer.decode(new_tokens, skip_special_tokens=True).strip()
    emit({
        "type": "text",
        "prompt": P["prompt"],
        "response": response,
        "model": P["model"],
        "tokens_generated": len(new_tokens),
        "tokens_per_second": round(len(new_tokens) / generation_seconds, 2) if generation_seconds > 0 else None,
        "gen_time_s": round(generation_seconds, 3),
        "total_time_s": round(time.time() - started, 3),
        "device": device,
    })


run(main)
`;

const IMAGE_BODY = String.raw`
import base64
import io

# The daemon keeps only the first 2,097,152 characters of output: a larger PNG goes out as JPEG.
MAX_INLINE_CHARS = 1500000


def encode(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    if len(data) <= MAX_INLINE_CHARS:
        return data, "png"
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii"), "jpeg"


def main():
    started = time.time()
    phase("loading_model")
    import torch
    import diffusers

    cuda = torch.cuda.is_available()
    device = torch.cuda.get_device_name(0) if cuda else "cpu"
    xl = "xl" in P["model"].lower()
    pipeline_class = diffusers.StableDiffusionXLPipeline if xl else diffusers.StableDiffusionPipeline
    options = {} if xl else {"safety_checker": None, "requires_safety_checker": False}
    with Ticker("loading " + P["model"]):
        pipeline = load_pretrained(pipeline_class, P["model"], torch_dtype=torch.float16 if cuda else torch.float32, **options)
        pipeline.scheduler = diffusers.DPMSolverMultistepScheduler.from_config(pipeline.scheduler.config)
        pipeline = pipeline.to("cuda" if cuda else "cpu")
    pipeline.enable_attention_slicing()
    say("model loaded in %.1fs on %s" % (time.time() - started, device))

    seed = P["seed"] if P["seed"] is not None else int.from_bytes(os.urandom(4), "big")
    generator = torch.Generator(device="cuda" if cuda else "cpu").manual_seed(seed)
    phase("generating")
    generation_started = time.time()
    with Ticker("generating"):
        image = pipeline(
            prompt=P["prompt"],
            negative_prompt=P["negative_prompt"],
            num_inference_steps=P["steps"],
            guidance_scale=P["guidance_scale"],
            width=P["width"],
            height=P["height"],
            generator=generator,
        ).images[0]
    generation_seconds = time.time() - generation_started

    phase("formatting")
    data, image_format = encode(image)
    emit({
        "type": "image",
        "format": image_format,
        "encoding": "base64",
        "width": P["width"],
        "height": P["height"],
        "steps": P["steps"],
        "seed": seed,
        "prompt": P["prompt"],
        "model": P["model"],
        "device": device,
        "gen_time_s": round(generation_seconds, 3),
        "total_time_s": round(time.time() - started, 3),
        "data": data,
    })


run(main)
`;

/** What a custom container runs when the renter gives no script: a probe naming the GPU it sees. */
export const GPU_PROBE_SCRIPT = String.raw`import json
try:
    import torch
    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no CUDA device"
except ImportError:
    device = "torch is not installed in this image"
print("DC1_RESULT_JSON:" + json.dumps({"type": "text", "response": device, "device": device}), flush=True)
`;

/**
 * A JSON value as a Python literal. Strings are written with ASCII-only escapes (\uXXXX, \UXXXXXXXX for
 * characters beyond the BMP, which Python, unlike JSON, does not pair from surrogates), so any prompt is
 * data in the script and the signed bytes are plain ASCII.
 */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite number in a task spec');
    return Number.isInteger(value) ? String(value) : JSON.stringify(value);
  }
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pythonString(k)}: ${pythonLiteral(v)}`)
      .join(', ')}}`;
  throw new TypeError(`unsupported value in a task spec: ${typeof value}`);
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function pythonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (SIMPLE_ESCAPES[ch]) out += SIMPLE_ESCAPES[ch];
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** A generated script: the parameters header, then the fixed body of its kind. */
export function generatedScript(kind: 'llm' | 'image', params: Record<string, unknown>): string {
  const header = `# DCP generated task (${kind === 'llm' ? 'text generation' : 'image generation'})\nP = ${pythonLiteral(params)}\n\n`;
  return header + PRELUDE + (kind === 'llm' ? LLM_BODY : IMAGE_BODY);
}
